using System.Security.Cryptography;
using System.Text.Json;
using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Images;

/// <summary>The commands on the disk images of testdata/images (made by testdata/make-images.sh).</summary>
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
    public void Reg_add_on_an_image_is_refused_and_points_to_fix()
    {
        using var dir = new TemporaryDirectory();
        var image = Unpack("gen1-fixed.vhd", dir);
        var before = SHA256.HashData(File.ReadAllBytes(image));

        var add = CliRun.Run("reg", "add", image + "::Windows/System32/config/SYSTEM", "Select", "/v", "X", "/d", "1", "/f");

        Assert.Contains("use fix", add.AssertRefused(), StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(image)));
        Assert.Empty(Directory.GetDirectories(dir.Path));
    }

    [Fact]
    public void Fix_writes_an_image_in_place_and_restore_gives_back_the_file_byte_for_byte()
    {
        using var dir = new TemporaryDirectory();
        var image = Unpack("gen1-fixed.vhd", dir);
        var before = SHA256.HashData(File.ReadAllBytes(image));
        var backup = Path.Combine(dir.Path, "backup");

        var dryRun = CliRun.Run("fix", image, "--all", "--dry-run");
        dryRun.AssertSuccess();
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(image)));

        var fix = CliRun.Run("fix", image, "--all", "--backup-dir", backup);
        fix.AssertSuccess();
        Assert.Contains("serial-console", fix.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(before, SHA256.HashData(File.ReadAllBytes(image)));
        Assert.True(File.Exists(Path.Combine(backup, "image-undo.journal")));
        Assert.True(File.Exists(Path.Combine(backup, "SYSTEM")));

        var check = CliRun.Run("check", image);
        Assert.Equal(0, check.ExitCode);

        var restore = CliRun.Run("restore", image, "--from", backup);
        restore.AssertSuccess();
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(image)));
    }

    [Fact]
    public void Fix_on_an_image_whose_windows_volume_is_dirty_exits_2_and_changes_nothing()
    {
        using var dir = new TemporaryDirectory();
        var image = Unpack("gen1-single.img", dir);
        var sfdisk = Tools.Require("sfdisk", "fdisk");
        using var table = JsonDocument.Parse(Tools.Run(sfdisk, ["-J", image]).StandardOutput);
        long start = table.RootElement.GetProperty("partitiontable").GetProperty("partitions")[0].GetProperty("start").GetInt64() * 512;
        var volume = Path.Combine(dir.Path, "volume.ntfs");
        using (var disk = File.OpenRead(image))
        using (var copy = File.Create(volume))
        {
            disk.Position = start;
            disk.CopyTo(copy);
        }

        // ntfsfix (without -n) marks the volume dirty so that Windows runs chkdsk at the next boot.
        Assert.Equal(0, Tools.Run(Tools.Require("ntfsfix", "ntfs-3g"), [volume]).ExitCode);
        using (var disk = new FileStream(image, FileMode.Open, FileAccess.Write))
        {
            disk.Position = start;
            disk.Write(File.ReadAllBytes(volume));
        }

        File.Delete(volume);
        var before = SHA256.HashData(File.ReadAllBytes(image));

        var fix = CliRun.Run("fix", image, "--all");

        var message = fix.AssertRefused();
        Assert.Contains("dirty", message, StringComparison.Ordinal);
        Assert.Contains("chkdsk", message, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(image)));
        Assert.Empty(Directory.GetDirectories(dir.Path));
    }

    private static string Unpack(string image, TemporaryDirectory dir) => TestData.Unpack($"images/{image}.xz", dir);
}
