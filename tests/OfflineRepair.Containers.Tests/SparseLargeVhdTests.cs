using OfflineRepair.Containers.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Containers.Tests;

/// <summary>A 127 GiB fixed VHD (a sparse file) is opened and read without reading the file through.</summary>
public sealed class SparseLargeVhdTests
{
    [Fact]
    public void Opening_and_reading_a_127_GiB_fixed_vhd_reads_only_what_is_asked()
    {
        _ = Qemu.Img;
        using var dir = new TemporaryDirectory();
        var image = dir.File("big.vhd");
        Qemu.Run("create", "-f", "vpc", "-o", "subformat=fixed,force_size=on", image, "127G");
        var stat = Tools.Run("stat", ["-c", "%b %B", image]);
        var parts = stat.StandardOutput.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        Assert.True(parts[0] * parts[1] < 64 << 20, $"the file should be sparse but uses {parts[0] * parts[1]} bytes");

        using var counting = new CountingStream(File.OpenRead(image));
        using var disk = ContainerOpener.Open(counting, image);

        Assert.Equal(ContainerKind.VhdFixed, disk.Kind);
        Assert.Equal(127L << 30, disk.VirtualSize);
        var sector = new byte[512];
        disk.Position = 0;
        disk.ReadExactly(sector);
        disk.Position = 1 << 20;
        disk.ReadExactly(sector);
        disk.Position = disk.Length - 512;
        disk.ReadExactly(sector);
        disk.Position = disk.Length - (33 * 512);
        disk.ReadExactly(sector);
        Assert.All(sector, b => Assert.Equal(0, b));
        Assert.True(counting.BytesRead <= 8 << 10, $"{counting.BytesRead} bytes read from the file");
    }
}
