namespace OfflineRepair.Cli.Check;

/// <summary>
/// One testcase of the JUnit report: passed (no failure, not skipped), failed (with a one-line
/// message and the detail), or skipped (with the reason).
/// </summary>
internal sealed record JUnitCase(string ClassName, string Name, string? FailureMessage = null, string? FailureDetail = null, string? SkippedReason = null)
{
    public bool Failed => FailureMessage is not null;

    public bool Skipped => SkippedReason is not null;
}
