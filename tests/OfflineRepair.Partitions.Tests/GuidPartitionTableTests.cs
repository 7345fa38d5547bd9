using System.Buffers.Binary;

namespace OfflineRepair.Partitions.Tests;

/// <summary>GPT disks built in memory: the Gen2 layout, a damaged primary or backup, both damaged.</summary>
public sealed class GuidPartitionTableTests
{
    private const int S = SyntheticDisk.Sector;
    private const long LastLba = SyntheticDisk.Sectors - 1;

    private static PartitionTable Read(byte[] image) => PartitionTable.Read(new MemoryStream(image, writable: false));

    private static void AssertGen2(PartitionTable table)
    {
        Assert.Equal(PartitionStyle.Gpt, table.Style);
        Assert.Equal(SyntheticDisk.DiskGuid, table.DiskGuid);
        Assert.Null(table.DiskSignature);
        Assert.Equal([1, 2, 3, 4], table.Partitions.Select(p => p.Index));
        Assert.Equal(["Windows Recovery", "EFI System", "Microsoft reserved", "NTFS/basic data"], table.Partitions.Select(p => p.TypeName));
        for (int i = 0; i < 4; i++)
        {
            var expected = SyntheticDisk.Gen2Parts[i];
            var actual = table.Partitions[i];
            Assert.Equal(expected.First * S, actual.Offset);
            Assert.Equal((expected.Last - expected.First + 1) * S, actual.Length);
            Assert.Equal(expected.Type, actual.TypeGuid);
            Assert.Equal(expected.Unique, actual.PartitionGuid);
            Assert.Equal(expected.Name, actual.Name);
            Assert.Equal(expected.Attributes, actual.Attributes);
            Assert.Null(actual.MbrType);
            Assert.False(actual.IsActive);
        }
    }

    [Fact]
    public void The_Gen2_layout_is_read_from_the_primary()
    {
        var table = Read(SyntheticDisk.Gpt());
        AssertGen2(table);
        Assert.False(table.UsedBackupGpt);
        Assert.Empty(table.Warnings);
    }

