using System.Buffers.Binary;
using OfflineRepair.Containers.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Containers.Tests;

/// <summary>Damaged files give a ContainerFormatException naming the structure, never garbage or a hang.</summary>
public sealed class CorruptionTests
{
    private static string Make(TemporaryDirectory dir, string name, string format, params string[] options)
    {
        _ = Qemu.Img;
        var raw = dir.File("source.raw");
        File.WriteAllBytes(raw, DiskBytes.Patterned(5 << 20, seed: 9));
        var image = dir.File(name);
        Qemu.Run(["convert", "-f", "raw", "-O", format, .. options, raw, image]);
        return image;
    }

    private static void Patch(string path, long offset, Action<byte[]> change, int length = 8)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var bytes = new byte[length];
        file.Position = offset;
        file.ReadExactly(bytes);
        change(bytes);
        file.Position = offset;
        file.Write(bytes);
    }

    [Fact]
    public void Flipped_footer_byte_is_a_checksum_error()
    {
        using var dir = new TemporaryDirectory();
        var image = Make(dir, "f.vhd", "vpc", "-o", "subformat=fixed,force_size=on");
        Patch(image, new FileInfo(image).Length - 512 + 50, b => b[0] ^= 0x40);

        var error = Assert.Throws<ContainerFormatException>(() => ContainerOpener.Open(image));

        Assert.Equal("VHD footer", error.Structure);
        Assert.Contains("checksum", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Flipped_dynamic_header_byte_is_a_checksum_error()
    {
        using var dir = new TemporaryDirectory();
        var image = Make(dir, "d.vhd", "vpc", "-o", "subformat=dynamic,force_size=on");
        Patch(image, 512 + 32, b => b[1] ^= 0x01);

        var error = Assert.Throws<ContainerFormatException>(() => ContainerOpener.Open(image));

        Assert.Equal("VHD dynamic header", error.Structure);
    }

    [Fact]
    public void Dynamic_vhd_truncated_inside_the_BAT_is_an_error()
    {
        using var dir = new TemporaryDirectory();
        var image = Make(dir, "d.vhd", "vpc", "-o", "subformat=dynamic,force_size=on");
        using (var file = new FileStream(image, FileMode.Open, FileAccess.ReadWrite))
        {
            file.SetLength(1536 + 2);
        }

        var error = Assert.Throws<ContainerFormatException>(() => ContainerOpener.Open(image));

        Assert.Contains("block allocation table", error.Structure, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixed_vhd_shorter_than_its_size_is_an_error()
    {
        using var dir = new TemporaryDirectory();
        var image = Make(dir, "f.vhd", "vpc", "-o", "subformat=fixed,force_size=on");
        var bytes = File.ReadAllBytes(image);
        var shorter = bytes[..(1 << 20)].Concat(bytes[^512..]).ToArray();
        File.WriteAllBytes(image, shorter);

        var error = Assert.Throws<ContainerFormatException>(() => ContainerOpener.Open(image));

        Assert.Contains("truncated", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void BAT_entry_past_the_end_of_the_file_names_the_block_when_read()
    {
        using var dir = new TemporaryDirectory();
        var image = Make(dir, "d.vhd", "vpc", "-o", "subformat=dynamic,force_size=on");
        var batOffset = 1536; // qemu: footer copy 512 + dynamic header 1024
        Patch(image, batOffset + 4, b => BinaryPrimitives.WriteUInt32BigEndian(b, 0x00FFFFF0), 4);

        using var disk = ContainerOpener.Open(image);
        var buffer = new byte[4096];
        disk.Position = 2 << 20; // block 1
        var error = Assert.Throws<ContainerFormatException>(() => disk.ReadExactly(buffer));

        Assert.Contains("block 1 ", error.Problem, StringComparison.Ordinal);
        Assert.Contains("past the end", error.Problem, StringComparison.Ordinal);
        disk.Position = 0;
        disk.ReadExactly(buffer); // block 0 is still readable
    }

    [Fact]
    public void Vhdx_BAT_entry_past_the_end_of_the_file_names_the_block_when_read()
    {
        using var dir = new TemporaryDirectory();
        var image = Make(dir, "d.vhdx", "vhdx", "-o", "block_size=1M");
        using var before = ContainerOpener.Open(image);
        var batOffset = FindBatOffset(image);
        before.Dispose();
        Patch(image, batOffset + 8, b => BinaryPrimitives.WriteUInt64LittleEndian(b, (0x100000UL << 20) | 6));

        using var disk = ContainerOpener.Open(image);
        var buffer = new byte[512];
        disk.Position = 1 << 20;
        var error = Assert.Throws<ContainerFormatException>(() => disk.ReadExactly(buffer));

        Assert.Contains("block 1 ", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Vhdx_with_both_headers_broken_is_an_error()
    {
        using var dir = new TemporaryDirectory();
        var image = Make(dir, "d.vhdx", "vhdx");
        Patch(image, (64 << 10) + 8, b => b[0] ^= 1);
        Patch(image, (128 << 10) + 8, b => b[0] ^= 1);

        var error = Assert.Throws<ContainerFormatException>(() => ContainerOpener.Open(image));

        Assert.Equal("VHDX header", error.Structure);
        Assert.Contains("CRC-32C", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Vhdx_with_one_header_broken_still_opens()
    {
        using var dir = new TemporaryDirectory();
        var image = Make(dir, "d.vhdx", "vhdx");
        var expected = Qemu.RawSha256(image, "vhdx", dir.Path);
        Patch(image, (64 << 10) + 8, b => b[0] ^= 1);

        using var disk = ContainerOpener.Open(image);

        Assert.Equal(expected, DiskBytes.Sha256(disk));
    }

    private static long FindBatOffset(string vhdx)
    {
        var bytes = new byte[64 << 10];
        using var file = File.OpenRead(vhdx);
        file.Position = 192 << 10;
        file.ReadExactly(bytes);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        for (var i = 0; i < count; i++)
        {
            var entry = bytes.AsSpan(16 + (i * 32), 32);
            if (new Guid(entry[..16]) == new Guid("2DC27766-F623-4200-9D64-115E9BFD4A08"))
            {
                return (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]);
            }
        }

        throw new InvalidOperationException("no BAT region");
    }
}
