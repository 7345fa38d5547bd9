using System.Text.Json;
using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Repairs;

public sealed class RestoreCommandTests
{
    [Fact]
    public void Restore_gives_back_the_original_bytes()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);
        var original = TestHives.Sha256(tree.System);
        CliRun.Run("fix", tree.Root, "--all").AssertSuccess();
        Assert.NotEqual(original, TestHives.Sha256(tree.System));
        var backup = Assert.Single(WindowsTree.Backups(dir));

        var result = CliRun.Run("restore", tree.Root, "--from", backup);

        result.AssertSuccess();
        Assert.Equal(original, TestHives.Sha256(tree.System));
        Assert.Contains("restored 1 file", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(original.ToLowerInvariant(), result.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, CliRun.Run("check", tree.Root).ExitCode);
    }

    [Fact]
    public void The_printed_undo_command_works_as_printed()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/SYSTEM.xz", "SYSTEM");
        var original = TestHives.Sha256(hive);
        var fix = CliRun.Run("fix", hive, "nla", "--backup-dir", dir.File("bk"));
        fix.AssertSuccess();
        var undo = fix.Stdout.ReplaceLineEndings("\n").Split('\n').Single(l => l.StartsWith("To undo: ", StringComparison.Ordinal));
        var words = undo["To undo: offline-repair ".Length..].Split(' ');

        var result = CliRun.Run(words);

        result.AssertSuccess();
        Assert.Equal(original, TestHives.Sha256(hive));
    }

    [Fact]
    public void A_second_restore_finds_nothing_to_do_and_says_so_in_json()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);
        CliRun.Run("fix", tree.Root, "crash-dump").AssertSuccess();
        var backup = Assert.Single(WindowsTree.Backups(dir));
        CliRun.Run("restore", tree.Root, "--from", backup).AssertSuccess();

        var result = CliRun.Run("restore", tree.Root, "--from", backup, "--json");

        result.AssertSuccess();
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("restore", json.RootElement.GetProperty("command").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("restoredCount").GetInt32());
        Assert.Equal("already-original", Assert.Single(json.RootElement.GetProperty("files").EnumerateArray().ToList()).GetProperty("action").GetString());
    }

    [Fact]
    public void A_folder_without_a_backup_is_refused()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);
        var sha = TestHives.Sha256(tree.System);
        Directory.CreateDirectory(dir.File("empty"));

        CliRun.Run("restore", tree.Root, "--from", dir.File("empty")).AssertRefused();
        CliRun.Run("restore", tree.Root, "--from", dir.File("missing")).AssertRefused();

        Assert.Equal(sha, TestHives.Sha256(tree.System));
    }

    [Fact]
    public void From_is_required()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);

        var line = CliRun.Run("restore", tree.Root).AssertRefused();

        Assert.Contains("--from", line, StringComparison.Ordinal);
    }
}
