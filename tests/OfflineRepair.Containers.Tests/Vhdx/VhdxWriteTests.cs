using System.Buffers.Binary;
using OfflineRepair.Containers.Tests.Support;
using OfflineRepair.Containers.Vhdx;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Containers.Tests.Vhdx;

/// <summary>
/// Writing a VHDX: in place into fully present blocks only, after new write GUIDs in both headers.
/// qemu-img checks the file and reads it back; writes that would need a new block are refused
/// with the file byte for byte unchanged.
/// </summary>
public sealed class VhdxWriteTests
{
    private const int Size = 16 << 20;
    private const int BlockSize = 1 << 20;

    public static TheoryData<string> Images => ["dynamic-1M", "fixed", "windows-dynamic", "windows-fixed"];

    private static string Make(TemporaryDirectory dir, string kind)
    {
        _ = Qemu.Img;
        var raw = dir.File("source.raw");
        File.WriteAllBytes(raw, ContainerWriteTests.DataAndHoles(Size, BlockSize, seed: 33, 0, 1, 2, 5, 9, 10, 15));
        var image = dir.File(kind + ".vhdx");
        switch (kind)
        {
            case "dynamic-1M":
                Qemu.Run("convert", "-f", "raw", "-O", "vhdx", "-o", "block_size=1M", raw, image);
                break;
            case "fixed":
                Qemu.Run("convert", "-f", "raw", "-O", "vhdx", "-o", "subformat=fixed", raw, image);
                break;
            case "windows-dynamic":
                image = Corpus.CopyTo(dir.Path, "dissect.hypervisor/dynamic.vhdx.gz", Path.GetFileName(image));
                break;
            case "windows-fixed":
                image = Corpus.CopyTo(dir.Path, "dissect.hypervisor/fixed.vhdx.gz", Path.GetFileName(image));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }

        return image;
    }

