using System.Text.Json;
using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Repairs;

public sealed class InspectCommandTests
{
    [Fact]
    public void Inspect_shows_the_control_sets_and_each_setting_per_control_set()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);
        var sha = TestHives.Sha256(tree.System);

        var result = CliRun.Run("inspect", tree.Root);

        result.AssertSuccess();
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains(lines, l => l.Contains("Current=1 Default=1 LastKnownGood=2 Failed=0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("ControlSet001 (Current, Default), ControlSet002 (LastKnownGood)", StringComparison.Ordinal));
        var header = Assert.Single(lines, l => l.TrimStart().StartsWith("SETTING ", StringComparison.Ordinal));
        int second = header.IndexOf("ControlSet002", StringComparison.Ordinal);
        Assert.True(header.IndexOf("ControlSet001", StringComparison.Ordinal) is > 0 and var first && first < second);
        var crash = Assert.Single(lines, l => l.TrimStart().StartsWith("CrashDumpEnabled ", StringComparison.Ordinal));
        Assert.Equal("0x2", crash[second..].Trim());
        Assert.Contains(lines, l => l.TrimStart().StartsWith("PortNumber ", StringComparison.Ordinal) && l.Contains("0xd3d (3389)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("NMICrashDump ", StringComparison.Ordinal) && l.Contains("(absent)", StringComparison.Ordinal));
        Assert.Contains("SYSTEM: clean", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(sha, TestHives.Sha256(tree.System));
    }

    [Fact]
    public void Inspect_reads_the_sample_hive_after_a_fix()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestData.Unpack("sample/SYSTEM.xz", dir);
        CliRun.Run("fix", hive, "tls", "--backup-dir", dir.File("bk")).AssertSuccess();

        var result = CliRun.Run("inspect", hive, "--json");

        result.AssertSuccess();
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schema").GetInt32());
        Assert.Equal("inspect", root.GetProperty("command").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("windows").ValueKind);
        Assert.Equal(["ControlSet001"], root.GetProperty("controlSets").GetProperty("present").EnumerateArray().Select(e => e.GetString()));
        var settings = root.GetProperty("settings").EnumerateArray().ToDictionary(s => s.GetProperty("setting").GetString()!);
        Assert.Equal("0x1", settings["TLS 1.2 Server Enabled"].GetProperty("data").GetString());
        Assert.Equal("0x0", settings["TLS 1.2 Server DisabledByDefault"].GetProperty("data").GetString());
        Assert.Equal("0x0", settings["UserAuthentication"].GetProperty("data").GetString()); // nla not run
        Assert.Equal(JsonValueKind.Null, settings["NMICrashDump"].GetProperty("data").ValueKind);
        Assert.Equal("3389", settings["firewall RemoteDesktop-UserMode-In-TCP LPort"].GetProperty("data").GetString());
        var hives = root.GetProperty("hives").EnumerateArray().ToDictionary(h => h.GetProperty("hive").GetString()!);
        Assert.Equal("clean", hives["SYSTEM"].GetProperty("state").GetString());
        Assert.False(hives["SYSTEM"].GetProperty("logsReplayed").GetBoolean());
        Assert.Equal("absent", hives["SOFTWARE"].GetProperty("state").GetString());
    }

    [Fact]
    public void A_missing_target_is_one_line_and_exit_2()
    {
        using var dir = new TemporaryDirectory();

        var line = CliRun.Run("inspect", dir.File("nowhere")).AssertRefused();

        Assert.Contains("does not exist", line, StringComparison.Ordinal);
    }
}
