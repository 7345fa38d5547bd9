using System.Text.RegularExpressions;
using OfflineRepair.Cli.Hives;
using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Hives;

public sealed partial class HiveBackupTests
{
    [Fact]
    public void Add_keeps_a_backup_equal_to_the_original_and_says_where()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/SYSTEM.xz", "SYSTEM");
        var original = File.ReadAllBytes(hive);

        var result = CliRun.Run("reg", "add", hive, @"HKLM\SYSTEM\Select", "/v", "Current", "/t", "REG_DWORD", "/d", "2", "/f");

        result.AssertSuccess();
        var backup = Assert.Single(Directory.GetFiles(dir.Path), f => f != hive);
        Assert.Matches(BackupName(), Path.GetFileName(backup));
        Assert.Equal(original, File.ReadAllBytes(backup));
        Assert.NotEqual(original, File.ReadAllBytes(hive));
        Assert.Contains(backup, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_backs_up_the_logs_too()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "museum/Win11/SAM", "SAM");
        var log1 = TestHives.Copy(dir, "museum/Win11/SAM.LOG1", "SAM.LOG1");
        var log2 = TestHives.Copy(dir, "museum/Win11/SAM.LOG2", "SAM.LOG2");
        var originals = new[] { hive, log1, log2 }.ToDictionary(p => Path.GetFileName(p), File.ReadAllBytes);

        CliRun.Run("reg", "delete", hive, @"SAM\Domains\Account", "/va", "/f").AssertSuccess();

        var backups = Directory.GetFiles(dir.Path, "*.bak");
        Assert.Equal(3, backups.Length);
        foreach (var (name, bytes) in originals)
        {
            var backup = Assert.Single(backups, b => Regex.IsMatch(Path.GetFileName(b), "^" + Regex.Escape(name) + @"\.\d{8}-\d{6}\.bak$"));
            Assert.Equal(bytes, File.ReadAllBytes(backup));
        }
    }

    [Fact]
    public void No_backup_makes_none()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "yarp/EmptyHive", "EmptyHive");

        CliRun.Run("reg", "add", hive, "K", "/v", "x", "/d", "1", "--no-backup").AssertSuccess();

        Assert.Equal([hive], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Backup_dir_puts_the_copy_there()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "yarp/EmptyHive", "SYSTEM");
        var original = File.ReadAllBytes(hive);
        var folder = Path.Combine(dir.Path, "backups", "today");

        CliRun.Run("reg", "add", hive, "K", "/v", "x", "/d", "1", "--backup-dir", folder).AssertSuccess();

        Assert.Equal([hive], Directory.GetFiles(dir.Path));
        var backup = Assert.Single(Directory.GetFiles(folder));
        Assert.Matches(BackupName(), Path.GetFileName(backup));
        Assert.Equal(original, File.ReadAllBytes(backup));
    }

    [Fact]
    public void Two_backups_in_the_same_second_do_not_overwrite_each_other()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "yarp/EmptyHive", "EmptyHive");
        var now = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Local);

        var first = HiveBackup.Create(hive, null, now);
        File.AppendAllText(hive, "changed");
        var second = HiveBackup.Create(hive, null, now);

        Assert.Equal(dir.File("EmptyHive.20250102-030405.bak"), first[0]);
        Assert.Equal(dir.File("EmptyHive.20250102-030405-2.bak"), second[0]);
        Assert.NotEqual(File.ReadAllBytes(first[0]), File.ReadAllBytes(second[0]));
    }

    [Fact]
    public void Nothing_to_write_makes_no_backup_and_no_change()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/SYSTEM.xz", "SYSTEM");
        var before = TestHives.Sha256(hive);

        var result = CliRun.Run("reg", "add", hive, @"HKLM\SYSTEM\Select");

        result.AssertSuccess();
        Assert.Equal([hive], Directory.GetFiles(dir.Path));
        Assert.Equal(before, TestHives.Sha256(hive));
    }

    [GeneratedRegex(@"^SYSTEM\.\d{8}-\d{6}\.bak$")]
    private static partial Regex BackupName();
}
