using OfflineRepair.Cli.Tests.Support;

namespace OfflineRepair.Cli.Tests;

public sealed class HelpTests
{
    [Theory]
    [InlineData("query")]
    [InlineData("add")]
    [InlineData("delete")]
    [InlineData("export")]
    public void Each_reg_command_teaches_with_an_example(string command)
    {
        foreach (var help in new[] { "--help", "-h", "/?" })
        {
            var result = CliRun.Run("reg", command, help);

            result.AssertSuccess();
            Assert.Contains("Examples:", result.Stdout, StringComparison.Ordinal);
            Assert.Contains($"offline-repair reg {command} ", result.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("diagnose")]
    [InlineData("inspect")]
    [InlineData("fix")]
    [InlineData("restore")]
    [InlineData("check")]
    [InlineData("bcd", "enum")]
    [InlineData("bcd", "set")]
    public void Every_command_teaches_with_an_example(params string[] command)
    {
        var result = CliRun.Run([.. command, "--help"]);

        result.AssertSuccess();
        Assert.Contains("Examples:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"offline-repair {string.Join(' ', command)} ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Reg_help_states_how_KEY_is_read()
    {
        var result = CliRun.Run("reg", "--help");

        result.AssertSuccess();
        Assert.Contains(@"HKLM\NAME\", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("CMI-CreateHive", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("reg add", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusals_are_documented()
    {
        Assert.Contains("/f", CliRun.Run("reg", "add", "--help").Stdout, StringComparison.Ordinal);
        Assert.Contains("no prompt", CliRun.Run("reg", "delete", "--help").Stdout, StringComparison.Ordinal);
        Assert.Contains(".bak", CliRun.Run("reg", "add", "--help").Stdout, StringComparison.Ordinal);
    }
}
