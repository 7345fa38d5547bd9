using System.Buffers.Binary;
using OfflineRepair.Ntfs.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests;

/// <summary>
/// Volumes and files the writer must not touch. Each refusal is a <see cref="NtfsWriteRefusedException"/> that says
/// what to do, and the image's sha256 is the same afterwards: nothing was written.
/// </summary>
public sealed class WriteRefusalTests
{
    [Fact]
    public void A_dirty_volume_is_refused()
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(4096, work.Path);
        var g = WriteOracle.ReadGeometry(image);

        // $Volume (record 3) is mirrored: set the flag in both copies, as Windows does.
        foreach (var lcn in new[] { g.MftLcn, g.MirrorLcn })
        {
            new ImageEditor(image).EditBlock((lcn * g.ClusterSize) + (3 * g.RecordSize), g.RecordSize, record =>
            {
                var attribute = Fixups.FindAttribute(record, 0x70);
                var value = attribute + ImageEditor.U16(record, attribute + 0x14);
                record[value + 0x0A] |= 0x01;
            });
        }

        var e = AssertVolumeRefused(image);
        Assert.Contains("marked dirty", e.Message, StringComparison.Ordinal);
        Assert.Contains("chkdsk /f", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hibr")]
    [InlineData("HIBR")]
    public void A_hibernated_volume_is_refused(string magic)
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(4096, work.Path);
        var hiberfil = work.File("hiberfil");
        var bytes = new byte[8192];
        System.Text.Encoding.ASCII.GetBytes(magic).CopyTo(bytes, 0);
        File.WriteAllBytes(hiberfil, bytes);
        NtfsImages.Bash($"ntfscp '{image}' '{hiberfil}' hiberfil.sys");

        var e = AssertVolumeRefused(image);
        Assert.Contains("shut it down fully (not Fast Startup), or delete hiberfil.sys", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData((ushort)0, (ushort)0, (short)1, (short)1, "has not finished")]
    [InlineData((ushort)0xFFFF, (ushort)2, (short)2, (short)0, "version 2.0")]
    public void A_log_file_windows_may_replay_is_refused(ushort clientInUse, ushort flags, short major, short minor, string expected)
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(4096, work.Path);
        var g = WriteOracle.ReadGeometry(image);
        var runs = WriteOracle.Runs(WriteOracle.Info(image, "/$LogFile"), "$DATA");
        var page = RestartPage(clientInUse, flags, major, minor);
        using (var file = File.Open(image, FileMode.Open, FileAccess.ReadWrite))
        {
            // Both restart pages, at 0 and at the system page size; $LogFile starts with one run holding both.
            Assert.True(runs[0].Length * g.ClusterSize >= 2 * page.Length);
            file.Position = runs[0].Lcn * g.ClusterSize;
            file.Write(page);
            file.Write(page);
        }

        var e = AssertVolumeRefused(image);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mirror_that_differs_from_the_mft_is_refused()
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(4096, work.Path);
        var g = WriteOracle.ReadGeometry(image);
        new ImageEditor(image).EditBlock((g.MirrorLcn * g.ClusterSize) + g.RecordSize, g.RecordSize, record => record[0x38 + 0x18] ^= 0x40);

        var e = AssertVolumeRefused(image);
        Assert.Contains("$MFTMirr does not match $MFT", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bitlocker_volume_is_refused()
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(4096, work.Path);
        using (var file = File.Open(image, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 3;
            file.Write("-FVE-FS-"u8);
        }

        var e = AssertVolumeRefused(image);
        Assert.Contains("BitLocker", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_growth_whose_runlist_cannot_fit_the_record_is_refused()
    {
        using var work = new TemporaryDirectory();
        var image = NtfsImages.Small(work.Path);
        var g = WriteOracle.ReadGeometry(image);

        // Mark every other free cluster in use (in $Bitmap's raw bytes): free space is now single clusters, so
        // 400 new clusters would need 400 runs, far more than a 1 KiB record holds.
        var free = WriteOracle.FreeExtents(image);
        var bitmap = WriteOracle.Runs(WriteOracle.Info(image, "/$Bitmap"), "$DATA");
        Assert.Single(bitmap);
        using (var file = File.Open(image, FileMode.Open, FileAccess.ReadWrite))
        {
            var bytes = new byte[bitmap[0].Length * g.ClusterSize];
            file.Position = bitmap[0].Lcn * g.ClusterSize;
            file.ReadExactly(bytes);
            foreach (var (lcn, length) in free)
            {
                for (var c = lcn + 1; c < lcn + length; c += 2)
                {
                    bytes[c >> 3] |= (byte)(1 << (int)(c & 7));
                }
            }

            file.Position = bitmap[0].Lcn * g.ClusterSize;
            file.Write(bytes);
        }

        Assert.True(WriteOracle.FreeExtents(image).Count > 500);
        var e = AssertFileRefused(image, "File5.Bin", s => s.SetLength(s.Length + (400 * g.ClusterSize)));
        Assert.Contains("no longer fits", e.Message, StringComparison.Ordinal);
        AssertFileRefused(image, "File5.Bin", s =>
        {
            s.Position = s.Length + (400 * g.ClusterSize);
            s.WriteByte(1);
        });
    }

    [Fact]
    public void Growth_past_the_free_space_is_refused()
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(4096, work.Path);
        var e = AssertFileRefused(image, "plain.bin", s => s.SetLength(8 * 1024 * 1024));
        Assert.Contains("free clusters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resident_file_that_would_outgrow_its_record_is_refused()
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(4096, work.Path);
        var e = AssertFileRefused(image, "small.txt", s => s.SetLength(2000));
        Assert.Contains("resident", e.Message, StringComparison.Ordinal);
        AssertFileRefused(image, "small.txt", s =>
        {
            // Within the record size, but not within what the record has left.
            s.Position = 700;
            s.Write(new byte[200]);
        });
    }

    [Theory]
    [InlineData(0x0800u, "compressed")]
    [InlineData(0x4000u, "encrypted")]
    [InlineData(0x0400u, "reparse point")]
    [InlineData(0x0200u, "sparse")]
    public void Compressed_encrypted_sparse_and_reparse_files_are_refused(uint attribute, string expected)
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(4096, work.Path);
        var g = WriteOracle.ReadGeometry(image);
        var info = WriteOracle.Info(image, "/plain.bin");
        var record = long.Parse(System.Text.RegularExpressions.Regex.Match(info, @"Dumping Inode (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var mft = WriteOracle.Runs(WriteOracle.Info(image, "/$MFT"), "$DATA");
        Assert.True(record * g.RecordSize < mft[0].Length * g.ClusterSize);
        new ImageEditor(image).EditBlock((mft[0].Lcn * g.ClusterSize) + (record * g.RecordSize), g.RecordSize, bytes =>
        {
            var si = Fixups.FindAttribute(bytes, 0x10);
            var value = si + ImageEditor.U16(bytes, si + 0x14);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(value + 0x20), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(value + 0x20)) | attribute);
        });

        var e = AssertOpenRefused(image, "plain.bin");
        Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_sparse_file_made_by_ntfstruncate_is_refused()
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(4096, work.Path);
        var info = WriteOracle.Info(image, "/h11");
        var inode = System.Text.RegularExpressions.Regex.Match(info, @"Dumping Inode (\d+)").Groups[1].Value;
        NtfsImages.Bash($"ntfstruncate -q '{image}' {inode} 1000000 > /dev/null");
        Assert.Contains("0x8000", Assert.Single(WriteOracle.Sections(WriteOracle.Info(image, "/h11"), "$DATA")), StringComparison.Ordinal);

        var e = AssertOpenRefused(image, "h11");
        Assert.Contains("sparse", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Directories_and_metadata_files_are_refused()
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(4096, work.Path);
        Assert.Contains("NTFS metadata file", AssertOpenRefused(image, "$MFT").Message, StringComparison.Ordinal);
        Assert.Contains("NTFS metadata file", AssertOpenRefused(image, "$Bitmap").Message, StringComparison.Ordinal);
        Assert.Contains("directory", AssertOpenRefused(image, "$Extend").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_only_volume_and_a_second_writer_are_refused()
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(4096, work.Path);
        using (var readOnly = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false))
        {
            Assert.False(readOnly.CanWrite);
            Assert.Throws<InvalidOperationException>(() => readOnly.OpenPath("plain.bin").OpenWrite());
        }

        Assert.Throws<ArgumentException>(() => NtfsVolume.OpenForWriting(File.OpenRead(image), leaveOpen: false));
        var hash = Sha256(image);
        using (var volume = NtfsVolume.OpenForWriting(File.Open(image, FileMode.Open, FileAccess.ReadWrite), leaveOpen: false))
        {
            using var first = volume.OpenWrite("plain.bin");
            Assert.Throws<IOException>(() => volume.OpenWrite("PLAIN.BIN"));
        }

        Assert.Equal(hash, Sha256(image));
    }

    private static NtfsWriteRefusedException AssertVolumeRefused(string image)
    {
        var hash = Sha256(image);
        var e = Assert.Throws<NtfsWriteRefusedException>(() =>
            NtfsVolume.OpenForWriting(File.Open(image, FileMode.Open, FileAccess.ReadWrite), leaveOpen: false));
        Assert.Equal(hash, Sha256(image));
        return e;
    }

    private static NtfsWriteRefusedException AssertOpenRefused(string image, string path)
    {
        var hash = Sha256(image);
        NtfsWriteRefusedException e;
        using (var volume = NtfsVolume.OpenForWriting(File.Open(image, FileMode.Open, FileAccess.ReadWrite), leaveOpen: false))
        {
            e = Assert.Throws<NtfsWriteRefusedException>(() => volume.OpenWrite(path));
        }

        Assert.Equal(hash, Sha256(image));
        return e;
    }

    private static NtfsWriteRefusedException AssertFileRefused(string image, string path, Action<Stream> change)
    {
        var hash = Sha256(image);
        NtfsWriteRefusedException e;
        using (var volume = NtfsVolume.OpenForWriting(File.Open(image, FileMode.Open, FileAccess.ReadWrite), leaveOpen: false))
        {
            using var stream = volume.OpenWrite(path);
            e = Assert.Throws<NtfsWriteRefusedException>(() => change(stream));
        }

        Assert.Equal(hash, Sha256(image));
        return e;
    }

    private static string Sha256(string image)
    {
        using var file = File.OpenRead(image);
        return Oracle.Sha256(file);
    }

    /// <summary>A $LogFile restart page ("RSTR", 4 KiB, fixups applied) with the given restart area state and version.</summary>
    private static byte[] RestartPage(ushort clientInUse, ushort flags, short major, short minor)
    {
        var page = new byte[4096];
        "RSTR"u8.CopyTo(page);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(0x04), 0x1E);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(0x06), 9);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(0x10), 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(0x14), 4096);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(0x18), 0x30);
        BinaryPrimitives.WriteInt16LittleEndian(page.AsSpan(0x1A), minor);
        BinaryPrimitives.WriteInt16LittleEndian(page.AsSpan(0x1C), major);
        BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(0x30), 5000);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(0x30 + 0x0C), clientInUse);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(0x30 + 0x0E), flags);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(0x1E), 1);
        Fixups.Protect(page);
        return page;
    }
}
