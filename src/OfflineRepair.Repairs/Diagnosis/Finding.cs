namespace OfflineRepair.Repairs.Diagnosis;

/// <summary>How much a finding explains "An internal error has occurred".</summary>
public enum FindingKind
{
    /// <summary>A likely cause: Remote Desktop fails this way with it.</summary>
    Cause,

    /// <summary>Something to fix or know before repairing (a dirty volume, a disabled service).</summary>
    Warning,

    /// <summary>State for the next step (serial console, crash dump), not a cause.</summary>
    Information,
}

/// <summary>
/// One thing diagnose found: a stable <paramref name="Id"/> (what <c>fix --from-diagnosis</c> selects
/// by), what it is, the evidence read from the disk, the repair that fixes it (null when none does:
/// <paramref name="Advice"/> says what to do) and the repair options it needs.
/// </summary>
public sealed record Finding(
    string Id,
    FindingKind Kind,
    string Title,
    IReadOnlyList<string> Evidence,
    string? Repair,
    string? Advice = null);
