namespace OfflineRepair.Registry;

/// <summary>What was found when the hive was opened.</summary>
public enum HiveState
{
    /// <summary>Sequence numbers equal and checksum valid: read as it is (stale logs are ignored).</summary>
    Clean,

    /// <summary>Dirty on disk; its transaction logs were replayed in memory. A commit writes the result as a clean hive.</summary>
    Replayed,

    /// <summary>Dirty with no usable log, opened anyway as it is on disk because the caller forced it.</summary>
    ForcedDirty,
}
