using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Execution;

/// <summary>What <c>fix</c> was asked to do.</summary>
/// <param name="BackupDirectory">The backup folder (--backup-dir); null for a new <c>offline-repair-backup-yyyyMMdd-HHmmss</c> beside the target.</param>
/// <param name="ToolVersion">Recorded in the manifest.</param>
/// <param name="Clock">Time of the manifest, the backup folder's name and key last-write times.</param>
/// <param name="Progress">Called with one line per step ("backing up ...", "writing ...", "verifying ..."); may be null.</param>
public sealed record FixRequest(
    IReadOnlyList<IRepair> Repairs,
    RepairOptions Options,
    bool DryRun,
    string? BackupDirectory,
    bool ForceDirty,
    string ToolVersion,
    TimeProvider Clock,
    Action<string>? Progress = null);
