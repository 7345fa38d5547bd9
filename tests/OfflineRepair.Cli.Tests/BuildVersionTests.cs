namespace OfflineRepair.Cli.Tests;

public sealed class BuildVersionTests
{
    [Theory]
    [InlineData("0.6.0+41be3c7d0f2e9a1b", "offline-repair 0.6.0 (commit 41be3c7)")]
    [InlineData("0.6.0+abc", "offline-repair 0.6.0 (commit abc)")]
    [InlineData("0.6.0", "offline-repair 0.6.0 (commit unknown)")]
    [InlineData("0.6.0+not-a-sha", "offline-repair 0.6.0 (commit unknown)")]
    [InlineData(null, "offline-repair unknown (commit unknown)")]
    public void The_version_line_names_the_version_and_the_short_commit(string? informational, string expected)
    {
        Assert.Equal(expected, BuildVersion.Format(informational));
    }

    [Fact]
    public void This_build_names_a_version()
    {
        Assert.StartsWith("offline-repair 0.6.0 (commit ", BuildVersion.Text, StringComparison.Ordinal);
    }
}
