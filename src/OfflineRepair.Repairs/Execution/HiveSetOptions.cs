namespace OfflineRepair.Repairs.Execution;

/// <summary>How <see cref="HiveSet"/> opens the hives of a target.</summary>
public sealed record HiveSetOptions
{
    public static readonly HiveSetOptions ReadOnly = new();

    /// <summary>Open through <c>OpenReadWrite</c> so a commit writes back; otherwise nothing is opened for writing.</summary>
    public bool Writable { get; init; }

    /// <summary>Read a dirty hive with no usable log as it is on disk (--force-dirty).</summary>
    public bool ForceDirty { get; init; }

    /// <summary>Clock for key last-write times.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
