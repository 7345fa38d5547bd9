using OfflineRepair.Containers.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Containers.Tests;

/// <summary>Images qemu-img makes from a patterned raw disk read back byte for byte as qemu-img reads them.</summary>
public sealed class QemuImageTests
{
    private const int Size = (6 << 20) + (3 * 512 * 1024);

    public static TheoryData<string, string, string[], ContainerKind> Conversions => new()
    {
        { "fixed.vhd", "vpc", ["-o", "subformat=fixed,force_size=on"], ContainerKind.VhdFixed },
        { "dynamic.vhd", "vpc", ["-o", "subformat=dynamic"], ContainerKind.VhdDynamic },
        { "dynamic-forced.vhd", "vpc", ["-o", "subformat=dynamic,force_size=on"], ContainerKind.VhdDynamic },
        { "dynamic.vhdx", "vhdx", [], ContainerKind.Vhdx },
        { "fixed.vhdx", "vhdx", ["-o", "subformat=fixed"], ContainerKind.Vhdx },
        { "small-blocks.vhdx", "vhdx", ["-o", "block_size=1M"], ContainerKind.Vhdx },
    };

    [Theory]
    [MemberData(nameof(Conversions))]
    public void Converted_image_reads_as_qemu_img_reads_it(string name, string format, string[] options, ContainerKind kind)
    {
        _ = Qemu.Img;
        using var dir = new TemporaryDirectory();
        var raw = dir.File("source.raw");
        File.WriteAllBytes(raw, DiskBytes.Patterned(Size, seed: name.Length));
        var image = dir.File(name);
        Qemu.Run(["convert", "-f", "raw", "-O", format, .. options, raw, image]);

        using var disk = ContainerOpener.Open(image);

        Assert.Equal(kind, disk.Kind);
        Assert.Equal(Qemu.VirtualSize(image, format), disk.VirtualSize);
        Assert.Equal(Qemu.RawSha256(image, format, dir.Path), DiskBytes.Sha256(disk));
    }

    [Fact]
    public void Random_reads_match_the_raw_conversion()
    {
        _ = Qemu.Img;
        using var dir = new TemporaryDirectory();
        var raw = dir.File("source.raw");
        File.WriteAllBytes(raw, DiskBytes.Patterned(Size, seed: 7));
        foreach (var (name, format, options) in new[] { ("d.vhd", "vpc", "subformat=dynamic,force_size=on"), ("d.vhdx", "vhdx", "block_size=1M") })
        {
            var image = dir.File(name);
            Qemu.Run("convert", "-f", "raw", "-O", format, "-o", options, raw, image);
            var back = dir.File(name + ".raw");
            Qemu.Run("convert", "-f", format, "-O", "raw", image, back);
            var expected = File.ReadAllBytes(back);
            using var disk = ContainerOpener.Open(image);
            var random = new Random(11);
            for (var i = 0; i < 500; i++)
            {
                var offset = random.NextInt64(0, expected.Length);
                var length = random.Next(0, 3 << 20);
                var buffer = new byte[length];
                disk.Position = offset;
                var read = disk.Read(buffer);
                var want = (int)Math.Min(length, expected.Length - offset);
                Assert.Equal(want, read);
                Assert.True(expected.AsSpan((int)offset, want).SequenceEqual(buffer.AsSpan(0, read)), $"{name}: {length} bytes at {offset} differ");
            }
        }
    }

    [Fact]
    public void A_file_that_is_no_container_is_raw()
    {
        using var dir = new TemporaryDirectory();
        var raw = dir.File("disk.img");
        var bytes = DiskBytes.Patterned(1 << 20, seed: 3);
        File.WriteAllBytes(raw, bytes);

        using var disk = ContainerOpener.Open(raw);

        Assert.Equal(ContainerKind.Raw, disk.Kind);
        Assert.Equal(bytes.Length, disk.VirtualSize);
        var back = new byte[bytes.Length];
        disk.ReadExactly(back);
        Assert.Equal(bytes, back);
        Assert.Equal(0, disk.Read(new byte[10]));
    }

    [Fact]
    public void A_container_is_read_only()
    {
        using var dir = new TemporaryDirectory();
        var raw = dir.File("disk.img");
        File.WriteAllBytes(raw, new byte[4096]);
        using var disk = ContainerOpener.Open(raw);

        Assert.False(disk.CanWrite);
        Assert.Throws<NotSupportedException>(() => disk.Write(new byte[1]));
        Assert.Throws<NotSupportedException>(() => disk.SetLength(0));
    }
}
