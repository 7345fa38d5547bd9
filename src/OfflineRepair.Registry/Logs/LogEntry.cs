namespace OfflineRepair.Registry.Logs;

/// <summary>One page an HvLE entry writes: where in the hive bins data, and where its bytes are in the log.</summary>
/// <param name="HiveOffset">Offset relative to the start of the hive bins data (file offset minus 4096).</param>
/// <param name="Length">Bytes to write.</param>
/// <param name="LogOffset">Where the page's bytes start in the log file.</param>
internal readonly record struct DirtyPage(uint HiveOffset, int Length, int LogOffset);

/// <summary>
/// A new-format log entry that passed every check (signature, size, both hashes, hive bins size,
/// page bounds): one flush of the hive, to be applied whole or not at all. Its pages are read from
/// the log when applied (<see cref="NewFormatLog.Pages"/>) rather than held, so a forged entry with
/// millions of tiny pages costs no memory.
/// </summary>
internal sealed record LogEntry(
    int LogOffset,
    int Size,
    uint Flags,
    uint Sequence,
    uint HiveBinsSize,
    int PageCount);
