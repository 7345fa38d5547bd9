using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests;

public sealed class ErrorHandlingTests
{
    [Theory]
    [InlineData("query")]
    [InlineData("add")]
    [InlineData("delete")]
    [InlineData("export")]
    public void A_missing_hive_file_is_one_line_and_exit_2(string command)
    {
        using var dir = new TemporaryDirectory();

        var line = CliRun.Run(ArgsFor(command, dir.File("NoSuchHive"), dir)).AssertRefused();

        Assert.Contains("does not exist", line, StringComparison.Ordinal);
        Assert.Contains("NoSuchHive", line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData("query")]
    [InlineData("add")]
    [InlineData("delete")]
    [InlineData("export")]
    public void Random_bytes_are_not_a_hive_and_stay_untouched(string command)
    {
        using var dir = new TemporaryDirectory();
        var path = dir.File("garbage");
        var bytes = new byte[64 * 1024];
        new Random(1234).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var line = CliRun.Run(ArgsFor(command, path, dir)).AssertRefused();

        Assert.Contains("not a readable registry hive", line, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData("query")]
    [InlineData("add")]
    [InlineData("delete")]
    [InlineData("export")]
    public void A_dirty_hive_without_logs_is_refused_and_stays_untouched(string command)
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "ezregistry/SECURITY", "SECURITY");
        var before = TestHives.Sha256(hive);

        var line = CliRun.Run(ArgsFor(command, hive, dir)).AssertRefused();

        Assert.Contains("dirty", line, StringComparison.Ordinal);
        Assert.Contains("--force-dirty", line, StringComparison.Ordinal);
        Assert.Equal(before, TestHives.Sha256(hive));
        Assert.Equal([hive], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void A_damaged_hive_is_refused_with_one_line_naming_the_damage()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/corrupted_system_hive.xz", "SYSTEM");

        var line = CliRun.Run("reg", "export", hive, "-").AssertRefused();

        Assert.Contains("offset 0x", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Force_dirty_reads_a_dirty_hive_as_it_is()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "ezregistry/SECURITY", "SECURITY");

        var result = CliRun.Run("reg", "query", hive, "--force-dirty");

        result.AssertSuccess();
        Assert.Contains(@"\Policy", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--force-dirty", result.Stderr, StringComparison.Ordinal); // the warning says what was lost
    }

    [Fact]
    public void A_folder_is_not_a_hive()
    {
        using var dir = new TemporaryDirectory();

        var line = CliRun.Run("reg", "query", dir.Path).AssertRefused();

        Assert.Contains("folder", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reg", "query")]
    [InlineData("reg", "query", "HIVE", "KEY", "/bogus")]
    [InlineData("reg", "add", "HIVE", "KEY", "/v", "a", "/ve")]
    [InlineData("reg", "delete", "HIVE", "KEY", "/v", "a", "/va")]
    [InlineData("reg", "add", "HIVE", "KEY", "--no-backup", "--backup-dir", "x")]
    [InlineData("reg", "export", "HIVE")]
    [InlineData("reg")]
    [InlineData]
    public void A_bad_command_line_is_one_line_and_exit_2(params string[] args)
    {
        var line = CliRun.Run(args).AssertRefused();

        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("--help", line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unexpected_exception_is_exit_3_with_a_hint_to_use_verbose()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var globals = new GlobalOptions();
        var runner = new CommandRunner(globals, stdout, stderr);
        var parse = OfflineRepairCli.BuildRootCommand(globals, runner).Parse(["reg", "query", "x"]);

        int code = runner.Run(parse, _ => throw new InvalidOperationException("boom"));

        Assert.Equal(3, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("boom", line, StringComparison.Ordinal);
        Assert.Contains("--verbose", line, StringComparison.Ordinal);
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public void Verbose_shows_the_stack_trace_of_an_unexpected_exception()
    {
        var stderr = new StringWriter();
        var globals = new GlobalOptions();
        var runner = new CommandRunner(globals, new StringWriter(), stderr);
        var parse = OfflineRepairCli.BuildRootCommand(globals, runner).Parse(["reg", "query", "x", "-v"]);

        int code = runner.Run(parse, _ => throw new InvalidOperationException("boom"));

        Assert.Equal(3, code);
        Assert.Contains("System.InvalidOperationException: boom", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains(" at ", stderr.ToString(), StringComparison.Ordinal);
    }

    private static string[] ArgsFor(string command, string hive, TemporaryDirectory dir) => command switch
    {
        "query" => ["reg", "query", hive, "Select"],
        "add" => ["reg", "add", hive, "New", "/v", "x", "/d", "1"],
        "delete" => ["reg", "delete", hive, "Select", "/f"],
        "export" => ["reg", "export", hive, dir.File("out.reg")],
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };
}
