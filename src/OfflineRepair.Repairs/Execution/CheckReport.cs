using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Execution;

/// <summary>
/// What <c>check</c> found. <see cref="ExitCode"/>: 0 every hive sound and every repair in place;
/// 1 some repair has changes left; 2 a hive is corrupt or unreadable, or a repair could not plan.
/// </summary>
public sealed record CheckReport(
    string Target,
    IReadOnlyList<HiveCheck> Hives,
    IReadOnlyList<RepairCheck> Repairs,
    IReadOnlyList<SkippedRepair> Skipped)
{
    public const int Sound = 0;
    public const int NotRepaired = 1;
    public const int CorruptOrUnreadable = 2;

    public int ExitCode =>
        Hives.Any(h => !h.Sound) || Repairs.Any(r => r.Error is not null) ? CorruptOrUnreadable
        : Repairs.Any(r => r.Plan is { IsEmpty: false }) ? NotRepaired
        : Sound;
}

/// <summary>One hive's soundness: <paramref name="State"/> says how it opened; <paramref name="Problems"/> what is wrong (or why it could not be read).</summary>
public sealed record HiveCheck(HiveKind Kind, string Path, bool Sound, string State, IReadOnlyList<string> Problems);

/// <summary>One repair: its remaining plan (empty when in place), or the error that kept it from planning.</summary>
public sealed record RepairCheck(string Repair, RepairPlan? Plan, string? Error)
{
    public bool InPlace => Error is null && Plan is { IsEmpty: true };
}
