namespace OfflineRepair.Registry.Logs;

/// <summary>The outcome of replaying transaction logs over a dirty primary file.</summary>
/// <param name="Image">
/// The recovered primary file: the 4096-byte base block followed by exactly HiveBinsSize bytes of
/// hive bins. Slack the original file had after its last bin is not carried over.
/// </param>
/// <param name="LastSequence">
/// Sequence number of the last applied new-format log entry, or the sequence number of the
/// old-format log that was applied. Both base-block sequence numbers of <paramref name="Image"/> hold it.
/// </param>
/// <param name="EntriesApplied">
/// New-format (HvLE) log entries applied; an old-format (DIRT) log counts as one entry because it
/// records a single flush.
/// </param>
/// <param name="LogsApplied">Names of the log files whose data went into the image, in the order used.</param>
public sealed record RecoveryResult(
    byte[] Image,
    uint LastSequence,
    int EntriesApplied,
    IReadOnlyList<string> LogsApplied);
