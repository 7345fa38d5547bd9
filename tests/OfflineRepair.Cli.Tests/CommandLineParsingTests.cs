using System.Text;
using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.Registry;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests;

/// <summary>reg.exe-style switches through the real System.CommandLine parser, checked by reading the hive back.</summary>
public sealed class CommandLineParsingTests
{
    [Theory]
    [InlineData("REG_DWORD", "0x1", "01000000")]
    [InlineData("REG_SZ", "-5", "2d0035000000")]
    [InlineData("REG_SZ", "", "0000")]
    [InlineData("REG_SZ", "-v", "2d0076000000")]
    [InlineData("REG_SZ", "/f", "2f0066000000")]
    [InlineData("REG_SZ", "--help", "2d002d00680065006c0070000000")]
    public void Data_that_looks_like_an_option_is_data(string type, string data, string stored)
    {
        Assert.Equal(stored, AddAndRead(["/v", "x", "/t", type, "/d", data]).Hex);
    }

    [Fact]
    public void Data_starting_with_at_is_not_a_response_file()
    {
        const string Resource = @"@%SystemRoot%\system32\termsrv.dll,-268";

        Assert.Equal(Convert.ToHexString(Encoding.Unicode.GetBytes(Resource + "\0")).ToLowerInvariant(), AddAndRead(["/v", "x", "/d", Resource]).Hex);
    }

    [Theory]
    [InlineData("/V", "/T", "/D", "/F")]
    [InlineData("--value", "--type", "--data", "--force")]
    public void Switches_work_in_upper_case_and_long_form(string value, string type, string data, string force)
    {
        Assert.Equal("07000000", AddAndRead([value, "x", type, "REG_DWORD", data, "7", force]).Hex);
    }

    [Fact]
    public void Global_options_may_stand_anywhere()
    {
        var (result, _) = AddAndRead(["-v", "/v", "x", "/d", "1", "--verbose"]);

        Assert.Contains("[DBG]", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Logs_go_to_stderr_and_results_to_stdout_and_to_the_log_file()
    {
        using var dir = new TemporaryDirectory();
        var hive = dir.File("TEST");
        File.WriteAllBytes(hive, EmptyHive.Create("ROOT"));
        var log = dir.File("logs/run.log");

        var result = CliRun.Run("reg", "add", hive, "K", "/v", "x", "/d", "1", "--log", log);

        result.AssertSuccess();
        Assert.Equal("The operation completed successfully.\n", result.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("Wrote ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Backup: ", result.Stderr, StringComparison.Ordinal);
        var logged = File.ReadAllText(log);
        Assert.Contains("Wrote ", logged, StringComparison.Ordinal);
        Assert.Contains("[DBG] Opened", logged, StringComparison.Ordinal);
    }

    private static (CliResult Result, string Hex) AddAndRead(string[] switches)
    {
        using var dir = new TemporaryDirectory();
        var hive = dir.File("TEST");
        File.WriteAllBytes(hive, EmptyHive.Create("ROOT"));

        var result = CliRun.Run(["reg", "add", hive, "K", .. switches, "--no-backup"]);

        result.AssertSuccess();
        using var read = Hive.Open(hive);
        var value = read.OpenKey("K")!.GetValue("x")!;
        return (result, Convert.ToHexString(value.Data).ToLowerInvariant());
    }
}
