using System.Text.Json;
using System.Xml.Linq;
using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Repairs;

public sealed class CheckCommandTests
{
    [Fact]
    public void Check_exits_1_before_the_fix_and_0_after()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);
        var sha = TestHives.Sha256(tree.System);

        var before = CliRun.Run("check", tree.Root);

        Assert.True(before.ExitCode == 1, $"exit {before.ExitCode}: {before.Stderr}");
        Assert.Contains("Remaining:", before.Stdout, StringComparison.Ordinal);
        Assert.Contains(@"ControlSet001\Control\CrashControl", before.Stdout, StringComparison.Ordinal);
        Assert.Equal(sha, TestHives.Sha256(tree.System)); // check never writes

        CliRun.Run("fix", tree.Root, "--all").AssertSuccess();
        var after = CliRun.Run("check", tree.Root);

        after.AssertSuccess();
        Assert.DoesNotContain("Remaining:", after.Stdout, StringComparison.Ordinal);
        Assert.Contains("every repair in place", after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Junit_report_has_a_testcase_per_hive_and_repair_with_failures_for_what_remains()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);
        var junit = dir.File("check.xml");
        CliRun.Run("fix", tree.Root, "nla").AssertSuccess();

        var result = CliRun.Run("check", tree.Root, "tls", "nla", "crash-dump", "--junit", junit);

        Assert.Equal(1, result.ExitCode);
        var xml = XDocument.Load(junit);
        var suite = Assert.Single(xml.Descendants("testsuite"));
        Assert.Equal("offline-repair check", (string?)suite.Attribute("name"));
        var cases = suite.Elements("testcase").ToDictionary(c => (string)c.Attribute("name")!);
        Assert.Equal(["SYSTEM", "tls", "nla", "crash-dump"], cases.Keys);
        Assert.Null(cases["SYSTEM"].Element("failure"));
        Assert.Null(cases["nla"].Element("failure"));
        var failure = cases["crash-dump"].Element("failure");
        Assert.NotNull(failure);
        Assert.Contains("NMICrashDump", failure.Value, StringComparison.Ordinal);
        Assert.Equal("2", (string?)suite.Attribute("failures"));
        Assert.Equal("4", (string?)suite.Attribute("tests"));
    }

    [Fact]
    public void Junit_marks_a_repair_the_target_cannot_serve_as_skipped()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/SYSTEM.xz", "SYSTEM");
        var junit = dir.File("check.xml");

        CliRun.Run("check", hive, "rdp-cert", "--junit", junit);

        var testcase = Assert.Single(XDocument.Load(junit).Descendants("testcase"), c => (string?)c.Attribute("name") == "rdp-cert");
        Assert.Contains("SOFTWARE", (string?)testcase.Element("skipped")?.Attribute("message"), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_lists_the_remaining_changes()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);

        var result = CliRun.Run("check", tree.Root, "crash-dump", "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schema").GetInt32());
        Assert.Equal("check", root.GetProperty("command").GetString());
        Assert.Equal("not-repaired", root.GetProperty("result").GetString());
        Assert.Equal(1, root.GetProperty("exitCode").GetInt32());
        Assert.True(Assert.Single(root.GetProperty("hives").EnumerateArray().ToList()).GetProperty("sound").GetBoolean());
        var repair = Assert.Single(root.GetProperty("repairs").EnumerateArray().ToList());
        Assert.Equal("not-in-place", repair.GetProperty("status").GetString());
        Assert.Equal(4, repair.GetProperty("remaining").GetArrayLength());
    }

    [Fact]
    public void A_truncated_hive_exits_2()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);
        var bytes = File.ReadAllBytes(tree.System);
        File.WriteAllBytes(tree.System, bytes[..(bytes.Length / 3)]);

        var result = CliRun.Run("check", tree.Root);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("SYSTEM", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(bytes[..(bytes.Length / 3)], File.ReadAllBytes(tree.System));
    }

    [Fact]
    public void An_unknown_repair_is_refused()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);

        var line = CliRun.Run("check", tree.Root, "tsl").AssertRefused();

        Assert.Contains("'tsl' is not a repair", line, StringComparison.Ordinal);
    }
}