    [Fact]
    public void A_corrupt_primary_header_falls_back_to_the_backup_and_says_so()
    {
        var image = SyntheticDisk.Gpt();
        image[S + 30] ^= 0xFF; // MyLBA byte: the header CRC no longer matches
        var table = Read(image);
        AssertGen2(table);
        Assert.True(table.UsedBackupGpt);
        Assert.Contains(table.Warnings, w => w.Contains("primary GPT is invalid", StringComparison.Ordinal) && w.Contains("CRC", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wiped_primary_header_falls_back_to_the_backup()
    {
        var image = SyntheticDisk.Gpt();
        Array.Clear(image, S, S);
        var table = Read(image);
        AssertGen2(table);
        Assert.True(table.UsedBackupGpt);
    }

    [Fact]
    public void A_corrupt_primary_entry_array_falls_back_to_the_backup()
    {
        var image = SyntheticDisk.Gpt();
        image[(2 * S) + (100 * 128) + 60] ^= 0x01; // a name byte of an unused entry: only the array CRC notices
        var table = Read(image);
        AssertGen2(table);
        Assert.True(table.UsedBackupGpt);
        Assert.Contains(table.Warnings, w => w.Contains("entry array CRC", StringComparison.Ordinal));
    }

    [Fact]
    public void Both_headers_corrupt_is_an_error_naming_both()
    {
        var image = SyntheticDisk.Gpt();
        image[S + 30] ^= 0xFF;
        image[(LastLba * S) + 30] ^= 0xFF;
        var error = Assert.Throws<PartitionTableException>(() => Read(image));
        Assert.Equal("GPT header", error.Structure);
        Assert.Equal(S, error.Offset);
        Assert.Contains("primary header", error.Problem, StringComparison.Ordinal);
        Assert.Contains("backup header", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_entry_arrays_corrupt_is_an_error()
    {
        var image = SyntheticDisk.Gpt();
        image[(2 * S) + 5] ^= 0x01;
        image[((LastLba - 32) * S) + 5] ^= 0x01;
        Assert.Throws<PartitionTableException>(() => Read(image));
    }

    [Fact]
    public void A_damaged_backup_is_reported_while_the_primary_is_used()
    {
        var image = SyntheticDisk.Gpt();
        image[(LastLba * S) + 30] ^= 0xFF;
        var table = Read(image);
        AssertGen2(table);
        Assert.False(table.UsedBackupGpt);
        Assert.Contains(table.Warnings, w => w.Contains("backup GPT header", StringComparison.Ordinal));
    }

    [Fact]
    public void A_grown_disk_keeps_its_partitions_and_reports_the_backup_away_from_the_end()
    {
        var image = SyntheticDisk.Gpt();
        Array.Resize(ref image, image.Length + (1024 * S));
        var table = Read(image);
        AssertGen2(table);
        Assert.Contains(table.Warnings, w => w.Contains("not at the disk's last LBA", StringComparison.Ordinal));

        // With the primary gone too, the backup is found where the protective MBR says the disk ended.
        image[S + 30] ^= 0xFF;
        var fromBackup = Read(image);
        AssertGen2(fromBackup);
        Assert.True(fromBackup.UsedBackupGpt);
    }

    [Theory]
    [InlineData(84, 100u, "entry size")] // not a multiple of 128
    [InlineData(84, 0u, "entry size")]
    [InlineData(80, 5000u, "partition entries")] // absurd count
    [InlineData(72, 2040u, "entry array")] // array past the disk
    [InlineData(12, 91u, "header size")]
    [InlineData(8, 0x00020000u, "revision")]
    public void A_bad_header_field_is_refused_even_with_a_good_CRC(int field, uint value, string problem)
    {
        var image = SyntheticDisk.Gpt();
        foreach (var lba in new[] { 1L, LastLba })
        {
            var header = image.AsSpan((int)(lba * S));
            if (field == 72)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(header[field..], value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(header[field..], value);
            }

            SyntheticDisk.Seal(image, lba);
        }

        var error = Assert.Throws<PartitionTableException>(() => Read(image));
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_outside_the_usable_LBAs_is_an_error()
    {
        var parts = SyntheticDisk.Gen2Parts.ToArray();
        parts[3] = parts[3] with { Last = 2040 };
        var error = Assert.Throws<PartitionTableException>(() => Read(SyntheticDisk.Gpt(parts)));
        Assert.Equal("GPT partition entry 4", error.Structure);
        Assert.Equal((2 * S) + (3 * 128), error.Offset);
    }

    [Fact]
    public void Overlapping_entries_are_an_error()
    {
        var parts = SyntheticDisk.Gen2Parts.ToArray();
        parts[2] = parts[2] with { First = 450 };
        Assert.Contains("overlaps", Assert.Throws<PartitionTableException>(() => Read(SyntheticDisk.Gpt(parts))).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_first_LBA_after_the_last_is_an_error()
    {
        var parts = SyntheticDisk.Gen2Parts.ToArray();
        parts[1] = parts[1] with { First = 499, Last = 300 };
        Assert.Throws<PartitionTableException>(() => Read(SyntheticDisk.Gpt(parts)));
    }

    [Fact]
    public void Unused_slots_keep_their_numbers_for_later_entries()
    {
        var parts = SyntheticDisk.Gen2Parts.ToArray();
        parts[1] = parts[1] with { Type = Guid.Empty };
        Assert.Equal([1, 3, 4], Read(SyntheticDisk.Gpt(parts)).Partitions.Select(p => p.Index));
    }

    [Fact]
    public void A_GPT_without_a_protective_MBR_is_still_read_with_a_warning()
    {
        var image = SyntheticDisk.Gpt();
        Array.Clear(image, 0, S);
        var table = Read(image);
        AssertGen2(table);
        Assert.Contains(table.Warnings, w => w.Contains("protective MBR", StringComparison.Ordinal));
    }

    [Fact]
    public void A_4096_byte_sector_GPT_is_read_in_its_units()
    {
        // Same disk shape scaled: LBAs of 4096 bytes, so the header is at byte 4096.
        const int big = 4096;
        var image = new byte[256 * big];
        SyntheticDisk.WriteMbrEntry(image, 0, 0, 0, 0xEE, 1, 255);
        SyntheticDisk.Sign(image, 0);
        var array = new byte[big * 4]; // 128 entries of 128 bytes
        PartitionTypes.EfiSystem.TryWriteBytes(array);
        Guid.NewGuid().TryWriteBytes(array.AsSpan(16));
        BinaryPrimitives.WriteInt64LittleEndian(array.AsSpan(32), 10);
        BinaryPrimitives.WriteInt64LittleEndian(array.AsSpan(40), 20);
        array.CopyTo(image, 2 * big);
        array.CopyTo(image, 251 * big);
        Header(image, 1, 255, 2);
        Header(image, 255, 1, 251);
        var table = PartitionTable.Read(new MemoryStream(image), big);
        Assert.Empty(table.Warnings);
        var esp = Assert.Single(table.Partitions);
        Assert.Equal(10L * big, esp.Offset);
        Assert.Equal(11L * big, esp.Length);

        static void Header(byte[] image, long my, long alternate, long entries)
        {
            var h = image.AsSpan((int)(my * big), big);
            "EFI PART"u8.CopyTo(h);
            BinaryPrimitives.WriteUInt32LittleEndian(h[8..], 0x00010000);
            BinaryPrimitives.WriteUInt32LittleEndian(h[12..], 92);
            BinaryPrimitives.WriteInt64LittleEndian(h[24..], my);
            BinaryPrimitives.WriteInt64LittleEndian(h[32..], alternate);
            BinaryPrimitives.WriteInt64LittleEndian(h[40..], 6);
            BinaryPrimitives.WriteInt64LittleEndian(h[48..], 250);
            BinaryPrimitives.WriteInt64LittleEndian(h[72..], entries);
            BinaryPrimitives.WriteInt32LittleEndian(h[80..], 128);
            BinaryPrimitives.WriteInt32LittleEndian(h[84..], 128);
            BinaryPrimitives.WriteUInt32LittleEndian(h[88..], Crc32.Compute(image.AsSpan((int)(entries * big), 128 * 128)));
            BinaryPrimitives.WriteUInt32LittleEndian(h[16..], Crc32.Compute(h[..92]));
        }
    }
}
