using OfflineRepair.Containers.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Containers.Tests.Vhd;

/// <summary>
/// Differencing VHDs: the parent is made by qemu-img; the child by <see cref="VhdBuilder"/> (qemu-img
/// 7.2 cannot make vpc children). Expected bytes are qemu-img's raw parent overlaid with the writes.
/// </summary>
public sealed class DifferencingVhdTests
{
    private const int Size = 6 << 20;

    private static (string Parent, byte[] Expected, List<(long Offset, byte[] Data)> Writes) MakeParent(TemporaryDirectory dir, string parentName, string parentFormat)
    {
        var raw = dir.File("source.raw");
        File.WriteAllBytes(raw, DiskBytes.Patterned(Size, seed: 5));
        var parent = dir.File(parentName);
        Qemu.Run("convert", "-f", "raw", "-O", "vpc", "-o", $"subformat={parentFormat},force_size=on", raw, parent);
        var back = dir.File("parent.raw");
        Qemu.Run("convert", "-f", "vpc", "-O", "raw", parent, back);
        var expected = File.ReadAllBytes(back);

        // 64 KiB of 0xAB at 1 MiB (as `qemu-io -c "write -P 0xAB 1M 64k"` would), one sector
        // across the 2 MiB block boundary, and a write into the last block.
        var fill = new byte[64 << 10];
        fill.AsSpan().Fill(0xAB);
        var writes = new List<(long, byte[])> { (1 << 20, fill), ((2 << 20) - 512, Enumerable.Repeat((byte)0xCD, 1024).ToArray()), (Size - 4096, Enumerable.Repeat((byte)0xEF, 512).ToArray()) };
        foreach (var (offset, data) in writes)
        {
            data.CopyTo(expected, offset);
        }

        return (parent, expected, writes);
    }

    [Theory]
    [InlineData("dynamic")]
    [InlineData("fixed")]
    public void Child_reads_its_writes_over_the_parent(string parentFormat)
    {
        _ = Qemu.Img;
        using var dir = new TemporaryDirectory();
        var (parent, expected, writes) = MakeParent(dir, "parent.vhd", parentFormat);
        var child = dir.File("child.vhd");
        VhdBuilder.WriteDifferencing(child, parent, Size, writes);

        using var disk = ContainerOpener.Open(child);

        Assert.Equal(ContainerKind.VhdDifferencing, disk.Kind);
        Assert.Equal(Size, disk.VirtualSize);
        var actual = new byte[Size];
        disk.ReadExactly(actual);
        Assert.True(expected.AsSpan().SequenceEqual(actual));
        Assert.Contains("parent", disk.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_locator_with_a_subfolder_and_backslashes_is_followed()
    {
        _ = Qemu.Img;
        using var dir = new TemporaryDirectory();
        Directory.CreateDirectory(dir.File("base"));
        var (parent, expected, writes) = MakeParent(dir, Path.Combine("base", "parent.vhd"), "dynamic");
        var child = dir.File("child.vhd");
        VhdBuilder.WriteDifferencing(child, parent, Size, writes, relativeLocator: ".\\base\\parent.vhd");

        using var disk = ContainerOpener.Open(child);

        var actual = new byte[Size];
        disk.ReadExactly(actual);
        Assert.True(expected.AsSpan().SequenceEqual(actual));
    }

    [Fact]
    public void Moved_parent_is_a_clear_error_naming_it()
    {
        _ = Qemu.Img;
        using var dir = new TemporaryDirectory();
        var (parent, _, writes) = MakeParent(dir, "my-parent.vhd", "dynamic");
        var child = dir.File("child.vhd");
        VhdBuilder.WriteDifferencing(child, parent, Size, writes);
        Directory.CreateDirectory(dir.File("elsewhere"));
        File.Move(parent, dir.File(Path.Combine("elsewhere", "my-parent.vhd")));

        var error = Assert.Throws<ParentNotFoundException>(() => ContainerOpener.Open(child));

        Assert.Equal("my-parent.vhd", error.ParentFileName);
        Assert.Contains("my-parent.vhd", error.Message, StringComparison.Ordinal);
        Assert.Contains("parent not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replaced_parent_is_refused_by_its_unique_id()
    {
        _ = Qemu.Img;
        using var dir = new TemporaryDirectory();
        var (parent, _, writes) = MakeParent(dir, "parent.vhd", "dynamic");
        var child = dir.File("child.vhd");
        VhdBuilder.WriteDifferencing(child, parent, Size, writes);
        File.Delete(parent);
        Qemu.Run("create", "-f", "vpc", "-o", "subformat=dynamic,force_size=on", parent, Size.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var error = Assert.Throws<ContainerFormatException>(() => ContainerOpener.Open(child));

        Assert.Contains("unique id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_child_that_is_its_own_parent_is_refused()
    {
        _ = Qemu.Img;
        using var dir = new TemporaryDirectory();
        var (parent, _, writes) = MakeParent(dir, "parent.vhd", "dynamic");
        var child = dir.File("child.vhd");
        VhdBuilder.WriteDifferencing(child, parent, Size, writes, relativeLocator: ".\\child.vhd");

        var error = Assert.Throws<ContainerFormatException>(() => ContainerOpener.Open(child));

        Assert.Contains("loop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Qemu_io_write_into_a_dynamic_vhd_reads_back()
    {
        // qemu cannot make a vpc child, but qemu-io can write into a dynamic VHD: the same block
        // allocation path a differencing child uses.
        _ = Qemu.Img;
        var qemuIo = Tools.Require("qemu-io", "qemu-utils");
        using var dir = new TemporaryDirectory();
        var image = dir.File("d.vhd");
        Qemu.Run("create", "-f", "vpc", "-o", "subformat=dynamic,force_size=on", image, "8M");
        var result = Tools.Run(qemuIo, ["-f", "vpc", "-c", "write -P 0xAB 1M 64k", "-c", "write -P 0x11 3071k 2k", image]);
        Assert.Equal(0, result.ExitCode);

        using var disk = ContainerOpener.Open(image);

        Assert.Equal(Qemu.RawSha256(image, "vpc", dir.Path), DiskBytes.Sha256(disk));
    }
}
