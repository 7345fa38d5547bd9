using System.Buffers.Binary;

namespace OfflineRepair.Partitions.Tests;

/// <summary>MBR and EBR chains built in memory, including the shapes that tools refuse to make.</summary>
public sealed class MasterBootRecordTests
{
    private const int S = SyntheticDisk.Sector;

    private static PartitionTable Read(byte[] image) => PartitionTable.Read(new MemoryStream(image, writable: false));

    [Fact]
    public void Primary_extended_and_logical_partitions_are_listed_with_sfdisk_numbers()
    {
        var table = Read(SyntheticDisk.MbrWithLogicals());
        Assert.Equal(PartitionStyle.Mbr, table.Style);
        Assert.Equal(0xCAFEF00Du, table.DiskSignature);
        Assert.Null(table.DiskGuid);
        Assert.Equal([1, 2, 5, 6, 7], table.Partitions.Select(p => p.Index));

        var system = table.Partitions[0];
        Assert.True(system.IsActive);
        Assert.Equal(64L * S, system.Offset);
        Assert.Equal(256L * S, system.Length);
        Assert.Equal("NTFS/basic data", system.TypeName);
        Assert.Equal((byte)0x07, system.MbrType);

        var extended = table.Partitions[1];
        Assert.True(extended.IsExtended);
        Assert.Equal("Extended", extended.TypeName);

        Assert.All(table.Partitions.Skip(2), p => Assert.True(p.IsLogical));
        Assert.Equal([513L * S, 832L * S, 1201L * S], table.Partitions.Skip(2).Select(p => p.Offset));
        Assert.Equal([200L * S, 100L * S, 400L * S], table.Partitions.Skip(2).Select(p => p.Length));
        Assert.Equal(["NTFS/basic data", "Linux", "FAT32 (LBA)"], table.Partitions.Skip(2).Select(p => p.TypeName));
    }

    [Fact]
    public void An_unknown_type_is_named_by_its_id()
    {
        var image = SyntheticDisk.MbrWithLogicals();
        SyntheticDisk.WriteMbrEntry(image, 0, 0, 0, 0x9A, 64, 256);
        Assert.Equal("0x9A", Read(image).Partitions[0].TypeName);
    }

    [Fact]
    public void An_EBR_chain_that_loops_is_an_error_not_a_hang()
    {
        var image = SyntheticDisk.MbrWithLogicals();
        SyntheticDisk.Ebr(image, 1200, 1, 400, 0x0C, next: 800); // back to the second EBR
        var error = Assert.Throws<PartitionTableException>(() => Read(image));
        Assert.Contains("loops", error.Problem, StringComparison.Ordinal);
        Assert.Equal(800L * S, error.Offset);
    }

    [Fact]
    public void An_EBR_linking_to_itself_is_an_error()
    {
        var image = SyntheticDisk.MbrWithLogicals();
        SyntheticDisk.Ebr(image, 512, 1, 200, 0x07, next: 512);
        Assert.Throws<PartitionTableException>(() => Read(image));
    }

