using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Repairs;

public sealed class FixCommandTests
{
    private const string CrashControl = @"ControlSet001\Control\CrashControl";
    private const string CrashControl2 = @"ControlSet002\Control\CrashControl";
    private const string RdpTcp = @"ControlSet001\Control\Terminal Server\WinStations\RDP-Tcp";

    [Fact]
    public void Dry_run_prints_the_plan_and_leaves_the_hive_untouched()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);
        var sha = TestHives.Sha256(tree.System);
        var mtime = File.GetLastWriteTimeUtc(tree.System);

        var result = CliRun.Run("fix", tree.Root, "--all", "--dry-run");

        result.AssertSuccess();
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        var header = Assert.Single(lines, l => l.StartsWith("REPAIR ", StringComparison.Ordinal));
        int changeColumn = header.IndexOf("CHANGE", StringComparison.Ordinal);
        var crashRow = Assert.Single(lines, l => l.Contains(CrashControl, StringComparison.Ordinal) && l.Contains("CrashDumpEnabled", StringComparison.Ordinal));
        Assert.Equal("0x2 → 0x1", crashRow[changeColumn..]); // aligned under CHANGE, reg.exe's form
        Assert.Contains(lines, l => l.Contains(@"TLS 1.2\Server", StringComparison.Ordinal) && l.EndsWith("key created", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(RdpTcp, StringComparison.Ordinal) && l.Contains("UserAuthentication", StringComparison.Ordinal) && l.EndsWith("0x0 → 0x1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(@"ControlSet002\Control\CrashControl", StringComparison.Ordinal));
        Assert.Contains("dry run: nothing written", result.Stdout, StringComparison.Ordinal);

        Assert.Equal(sha, TestHives.Sha256(tree.System));
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(tree.System));
        Assert.Empty(WindowsTree.Backups(dir));
    }

    [Fact]
    public void Fix_writes_every_selected_control_set_and_names_the_backup()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);

        var result = CliRun.Run("fix", tree.Root, "tls", "nla", "crash-dump");

        result.AssertSuccess();
        Assert.Equal("1", WindowsTree.HivexGet(tree.System, CrashControl, "CrashDumpEnabled"));
        Assert.Equal("1", WindowsTree.HivexGet(tree.System, CrashControl2, "CrashDumpEnabled"));
        Assert.Equal("1", WindowsTree.HivexGet(tree.System, CrashControl, "NMICrashDump"));
        Assert.Equal("1", WindowsTree.HivexGet(tree.System, RdpTcp, "UserAuthentication"));
        Assert.Equal("1", WindowsTree.HivexGet(tree.System, @"ControlSet002\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Server", "Enabled"));

        var backup = Assert.Single(WindowsTree.Backups(dir));
        Assert.Contains($"Backup: {backup}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"offline-repair restore {tree.Root} --from {backup}", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(backup, "manifest.json")));
    }

    [Fact]
    public void A_second_fix_has_nothing_to_change_and_makes_no_backup()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);
        CliRun.Run("fix", tree.Root, "--all").AssertSuccess();
        var sha = TestHives.Sha256(tree.System);

        var again = CliRun.Run("fix", tree.Root, "--all");

        again.AssertSuccess();
        Assert.Contains("nothing to change: every requested repair is already in place", again.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Backup:", again.Stdout, StringComparison.Ordinal);
        Assert.Single(WindowsTree.Backups(dir));
        Assert.Equal(sha, TestHives.Sha256(tree.System));
    }

    [Fact]
    public void A_hive_file_target_works_and_skips_what_needs_SOFTWARE()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/SYSTEM.xz", "SYSTEM");
        var backups = dir.File("backups");

        var result = CliRun.Run("fix", hive, "crash-dump", "rdp-cert", "--backup-dir", backups);

        result.AssertSuccess();
        Assert.Equal("1", WindowsTree.HivexGet(hive, CrashControl, "CrashDumpEnabled"));
        var skipped = result.Stdout[result.Stdout.IndexOf("Skipped:", StringComparison.Ordinal)..];
        Assert.Contains("rdp-cert", skipped, StringComparison.Ordinal);
        Assert.Contains("SOFTWARE", skipped, StringComparison.Ordinal);
        Assert.Contains($"--from {backups}", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(backups, "manifest.json")));
    }

    [Fact]
    public void Only_repairs_that_cannot_run_is_a_refusal()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/SYSTEM.xz", "SYSTEM");
        var sha = TestHives.Sha256(hive);

        var line = CliRun.Run("fix", hive, "rdp-cert").AssertRefused();

        Assert.Contains("SOFTWARE", line, StringComparison.Ordinal);
        Assert.Equal(sha, TestHives.Sha256(hive));
    }

    [Fact]
    public void Json_output_has_the_documented_fields()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);

        var result = CliRun.Run("fix", tree.Root, "crash-dump", "nla", "--json");

        result.AssertSuccess();
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schema").GetInt32());
        Assert.Equal("fix", root.GetProperty("command").GetString());
        Assert.False(root.GetProperty("dryRun").GetBoolean());
        Assert.True(root.GetProperty("written").GetBoolean());
        Assert.True(root.GetProperty("verified").GetBoolean());
        var backup = Assert.Single(WindowsTree.Backups(dir));
        Assert.Equal(backup, root.GetProperty("backupDirectory").GetString());
        Assert.EndsWith($"--from {backup}", root.GetProperty("restoreCommand").GetString(), StringComparison.Ordinal);
        Assert.Equal(6, root.GetProperty("changeCount").GetInt32()); // per control set: UserAuthentication, CrashDumpEnabled, NMICrashDump

        var repairs = root.GetProperty("repairs").EnumerateArray().ToList();
        Assert.Equal(["nla", "crash-dump"], repairs.Select(r => r.GetProperty("name").GetString()));
        Assert.All(repairs, r => Assert.Equal("written", r.GetProperty("status").GetString()));
        var crash = repairs[1].GetProperty("changes").EnumerateArray()
            .Single(c => c.GetProperty("key").GetString() == CrashControl && c.GetProperty("value").GetString() == "CrashDumpEnabled");
        Assert.Equal("set-value", crash.GetProperty("action").GetString());
        Assert.Equal("SYSTEM", crash.GetProperty("hive").GetString());
        Assert.Equal("REG_DWORD", crash.GetProperty("oldType").GetString());
        Assert.Equal("0x2", crash.GetProperty("old").GetString());
        Assert.Equal("0x1", crash.GetProperty("new").GetString());
        var file = Assert.Single(root.GetProperty("filesWritten").EnumerateArray().ToList());
        Assert.Equal(TestHives.Sha256(tree.System).ToLowerInvariant(), file.GetProperty("sha256After").GetString());
    }

    [Fact]
    public void A_truncated_hive_is_refused_in_one_line_and_left_as_it_was()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);
        var bytes = File.ReadAllBytes(tree.System);
        File.WriteAllBytes(tree.System, bytes[..(bytes.Length / 3)]);
        var sha = TestHives.Sha256(tree.System);

        var line = CliRun.Run("fix", tree.Root, "--all").AssertRefused();

        Assert.Contains("SYSTEM", line, StringComparison.Ordinal);
        Assert.Equal(sha, TestHives.Sha256(tree.System));
        Assert.Empty(WindowsTree.Backups(dir));
    }

    [Fact]
    public void A_truncated_hive_file_target_is_refused_in_one_line()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/SYSTEM.xz", "SYSTEM");
        var bytes = File.ReadAllBytes(hive);
        File.WriteAllBytes(hive, bytes[..(bytes.Length / 3)]);

        var line = CliRun.Run("fix", hive, "--all").AssertRefused();

        Assert.Contains("not a readable registry hive", line, StringComparison.Ordinal);
        Assert.Equal(bytes[..(bytes.Length / 3)], File.ReadAllBytes(hive));
        Assert.Equal([hive], Directory.GetFileSystemEntries(dir.Path));
    }

    [Theory]
    [InlineData("bogus", "is not a repair", "tls, nla, crash-dump, serial-console, rdp-port, rdp-cert, group-policy, machine-keys")]
    [InlineData("Machine_Keys", "is not a repair", "machine-keys")]
    public void Unknown_repair_names_are_refused_with_the_valid_ones(string name, string says, string names)
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);
        var sha = TestHives.Sha256(tree.System);

        var line = CliRun.Run("fix", tree.Root, "tls", name).AssertRefused();

        Assert.Contains(says, line, StringComparison.Ordinal);
        Assert.Contains(names, line, StringComparison.Ordinal);
        Assert.Equal(sha, TestHives.Sha256(tree.System));
    }

    [Fact]
    public void No_repair_and_no_all_is_refused_with_the_usage()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);

        var line = CliRun.Run("fix", tree.Root).AssertRefused();

        Assert.Contains("--all", line, StringComparison.Ordinal);
        Assert.Contains("offline-repair fix", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--tls", "1.3")]
    [InlineData("--port", "70000")]
    [InlineData("--control-sets", "some")]
    public void Bad_repair_options_are_refused_before_anything_is_written(string option, string value)
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);
        var sha = TestHives.Sha256(tree.System);

        CliRun.Run("fix", tree.Root, "tls", "rdp-port", option, value).AssertRefused();

        Assert.Equal(sha, TestHives.Sha256(tree.System));
        Assert.Empty(WindowsTree.Backups(dir));
    }

    [Fact]
    public void Tls_option_restricts_the_versions_and_port_moves_listener_and_firewall()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);

        CliRun.Run("fix", tree.Root, "tls", "rdp-port", "--tls", "1.2", "--port", "3390").AssertSuccess();

        const string Protocols = @"ControlSet001\Control\SecurityProviders\SCHANNEL\Protocols";
        Assert.Equal("1", WindowsTree.HivexGet(tree.System, Protocols + @"\TLS 1.2\Server", "Enabled"));
        Assert.Null(WindowsTree.HivexGet(tree.System, Protocols + @"\TLS 1.0\Server", "Enabled"));
        Assert.Equal("3390", WindowsTree.HivexGet(tree.System, RdpTcp, "PortNumber"));
        Assert.Contains("LPort=3390", WindowsTree.HivexGet(tree.System, @"ControlSet001\Services\SharedAccess\Parameters\FirewallPolicy\FirewallRules", "RemoteDesktop-UserMode-In-TCP"), StringComparison.Ordinal);
    }
}
