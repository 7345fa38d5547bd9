namespace OfflineRepair.Registry;

/// <summary>How a hive is opened.</summary>
public sealed record HiveOpenOptions
{
    public static readonly HiveOpenOptions ReadOnly = new();

    /// <summary>Open for writing: <see cref="Hive.Commit"/> writes the changed pages back.</summary>
    public bool Writable { get; init; }

    /// <summary>
    /// Read a dirty hive with no usable transaction log as it is on disk (recent changes that only
    /// reached the logs are lost). Without it such a hive is refused.
    /// </summary>
    public bool ForceDirty { get; init; }

    /// <summary>Clock for key last-write times; tests pass a fixed one.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
