namespace OfflineRepair.Cli.Tests.Support;

/// <summary>Runs an offline-repair command line in-process, capturing stdout and stderr.</summary>
internal static class CliRun
{
    public static CliResult Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OfflineRepairCli.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public IReadOnlyList<string> StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The contract for failures: exit 2, nothing on stdout, exactly one line on stderr.</summary>
    public string AssertRefused()
    {
        Assert.True(ExitCode == 2, $"expected exit code 2, got {ExitCode}; stderr: {Stderr}");
        Assert.Equal("", Stdout);
        Assert.Single(StderrLines);
        return StderrLines[0];
    }

    public void AssertSuccess()
    {
        Assert.True(ExitCode == 0, $"expected exit code 0, got {ExitCode}; stderr: {Stderr}");
    }
}
