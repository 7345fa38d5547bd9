using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.EndToEnd;

/// <summary>
/// The published linux-x64 executable, run as a support engineer runs it on a recovery VM, on a copy of
/// a fixture disk image: each step's exit code and the key lines of its output.
/// </summary>
public sealed partial class PublishedExecutableTests(PublishedExecutable cli) : IClassFixture<PublishedExecutable>
{
    private const string FixtureImage = "images/gen1-fixed.vhd.xz";

    [Fact]
    public void Version_prints_the_version_and_the_commit_it_was_built_from()
    {
        var result = Timed("--version", () => cli.Run(Environment.CurrentDirectory, "--version"));

        AssertExit(0, result);
        Assert.Matches(VersionLine(), result.StandardOutput.TrimEnd('\n'));
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public void Inspect_fix_check_and_restore_a_disk_image()
    {
        using var dir = new TemporaryDirectory();
        var image = TestData.Unpack(FixtureImage, dir);
        var original = Sha256(image);
        var backup = dir.File("backup");

        var inspect = Timed("inspect", () => cli.Run(dir.Path, "inspect", image));
        AssertExit(0, inspect);
        AssertOutput(inspect, "Disk");
        AssertOutput(inspect, "fixed VHD");
        AssertOutput(inspect, "partition table: MBR");
        AssertOutput(inspect, "SYSTEM: clean");
        AssertOutput(inspect, "BCD: clean");

        var diagnose = Timed("diagnose", () => cli.Run(dir.Path, "diagnose", image));
        AssertExit(0, diagnose);
        AssertOutput(diagnose, "[machine-keys-rdp-key]");
        AssertOutput(diagnose, "[serial-console-off]");
        AssertOutput(diagnose, "diagnose: 2 likely causes");

        var before = Timed("check before fix", () => cli.Run(dir.Path, "check", image));
        AssertExit(1, before);
        AssertOutput(before, "check: not repaired");

        var fix = Timed("fix", () => cli.Run(dir.Path, "fix", image, "--all", "--backup-dir", backup));
        AssertExit(0, fix);
        AssertOutput(fix, "read back and verified");
        AssertOutput(fix, $"Backup: {backup}");
        Assert.True(File.Exists(System.IO.Path.Combine(backup, "manifest.json")), "the backup has no manifest.json");
        Assert.True(File.Exists(System.IO.Path.Combine(backup, "image-undo.journal")), "the backup has no image-undo.journal");
        Assert.NotEqual(original, Sha256(image));

        var check = Timed("check after fix", () => cli.Run(dir.Path, "check", image));
        AssertExit(0, check);
        AssertOutput(check, "check: sound, every repair in place");

        var restore = Timed("restore", () => cli.Run(dir.Path, "restore", image, "--from", backup));
        AssertExit(0, restore);
        Assert.Matches(RestoredLine(), restore.StandardOutput);
        Assert.Equal(original, Sha256(image));
    }

    [Fact]
    public void A_missing_image_is_refused_with_exit_code_2_and_one_line()
    {
        using var dir = new TemporaryDirectory();
        var missing = dir.File("no-such-disk.vhd");

        var result = Timed("inspect missing", () => cli.Run(dir.Path, "inspect", missing));

        AssertExit(2, result);
        Assert.Equal("", result.StandardOutput);
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(missing, line, StringComparison.Ordinal);
    }

    /// <summary>The format README.md documents: <c>offline-repair 0.6.0 (commit abc1234)</c>, or <c>(commit unknown)</c> outside git.</summary>
    [GeneratedRegex(@"^offline-repair \d+\.\d+\.\d+(-[0-9A-Za-z.-]+)? \(commit ([0-9a-f]{7}|unknown)\)$")]
    private static partial Regex VersionLine();

    /// <summary>The summary line of <c>restore</c>: <c>restored 2 files; ...</c>.</summary>
    [GeneratedRegex(@"(?m)^restored \d+ files?\b")]
    private static partial Regex RestoredLine();

    private static void AssertOutput(ToolResult result, string expected) =>
        Assert.True(
            result.StandardOutput.Contains(expected, StringComparison.Ordinal),
            $"expected '{expected}' in stdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}");

    private static void AssertExit(int expected, ToolResult result) =>
        Assert.True(
            result.ExitCode == expected,
            $"expected exit code {expected}, got {result.ExitCode}\nstdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}");

    private ToolResult Timed(string step, Func<ToolResult> run)
    {
        // Publishes on first use (or skips off linux-x64) before the clock starts; each step's time,
        // and the publish's, are in the test's output.
        _ = cli.Path;
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"dotnet publish (linux-x64 profile, untrimmed, no ReadyToRun), once per run: {cli.PublishTime.TotalSeconds:F1} s");
        var clock = Stopwatch.StartNew();
        var result = run();
        output?.WriteLine($"{step}: exit {result.ExitCode}, {clock.Elapsed.TotalMilliseconds:F0} ms");
        return result;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
