using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Execution;

/// <summary>A hive of the target that opened, with where it is and what opening it found.</summary>
/// <param name="TargetPath">Its path on the target (<c>Windows\System32\config\SYSTEM</c>).</param>
/// <param name="LogPaths">Target paths of the transaction logs found beside it (read for replay; backed up with it).</param>
/// <param name="Sha256">SHA-256 (lower-case hex) of the file as it was read.</param>
public sealed record OpenedHive(HiveKind Kind, string TargetPath, Hive Hive, IReadOnlyList<string> LogPaths, string Sha256)
{
    public HiveState State => Hive.State;

    /// <summary>One line for the user: "SYSTEM: replayed 24 log entries from SYSTEM.LOG1, SYSTEM.LOG2 (sequence 2130)".</summary>
    public string Describe()
    {
        var name = HivePaths.Name(Kind);
        return Hive.State switch
        {
            HiveState.Replayed when Hive.Recovery is { } r =>
                $"{name}: dirty, replayed {r.EntriesApplied} log entr{(r.EntriesApplied == 1 ? "y" : "ies")} from {string.Join(", ", r.LogsApplied)} (sequence {r.LastSequence})",
            HiveState.ForcedDirty =>
                $"{name}: dirty with no usable log, read as it is on disk (--force-dirty; changes that only reached the logs are lost)",
            _ => $"{name}: clean (sequence {Hive.PrimarySequence})",
        };
    }
}

/// <summary>A hive the repairs could not use: absent from the target, or present but unreadable.</summary>
/// <param name="Absent">True when the target has no such file; false when it exists but could not be read (corrupt, dirty without logs).</param>
public sealed record UnavailableHive(HiveKind Kind, string TargetPath, bool Absent, string Reason);
