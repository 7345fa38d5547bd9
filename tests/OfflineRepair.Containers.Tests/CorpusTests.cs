using OfflineRepair.Containers.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Containers.Tests;

/// <summary>Windows-made VHD and VHDX files (fox-it/dissect.hypervisor), checked against qemu-img.</summary>
public sealed class CorpusTests
{
    [Theory]
    [InlineData("dissect.hypervisor/fixed.vhd.gz", "vpc", ContainerKind.VhdFixed)]
    [InlineData("dissect.hypervisor/dynamic.vhd.gz", "vpc", ContainerKind.VhdDynamic)]
    [InlineData("dissect.hypervisor/fixed.vhdx.gz", "vhdx", ContainerKind.Vhdx)]
    [InlineData("dissect.hypervisor/dynamic.vhdx.gz", "vhdx", ContainerKind.Vhdx)]
    public void Windows_made_image_reads_as_qemu_img_reads_it(string corpusFile, string qemuFormat, ContainerKind kind)
    {
        var path = Corpus.File(corpusFile);
        _ = Qemu.Img;
        using var scratch = new TemporaryDirectory();

        using var disk = ContainerOpener.Open(path);

        Assert.Equal(kind, disk.Kind);
        Assert.Equal(Qemu.VirtualSize(path, qemuFormat), disk.VirtualSize);
        Assert.Equal(disk.VirtualSize, disk.Length);
        Assert.Equal(512, disk.LogicalSectorSize);
        Assert.Equal(Qemu.RawSha256(path, qemuFormat, scratch.Path), DiskBytes.Sha256(disk));
        Assert.Contains(path, disk.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_made_disk_starts_with_an_MBR()
    {
        using var disk = ContainerOpener.Open(Corpus.File("dissect.hypervisor/dynamic.vhdx.gz"));
        var sector = new byte[512];
        disk.ReadExactly(sector);
        Assert.Equal(0x55, sector[510]);
        Assert.Equal(0xAA, sector[511]);
    }

    [Fact]
    public void Differencing_avhdx_without_its_parent_names_the_parent()
    {
        var path = Corpus.File("dissect.hypervisor/differencing.avhdx.gz");

        var error = Assert.Throws<ParentNotFoundException>(() => ContainerOpener.Open(path));

        Assert.EndsWith(".avhdx", error.ParentFileName, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("Generation 1_", error.ParentFileName, StringComparison.Ordinal);
        Assert.Contains(error.ParentFileName, error.Message, StringComparison.Ordinal);
        Assert.Contains("parent not found", error.Message, StringComparison.Ordinal);
    }
}
