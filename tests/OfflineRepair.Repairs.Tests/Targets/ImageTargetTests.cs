using System.Security.Cryptography;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Targets;
using OfflineRepair.Targets.Images;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Targets;

/// <summary>
/// The disk images of testdata/images (built by testdata/make-images.sh with sfdisk/sgdisk, mkntfs,
/// ntfs-3g, mkfs.fat, mtools and qemu-img) read as targets through our own engines.
/// </summary>
public sealed class ImageTargetTests
{
    public static TheoryData<string, bool> Images()
    {
        var data = new TheoryData<string, bool>();
        foreach (var layout in new[] { "gen1", "gen1-single", "gen2" })
        {
            foreach (var suffix in new[] { ".img", "-fixed.vhd", "-dynamic.vhd", ".vhdx" })
            {
                data.Add(layout + suffix, layout == "gen2");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_windows_volume_and_the_boot_store_are_found_and_read_byte_for_byte(string image, bool gen2)
    {
        using var dir = new TemporaryDirectory();
        var path = Unpack(image, dir);

        using var target = TargetOpener.Open(path);

        var disk = Assert.IsType<ImageTarget>(target).Disk;
        Assert.Equal(gen2 ? "GPT" : "MBR", disk.PartitionStyle);
        Assert.Single(disk.Volumes, v => v.HoldsWindows);
        var bcdVolume = Assert.Single(disk.Volumes, v => v.HoldsBcd);
        Assert.Equal(gen2 ? "FAT32" : "NTFS", bcdVolume.FileSystem);
        Assert.Equal(Sample("SYSTEM"), ReadAll(target, WindowsPaths.SystemHive));
        Assert.Equal(Sample("BCD"), ReadAll(target, WindowsPaths.BcdStore));
        Assert.Equal(400, target.List(@"windows\winsxs").Count);
        Assert.Equal(Sample("SOFTWARE"), ReadAll(target, WindowsPaths.SoftwareHive));
    }

    [Theory]
    [InlineData("gen1.img")]
    [InlineData("gen2.vhdx")]
    public void The_volumes_match_what_the_partitioning_tools_see(string image)
    {
        using var dir = new TemporaryDirectory();
        var path = Unpack(image, dir);
        var raw = Path.Combine(dir.Path, "raw.img");
        var qemu = Tools.Require("qemu-img", "qemu-utils");
        Assert.Equal(0, Tools.Run(qemu, ["convert", "-O", "raw", path, raw]).ExitCode);
        var sfdisk = Tools.Require("sfdisk", "fdisk");
        var dump = Tools.Run(sfdisk, ["-d", raw]).StandardOutput;

        using var target = Assert.IsType<ImageTarget>(TargetOpener.Open(path));

        foreach (var volume in target.Disk.Volumes)
        {
            Assert.Contains($"start={volume.Offset / 512,12}, size={volume.Length / 512,12}", dump, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Fix_plans_on_an_image_and_refuses_to_write_it_leaving_the_file_as_it_was()
    {
        using var dir = new TemporaryDirectory();
        var path = Unpack("gen1-dynamic.vhd", dir);
        var before = SHA256.HashData(File.ReadAllBytes(path));
        var modified = File.GetLastWriteTimeUtc(path);
        var repairs = RepairCatalog.AllSet;

        using (var target = TargetOpener.Open(path))
        {
            var report = FixRunner.Run(target, new FixRequest(repairs, new RepairOptions(), DryRun: true, BackupDirectory: null, ForceDirty: false, "test", TimeProvider.System));
            Assert.Contains(report.Plans, p => p.Repair == "serial-console" && p.Changes.Count > 0);
            Assert.Contains(report.Plans, p => p.Repair == "tls" && p.Changes.Count > 0);

            var refusal = Assert.Throws<OperationRefusedException>(() =>
                FixRunner.Run(target, new FixRequest(repairs, new RepairOptions(), DryRun: false, BackupDirectory: null, ForceDirty: false, "test", TimeProvider.System)));
            Assert.Contains("Nothing was written", refusal.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(modified, File.GetLastWriteTimeUtc(path));
        Assert.Empty(Directory.GetDirectories(dir.Path));
    }

    [Fact]
    public void Check_on_an_image_reports_the_repairs_that_remain()
    {
        using var dir = new TemporaryDirectory();
        var path = Unpack("gen2-fixed.vhd", dir);

        using var target = TargetOpener.Open(path);
        var report = CheckRunner.Check(target, RepairCatalog.AllSet, new RepairOptions(), forceDirty: false);

        Assert.Equal(CheckReport.NotRepaired, report.ExitCode);
        Assert.All(report.Hives, h => Assert.True(h.Sound));
    }

    [Theory]
    [InlineData("dissect.hypervisor/fixed.vhd.gz")]
    [InlineData("dissect.hypervisor/dynamic.vhd.gz")]
    [InlineData("dissect.hypervisor/fixed.vhdx.gz")]
    [InlineData("dissect.hypervisor/dynamic.vhdx.gz")]
    public void Windows_made_disks_show_their_ntfs_volume_and_no_windows_installation(string corpusFile)
    {
        var path = Corpus.File(corpusFile);

        using var target = Assert.IsType<ImageTarget>(TargetOpener.Open(path));

        var volume = Assert.Single(target.Disk.Volumes);
        Assert.Equal("MBR", target.Disk.PartitionStyle);
        Assert.Equal("NTFS", volume.FileSystem);
        Assert.Equal("New Volume", volume.Label);
        Assert.False(volume.HoldsWindows);
        Assert.False(target.FileExists(WindowsPaths.SystemHive));
        Assert.DoesNotContain("unreadable", volume.State, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_image_is_a_clear_target_error()
    {
        using var dir = new TemporaryDirectory();
        var path = Unpack("gen1-dynamic.vhd", dir);
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(300_000);
        }

        var error = Record.Exception(() => TargetOpener.Open(path).Dispose());

        Assert.NotNull(error);
        Assert.True(error is TargetException, $"expected a TargetException, got {error.GetType().Name}: {error.Message}");
    }

    private static byte[] ReadAll(ITarget target, string path)
    {
        using var stream = target.OpenRead(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Sample(string name)
    {
        using var dir = new TemporaryDirectory();
        return File.ReadAllBytes(TestData.Unpack($"sample/{name}.xz", dir));
    }

    private static string Unpack(string image, TemporaryDirectory dir) => TestData.Unpack($"images/{image}.xz", dir);
}