    /// <summary>Both headers as this test reads them: sequence, write GUIDs, and whether the CRC-32C holds.</summary>
    private static (ulong Sequence, Guid FileWrite, Guid DataWrite, bool Valid)[] Headers(string image)
    {
        var bytes = File.ReadAllBytes(image);
        return [.. new[] { 64 << 10, 128 << 10 }.Select(at =>
        {
            var header = bytes.AsSpan(at, 4096).ToArray();
            var stored = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            header.AsSpan(4, 4).Clear();
            var valid = header.AsSpan(0, 4).SequenceEqual("head"u8) && Crc32C.Compute(header) == stored;
            return (BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(8)), new Guid(header.AsSpan(16, 16)), new Guid(header.AsSpan(32, 16)), valid);
        })];
    }

    private static void AssertQemuCheckIsClean(string image)
    {
        var check = Qemu.Check(image, "vhdx");
        Assert.True(check.ExitCode == 0 && check.StandardOutput.Contains("No errors", StringComparison.Ordinal), $"qemu-img check: exit {check.ExitCode}: {check.StandardOutput}{check.StandardError}");
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Pseudo_random_writes_into_present_blocks_read_back_through_qemu_img(string kind)
    {
        using var dir = new TemporaryDirectory();
        var image = Make(dir, kind);
        var model = Qemu.RawBytes(image, "vhdx", dir.Path);
        var vhdx = VhdxFile.Read(image);
        var before = Headers(image);
        var writes = WriteSequence.Make(model.Length, vhdx.BlockSize, seed: 99 + kind.Length, count: 40, (offset, length) => vhdx.InPresentBlocks(offset, length));

        using (var disk = ContainerOpener.OpenForWriting(image))
        {
            Assert.Equal(ContainerKind.Vhdx, disk.Kind);
            WriteSequence.Apply(disk, model, writes);
        }

        AssertQemuCheckIsClean(image);
        var actual = Qemu.RawBytes(image, "vhdx", dir.Path);
        Assert.True(model.AsSpan().SequenceEqual(actual), $"qemu-img reads something else than the model, first at {WriteSequence.FirstDifference(model, actual)}");
        using (var reopened = ContainerOpener.Open(image))
        {
            Assert.Equal(ContainerWriteTests.Sha256(model), DiskBytes.Sha256(reopened));
        }

        // Both headers valid, the newer one current, with GUIDs no header had before.
        var after = Headers(image);
        Assert.All(after, h => Assert.True(h.Valid));
        var newest = before.Max(h => h.Sequence);
        Assert.Equal([newest + 1, newest + 2], after.Select(h => h.Sequence).Order());
        Assert.Equal(after[0].FileWrite, after[1].FileWrite);
        Assert.Equal(after[0].DataWrite, after[1].DataWrite);
        Assert.DoesNotContain(after[0].FileWrite, before.Select(h => h.FileWrite));
        Assert.DoesNotContain(after[0].DataWrite, before.Select(h => h.DataWrite));
    }

    [Fact]
    public void A_write_touching_an_unallocated_block_is_refused_and_the_file_is_unchanged()
    {
        using var dir = new TemporaryDirectory();
        var image = Make(dir, "dynamic-1M");
        var vhdx = VhdxFile.Read(image);
        Assert.Equal(BlockSize, vhdx.BlockSize);
        Assert.True(vhdx.FullyPresent(2) && !vhdx.FullyPresent(3), "the test expects block 2 in the file and block 3 not");
        var sha = ContainerWriteTests.FileSha256(image);

        using (var disk = ContainerOpener.OpenForWriting(image))
        {
            disk.Position = (3L * BlockSize) + 100;
            var error = Assert.Throws<ContainerWriteRefusedException>(() => disk.Write(new byte[10]));
            Assert.Contains("not allocated", error.Message, StringComparison.Ordinal);
            Assert.Contains("qemu-img", error.Remedy, StringComparison.Ordinal);
            Assert.Equal((3L * BlockSize) + 100, disk.Position);

            // Starting in present block 2 and running into block 3: nothing of it is written either.
            disk.Position = (3L * BlockSize) - 100;
            Assert.Throws<ContainerWriteRefusedException>(() => disk.Write(new byte[200]));

            // A refusal leaves the container usable for reading.
            var back = new byte[300];
            disk.Position = (3L * BlockSize) - 150;
            disk.ReadExactly(back);
        }

        Assert.Equal(sha, ContainerWriteTests.FileSha256(image));
    }

    [Fact]
    public void A_write_into_a_never_written_block_is_refused()
    {
        // qemu-img marks the blocks of a new image PAYLOAD_BLOCK_ZERO; Hyper-V leaves them
        // NOT_PRESENT (0), as the entry is set here.
        _ = Qemu.Img;
        using var dir = new TemporaryDirectory();
        var image = dir.File("new.vhdx");
        Qemu.Run("create", "-f", "vhdx", image, "8M");
        var entry = VhdxFile.Read(image).EntryOffset(0);
        using (var file = File.Open(image, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = entry;
            file.Write(new byte[8]);
        }

        Assert.Equal(0, VhdxFile.Read(image).State(0));
        AssertQemuCheckIsClean(image);
        var sha = ContainerWriteTests.FileSha256(image);

        using (var disk = ContainerOpener.OpenForWriting(image))
        {
            var error = Assert.Throws<ContainerWriteRefusedException>(() => disk.Write(new byte[512]));
            Assert.Contains("PAYLOAD_BLOCK_NOT_PRESENT", error.Reason, StringComparison.Ordinal);
        }

        Assert.Equal(sha, ContainerWriteTests.FileSha256(image));
        AssertQemuCheckIsClean(image);
    }

    [Fact]
    public void A_vhdx_with_a_pending_log_refuses_to_open_for_writing()
    {
        _ = Qemu.Img;
        using var dir = new TemporaryDirectory();
        var (image, expected, _) = VhdxLogImage.Make(dir, "log.vhdx");
        var sha = ContainerWriteTests.FileSha256(image);

        var error = Assert.Throws<ContainerWriteRefusedException>(() => ContainerOpener.OpenForWriting(image));
        Assert.Contains("pending log", error.Reason, StringComparison.Ordinal);
        Assert.Contains("qemu-img check -r all", error.Remedy, StringComparison.Ordinal);
        using (var stream = File.Open(image, FileMode.Open, FileAccess.ReadWrite))
        {
            Assert.Throws<ContainerWriteRefusedException>(() => ContainerOpener.Open(stream, image, leaveOpen: true, writable: true));
        }

        Assert.Equal(sha, ContainerWriteTests.FileSha256(image));
        using var disk = ContainerOpener.Open(image);
        Assert.Equal(expected, DiskBytes.Sha256(disk));
    }

    [Fact]
    public void A_differencing_vhdx_is_refused_for_writing_as_for_reading()
    {
        using var dir = new TemporaryDirectory();
        var image = Corpus.CopyTo(dir.Path, "dissect.hypervisor/differencing.avhdx.gz");
        var sha = ContainerWriteTests.FileSha256(image);

        Assert.ThrowsAny<ContainerFormatException>(() => ContainerOpener.OpenForWriting(image));

        Assert.Equal(sha, ContainerWriteTests.FileSha256(image));
    }

    [Fact]
    public void A_write_past_the_end_throws_and_writes_nothing()
    {
        using var dir = new TemporaryDirectory();
        var image = Make(dir, "fixed");
        var sha = ContainerWriteTests.FileSha256(image);

        using (var disk = ContainerOpener.OpenForWriting(image))
        {
            disk.Position = disk.VirtualSize - 1;
            Assert.Throws<IOException>(() => disk.Write(new byte[2]));
        }

        // Not even the headers: nothing was written, so the file is not marked as changed.
        Assert.Equal(sha, ContainerWriteTests.FileSha256(image));
    }
}