    [Fact]
    public void A_long_chain_stops_at_the_limit()
    {
        // 1 MiB disk: an extended partition of 2000 sectors with 300 EBRs one sector apart (each with an empty entry 0).
        var image = new byte[SyntheticDisk.Sectors * S];
        SyntheticDisk.WriteMbrEntry(image, 0, 0, 0, 0x05, 40, 2000);
        SyntheticDisk.Sign(image, 0);
        for (int i = 0; i < 300; i++)
        {
            long lba = 40 + (i * 6);
            SyntheticDisk.WriteMbrEntry(image, lba, 0, 0, 0x83, 1, 1);
            SyntheticDisk.WriteMbrEntry(image, lba, 1, 0, 0x05, (uint)(lba + 6 - 40), 6);
            SyntheticDisk.Sign(image, lba);
        }

        var error = Assert.Throws<PartitionTableException>(() => Read(image));
        Assert.Contains("longer than", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_EBR_inside_a_logical_partition_is_an_error()
    {
        var image = SyntheticDisk.MbrWithLogicals();
        SyntheticDisk.Ebr(image, 512, 1, 400, 0x07, next: 800); // logical 513..912 swallows the EBR at 800
        var error = Assert.Throws<PartitionTableException>(() => Read(image));
        Assert.Contains("inside logical partition", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_primaries_are_an_error()
    {
        var image = SyntheticDisk.MbrWithLogicals();
        SyntheticDisk.WriteMbrEntry(image, 0, 2, 0, 0x07, 100, 10);
        Assert.Contains("overlaps", Assert.Throws<PartitionTableException>(() => Read(image)).Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x07u, 64u, 0u, "zero sectors")]
    [InlineData(0x07u, 0u, 10u, "sector 0")]
    [InlineData(0x07u, 2000u, 100u, "past the end")]
    [InlineData(0x07u, 0xFFFFFFF0u, 0xFFFFFFF0u, "past the end")]
    public void A_bad_primary_entry_is_named(uint type, uint start, uint count, string problem)
    {
        var image = SyntheticDisk.MbrWithLogicals();
        SyntheticDisk.WriteMbrEntry(image, 0, 0, 0, (byte)type, start, count);
        var error = Assert.Throws<PartitionTableException>(() => Read(image));
        Assert.Equal("MBR partition entry 1", error.Structure);
        Assert.Equal(0x1BE, error.Offset);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_boot_flag_other_than_00_or_80_is_an_error()
    {
        var image = SyntheticDisk.MbrWithLogicals();
        image[0x1BE] = 0x12;
        Assert.Throws<PartitionTableException>(() => Read(image));
    }

    [Fact]
    public void A_logical_partition_past_the_extended_end_is_an_error()
    {
        var image = SyntheticDisk.MbrWithLogicals();
        SyntheticDisk.Ebr(image, 1200, 1, 900, 0x0C, next: null);
        Assert.Contains("extended partition's end", Assert.Throws<PartitionTableException>(() => Read(image)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_EBR_without_signature_in_the_chain_is_an_error()
    {
        var image = SyntheticDisk.MbrWithLogicals();
        image[(800 * S) + 510] = 0;
        Assert.Equal(800L * S, Assert.Throws<PartitionTableException>(() => Read(image)).Offset);
    }

    [Fact]
    public void An_extended_partition_whose_first_EBR_is_blank_has_no_logical_partitions()
    {
        var image = SyntheticDisk.MbrWithLogicals();
        Array.Clear(image, 512 * S, S);
        Assert.Equal([1, 2], Read(image).Partitions.Select(p => p.Index));
    }

    [Fact]
    public void A_disk_without_signature_or_with_a_volume_boot_sector_has_no_table()
    {
        Assert.Equal(PartitionStyle.None, Read(new byte[SyntheticDisk.Sectors * S]).Style);

        var volume = SyntheticDisk.MbrWithLogicals();
        "NTFS    "u8.CopyTo(volume.AsSpan(3));
        var table = Read(volume);
        Assert.Equal(PartitionStyle.None, table.Style);
        Assert.Empty(table.Partitions);

        Assert.Equal(PartitionStyle.None, Read(new byte[100]).Style);
    }

    [Fact]
    public void A_partition_window_reads_the_partition_bytes()
    {
        var image = SyntheticDisk.MbrWithLogicals();
        image[832 * S] = 0x42;
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan((832 + 100) * S - 4), 0xDEADBEEF);
        using var disk = new MemoryStream(image, writable: false);
        var logical = PartitionTable.Read(disk).Partitions.Single(p => p.Index == 6);
        using var window = logical.Open(disk);
        Assert.Equal(100L * S, window.Length);
        Assert.Equal(0x42, window.ReadByte());
        window.Seek(-4, SeekOrigin.End);
        var tail = new byte[10];
        Assert.Equal(4, window.Read(tail));
        Assert.Equal(0xDEADBEEFu, BinaryPrimitives.ReadUInt32LittleEndian(tail));
        Assert.False(window.CanWrite);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PartitionTable.Read(new MemoryStream(new byte[4096]), 1000));
        Assert.Throws<ArgumentNullException>(() => PartitionTable.Read(null!));
    }
}
