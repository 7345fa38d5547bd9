using Xunit;

namespace OfflineRepair.TestSupport;

/// <summary>
/// What a test needs from outside the project (an oracle tool, the shared corpus). Missing, the test
/// skips with a message naming it; under OFFLINEREPAIR_REQUIRE_ORACLES=1 (set by CI) it fails instead.
/// </summary>
public static class Requirement
{
    public static bool OraclesRequired =>
        Environment.GetEnvironmentVariable("OFFLINEREPAIR_REQUIRE_ORACLES") == "1";

    public static void Missing(string what)
    {
        if (OraclesRequired)
        {
            Assert.Fail($"required for this test but missing: {what}");
        }

        Assert.Skip($"skipped: {what} is missing");
    }
}
