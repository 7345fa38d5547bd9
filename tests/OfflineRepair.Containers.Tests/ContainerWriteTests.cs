using System.Security.Cryptography;
using OfflineRepair.Containers.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Containers.Tests;

/// <summary>
/// Writing raw images and fixed and dynamic VHDs: a pseudo-random sequence of writes goes to the
/// container and to a byte-array model; qemu-img then reads the file back (our reader is never the
/// judge of our writer) and must see exactly the model.
/// </summary>
public sealed class ContainerWriteTests
{
    private const int Size = 16 << 20;
    private const int VhdBlockSize = 2 << 20;

    public static TheoryData<string> Images => ["raw", "fixed", "dynamic-created", "dynamic-converted", "dynamic-windows"];

    /// <summary>
    /// A disk with data in some 2 MiB blocks (partly filled, so blocks hold zero runs too) and whole
    /// blocks of zeros, which qemu-img convert leaves unallocated in a dynamic VHD.
    /// </summary>
    internal static byte[] DataAndHoles(int size, int blockSize, int seed, params int[] blocksWithData)
    {
        var bytes = new byte[size];
        var random = new Random(seed);
        foreach (var block in blocksWithData)
        {
            var start = block * blockSize;
            var length = Math.Min(blockSize, size - start);
            random.NextBytes(bytes.AsSpan(start, length / 2));
            random.NextBytes(bytes.AsSpan(start + (length * 3 / 4), length / 8));
        }

        return bytes;
    }

