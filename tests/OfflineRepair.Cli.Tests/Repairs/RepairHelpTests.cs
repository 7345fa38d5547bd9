using OfflineRepair.Cli.Tests.Support;

namespace OfflineRepair.Cli.Tests.Repairs;

public sealed class RepairHelpTests
{
    [Theory]
    [InlineData("fix", "offline-repair fix F: --all --dry-run")]
    [InlineData("fix", "offline-repair fix /mnt/osdisk tls nla")]
    [InlineData("check", "offline-repair check SYSTEM --junit check.xml")]
    [InlineData("restore", "offline-repair restore /mnt/osdisk --from ")]
    [InlineData("inspect", "offline-repair inspect /mnt/osdisk")]
    public void Each_command_teaches_with_an_example(string command, string example)
    {
        var result = CliRun.Run(command, "--help");

        result.AssertSuccess();
        Assert.Contains("Examples:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(example, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_root_help_lists_the_new_commands()
    {
        var result = CliRun.Run("--help");

        foreach (var command in new[] { "fix", "restore", "check", "inspect", "reg" })
        {
            Assert.Contains($"  {command} ", result.Stdout, StringComparison.Ordinal);
        }
    }
}
