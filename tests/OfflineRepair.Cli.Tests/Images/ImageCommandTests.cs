using System.Security.Cryptography;
using System.Text.Json;
using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Images;

/// <summary>The read-only commands on the disk images of testdata/images (made by testdata/make-images.sh).</summary>
public sealed class ImageCommandTests
{
    [Fact]
    public void Inspect_shows_the_disk_its_partitions_and_where_windows_and_the_boot_store_are()
    {
        using var dir = new TemporaryDirectory();
        var image = Unpack("gen2-dynamic.vhd", dir);

        var result = CliRun.Run("inspect", image, "--json");

        result.AssertSuccess();
        using var json = JsonDocument.Parse(result.Stdout);
        var disk = json.RootElement.GetProperty("disk");
        Assert.Equal("GPT", disk.GetProperty("partitionStyle").GetString());
        var volumes = disk.GetProperty("volumes").EnumerateArray().ToList();
        Assert.Equal(3, volumes.Count);
        Assert.True(volumes[0].GetProperty("holdsBcd").GetBoolean());
        Assert.Equal("FAT32", volumes[0].GetProperty("fileSystem").GetString());
        Assert.True(volumes[2].GetProperty("holdsWindows").GetBoolean());
        Assert.Equal("clean", volumes[2].GetProperty("state").GetString());
    }

    [Fact]
    public void Reg_query_and_bcd_enum_read_inside_an_image()
    {
        using var dir = new TemporaryDirectory();
        var image = Unpack("gen1.vhdx", dir);

        var query = CliRun.Run("reg", "query", image + "::Windows/System32/config/SYSTEM", @"ControlSet001\Control\Terminal Server\WinStations\RDP-Tcp", "/v", "PortNumber");
        var bcd = CliRun.Run("bcd", "enum", image + "::Boot/BCD");

        query.AssertSuccess();
        Assert.Contains("PortNumber    REG_DWORD    0xd3d", query.Stdout, StringComparison.Ordinal);
        bcd.AssertSuccess();
        Assert.Contains("{bootmgr}", bcd.Stdout, StringComparison.Ordinal);
        Assert.Contains("Windows Server", bcd.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_commands_on_an_image_are_refused_and_leave_it_untouched()
    {
        using var dir = new TemporaryDirectory();
        var image = Unpack("gen1-fixed.vhd", dir);
        var before = SHA256.HashData(File.ReadAllBytes(image));

        var add = CliRun.Run("reg", "add", image + "::Windows/System32/config/SYSTEM", "Select", "/v", "X", "/d", "1", "/f");
        var fix = CliRun.Run("fix", image, "--all");
        var dryRun = CliRun.Run("fix", image, "--all", "--dry-run");

        add.AssertRefused();
        Assert.Contains("later version", fix.AssertRefused(), StringComparison.Ordinal);
        dryRun.AssertSuccess();
        Assert.Contains("serial-console", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(image)));
        Assert.Empty(Directory.GetDirectories(dir.Path));
    }

    private static string Unpack(string image, TemporaryDirectory dir) => TestData.Unpack($"images/{image}.xz", dir);
}
