using OfflineRepair.Containers.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Containers.Tests.Vhd;

/// <summary>
/// Writing a differencing VHD: bytes go to the child only, the parent file stays as it was. qemu-img
/// reads the child's blocks and the parent (it follows neither parent locators nor sector bitmaps);
/// the tests put the two together sector by sector from the child's bitmaps, parsed here
/// (<see cref="VhdFile"/>), and the result must be the model.
/// </summary>
public sealed class DifferencingVhdWriteTests
{
    private const int Size = 10 << 20;
    private const int BlockSize = 2 << 20;

    private static (string Parent, string Child, byte[] Model) Make(TemporaryDirectory dir, string parentFormat)
    {
        _ = Qemu.Img;
        var raw = dir.File("source.raw");
        File.WriteAllBytes(raw, DiskBytes.Patterned(Size, seed: 17));
        var parent = dir.File("parent.vhd");
        Qemu.Run("convert", "-f", "raw", "-O", "vpc", "-o", $"subformat={parentFormat},force_size=on", raw, parent);
        var model = Qemu.RawBytes(parent, "vpc", dir.Path);

        // The child starts with blocks 0 and 3 allocated (some sectors of each); 1, 2 and 4 come from the parent.
        var writes = new List<(long Offset, byte[] Data)>
        {
            (1 << 20, Enumerable.Repeat((byte)0xAB, 64 << 10).ToArray()),
            ((3L * BlockSize) + 4096, Enumerable.Repeat((byte)0xCD, 1024).ToArray()),
        };
        var child = dir.File("child.vhd");
        VhdBuilder.WriteDifferencing(child, parent, Size, writes);
        foreach (var (offset, data) in writes)
        {
            data.CopyTo(model, offset);
        }

        return (parent, child, model);
    }

    /// <summary>The child's disk as qemu-img's bytes of child and parent, chosen per sector by the child's bitmap.</summary>
    private static byte[] ComposedByQemu(string child, string parent, string scratch)
    {
        var childBytes = Qemu.RawBytes(child, "vpc", scratch);
        var parentBytes = Qemu.RawBytes(parent, "vpc", scratch);
        var vhd = VhdFile.Read(child);
        vhd.AssertSound();
        Assert.Equal(4u, vhd.DiskType);
        var disk = new byte[vhd.CurrentSize];
        for (var sector = 0L; sector < disk.Length / 512; sector++)
        {
            var source = vhd.SectorPresent(sector) ? childBytes : parentBytes;
            source.AsSpan((int)(sector * 512), 512).CopyTo(disk.AsSpan((int)(sector * 512)));
        }

        return disk;
    }

    [Theory]
    [InlineData("dynamic")]
    [InlineData("fixed")]
    public void Pseudo_random_writes_go_to_the_child_and_read_as_the_model(string parentFormat)
    {
        using var dir = new TemporaryDirectory();
        var (parent, child, model) = Make(dir, parentFormat);
        var parentSha = ContainerWriteTests.FileSha256(parent);
        var childHead = File.ReadAllBytes(child)[..512];
        var writes = WriteSequence.Make(Size, BlockSize, seed: 4242 + parentFormat.Length, count: 60);

        using (var disk = ContainerOpener.OpenForWriting(child))
        {
            Assert.Equal(ContainerKind.VhdDifferencing, disk.Kind);
            WriteSequence.Apply(disk, model, writes);
        }

        Assert.Equal(parentSha, ContainerWriteTests.FileSha256(parent));
        Assert.True(childHead.AsSpan().SequenceEqual(File.ReadAllBytes(child).AsSpan(0, 512)), "the footer copy at offset 0 changed");
        var composed = ComposedByQemu(child, parent, dir.Path);
        Assert.True(model.AsSpan().SequenceEqual(composed), $"child over parent differs from the model, first at {WriteSequence.FirstDifference(model, composed)}");
        using var reopened = ContainerOpener.Open(child);
        Assert.Equal(ContainerWriteTests.Sha256(model), DiskBytes.Sha256(reopened));
    }

    [Fact]
    public void A_partial_sector_write_keeps_the_parents_other_bytes_of_that_sector()
    {
        using var dir = new TemporaryDirectory();
        var (parent, child, model) = Make(dir, "dynamic");
        var parentSha = ContainerWriteTests.FileSha256(parent);

        // Block 2 is not in the child; block 0 is, but this sector of it is not marked present.
        var writes = new[]
        {
            new DiskWrite((5L << 20) + 100, [1, 2, 3]),
            new DiskWrite((1L << 19) + 511, [4, 5]),
        };
        using (var disk = ContainerOpener.OpenForWriting(child))
        {
            WriteSequence.Apply(disk, model, writes);
        }

        Assert.Equal(parentSha, ContainerWriteTests.FileSha256(parent));
        var vhd = VhdFile.Read(child);
        Assert.True(vhd.SectorPresent((5L << 20) / 512));
        Assert.True(vhd.SectorPresent((1L << 19) / 512) && vhd.SectorPresent(((1L << 19) / 512) + 1));
        Assert.False(vhd.SectorPresent(((5L << 20) / 512) + 1), "only the sector written is taken into the child");
        var composed = ComposedByQemu(child, parent, dir.Path);
        Assert.True(model.AsSpan().SequenceEqual(composed), $"child over parent differs from the model, first at {WriteSequence.FirstDifference(model, composed)}");
    }
}