    /// <summary>Makes the image and returns it with qemu-img's format name and the disk as qemu-img reads it.</summary>
    private static (string Image, string Format, byte[] Model) Make(string kind, TemporaryDirectory dir)
    {
        _ = Qemu.Img;
        var raw = dir.File("source.raw");
        File.WriteAllBytes(raw, DataAndHoles(Size, VhdBlockSize, seed: 21, 0, 2, 3, 6));
        string image;
        switch (kind)
        {
            case "raw":
                return (raw, "raw", File.ReadAllBytes(raw));
            case "fixed":
                image = dir.File("fixed.vhd");
                Qemu.Run("convert", "-f", "raw", "-O", "vpc", "-o", "subformat=fixed,force_size=on", raw, image);
                break;
            case "dynamic-created":
                image = dir.File("created.vhd");
                Qemu.Run("create", "-f", "vpc", "-o", "subformat=dynamic", image, "16M");
                break;
            case "dynamic-converted":
                image = dir.File("converted.vhd");
                Qemu.Run("convert", "-f", "raw", "-O", "vpc", "-o", "subformat=dynamic,force_size=on", raw, image);
                break;
            case "dynamic-windows":
                // Windows-made: its blocks' sector bitmaps are Windows', not qemu's all-ones ones.
                image = Corpus.CopyTo(dir.Path, "dissect.hypervisor/dynamic.vhd.gz", "windows.vhd");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }

        return (image, "vpc", Qemu.RawBytes(image, "vpc", dir.Path));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Pseudo_random_writes_read_back_through_qemu_img_as_the_model(string kind)
    {
        using var dir = new TemporaryDirectory();
        var (image, format, model) = Make(kind, dir);
        var before = File.ReadAllBytes(image);
        var writes = WriteSequence.Make(model.Length, VhdBlockSize, seed: kind.Length * 7919, count: 60);

        using (var disk = ContainerOpener.OpenForWriting(image))
        {
            Assert.True(disk.CanWrite);
            Assert.Equal(model.Length, disk.VirtualSize);
            WriteSequence.Apply(disk, model, writes);
            disk.Flush();
            Assert.Equal(Sha256(model), DiskBytes.Sha256(disk));
        }

        var actual = format == "raw" ? File.ReadAllBytes(image) : Qemu.RawBytes(image, format, dir.Path);
        Assert.True(model.AsSpan().SequenceEqual(actual), $"qemu-img reads something else than the model, first at {WriteSequence.FirstDifference(model, actual)}");
        using (var reopened = ContainerOpener.Open(image))
        {
            Assert.Equal(Sha256(model), DiskBytes.Sha256(reopened));
        }

        if (format == "vpc")
        {
            AssertVhdStructures(image, before, writes, dynamic: kind != "fixed");
        }
    }

    private static void AssertVhdStructures(string image, byte[] before, IReadOnlyList<DiskWrite> writes, bool dynamic)
    {
        var check = Qemu.Check(image, "vpc");
        Assert.True(check.ExitCode is 0 or 63, $"qemu-img check: exit {check.ExitCode}: {check.StandardOutput}{check.StandardError}");
        var after = File.ReadAllBytes(image);

        // The footer is the same 512 bytes, at the end; a dynamic disk's copy at 0 is untouched.
        Assert.True(before.AsSpan(before.Length - 512).SequenceEqual(after.AsSpan(after.Length - 512)), "the footer changed");
        if (!dynamic)
        {
            Assert.Equal(before.Length, after.Length);
            return;
        }

        Assert.True(before.AsSpan(0, 512).SequenceEqual(after.AsSpan(0, 512)), "the footer copy at offset 0 changed");
        var vhd = VhdFile.Read(image);
        vhd.AssertSound();
        foreach (var write in writes)
        {
            for (var sector = write.Offset / 512; sector <= (write.End - 1) / 512; sector++)
            {
                Assert.True(vhd.SectorPresent(sector), $"sector {sector} was written ({write}) but its bitmap bit is clear");
            }
        }
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("fixed")]
    [InlineData("dynamic-created")]
    [InlineData("dynamic-converted")]
    public void A_write_past_the_end_throws_and_writes_nothing(string kind)
    {
        using var dir = new TemporaryDirectory();
        var (image, _, _) = Make(kind, dir);
        var sha = FileSha256(image);

        using (var disk = ContainerOpener.OpenForWriting(image))
        {
            disk.Position = disk.VirtualSize - 10;
            Assert.Throws<IOException>(() => disk.Write(new byte[11]));
            Assert.Equal(disk.VirtualSize - 10, disk.Position);
            disk.Position = disk.VirtualSize + 5;
            Assert.Throws<IOException>(() => disk.Write([1], 0, 1));
            disk.Position = disk.VirtualSize - (3 << 20);
            Assert.Throws<IOException>(() => disk.Write(new byte[(3 << 20) + 1]));

            // A failed bounds check is not a failed write: the disk still takes writes.
            Assert.True(disk.CanWrite);
        }

        Assert.Equal(sha, FileSha256(image));
    }

    [Fact]
    public void A_write_up_to_the_last_byte_is_taken()
    {
        using var dir = new TemporaryDirectory();
        var (image, format, model) = Make("dynamic-created", dir);
        using (var disk = ContainerOpener.OpenForWriting(image))
        {
            disk.Seek(-3, SeekOrigin.End);
            disk.Write([7, 8, 9]);
            Assert.Equal(disk.VirtualSize, disk.Position);
        }

        new byte[] { 7, 8, 9 }.CopyTo(model, model.Length - 3);
        Assert.Equal(Sha256(model), Sha256(Qemu.RawBytes(image, format, dir.Path)));
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("dynamic-converted")]
    public void A_container_opened_read_only_still_refuses_writes(string kind)
    {
        using var dir = new TemporaryDirectory();
        var (image, _, _) = Make(kind, dir);
        var sha = FileSha256(image);

        using (var disk = ContainerOpener.Open(image))
        {
            Assert.False(disk.CanWrite);
            Assert.Throws<NotSupportedException>(() => disk.Write(new byte[1]));
            Assert.Throws<NotSupportedException>(() => disk.Write(new byte[512], 0, 512));
            disk.Flush();
        }

        using (var stream = File.Open(image, FileMode.Open, FileAccess.ReadWrite))
        using (var disk = ContainerOpener.Open(stream, image))
        {
            // A writable stream does not make a container writable unless asked for.
            Assert.False(disk.CanWrite);
            Assert.Throws<NotSupportedException>(() => disk.Write(new byte[1]));
        }

        Assert.Equal(sha, FileSha256(image));
    }

    [Fact]
    public void A_container_opened_for_writing_cannot_change_its_size_and_stops_writing_once_disposed()
    {
        using var dir = new TemporaryDirectory();
        var (image, _, _) = Make("raw", dir);
        var disk = ContainerOpener.OpenForWriting(image);

        Assert.True(disk.CanWrite);
        Assert.Throws<NotSupportedException>(() => disk.SetLength(1 << 20));
        disk.Dispose();
        Assert.False(disk.CanWrite);
        Assert.Throws<ObjectDisposedException>(() => disk.Write(new byte[1]));
    }

    [Fact]
    public void A_read_only_stream_cannot_be_opened_for_writing()
    {
        using var dir = new TemporaryDirectory();
        var (image, _, _) = Make("raw", dir);
        using var stream = File.OpenRead(image);

        Assert.Throws<ArgumentException>(() => ContainerOpener.Open(stream, image, leaveOpen: true, writable: true));
    }

    internal static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    internal static string FileSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
