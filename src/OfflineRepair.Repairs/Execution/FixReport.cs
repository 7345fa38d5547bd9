using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Execution;

/// <summary>What a fix planned, backed up, wrote and verified.</summary>
/// <param name="Target">The target's description.</param>
/// <param name="HiveStates">One line per hive read ("SYSTEM: dirty, replayed 24 log entries from ...").</param>
/// <param name="BackupDirectory">Where the backup went; null for a dry run or when nothing needed changing.</param>
public sealed record FixReport(
    string Target,
    bool DryRun,
    IReadOnlyList<RepairPlan> Plans,
    IReadOnlyList<SkippedRepair> Skipped,
    IReadOnlyList<string> HiveStates,
    string? BackupDirectory,
    IReadOnlyList<WrittenFile> FilesWritten,
    IReadOnlyList<VerificationResult> Verification,
    IReadOnlyList<WrittenPermission>? PermissionsWritten = null)
{
    public int ChangeCount => Plans.Sum(p => p.Changes.Count + p.Permissions.Count);

    public IReadOnlyList<WrittenPermission> Permissions => PermissionsWritten ?? [];

    public bool HasChanges => ChangeCount > 0;

    public bool Verified => Verification.All(v => v.Passed);
}

/// <summary>A repair that did not run, and why ("needs the SOFTWARE hive, which the target does not have").</summary>
public sealed record SkippedRepair(string Repair, string Reason);

/// <summary>A target file the fix wrote.</summary>
/// <param name="Location">Where it really is (host path or path inside an image).</param>
public sealed record WrittenFile(string Path, string Location, string Sha256Before, string Sha256After, long BytesWritten);

/// <summary>A file or folder whose permissions the fix replaced.</summary>
public sealed record WrittenPermission(string Path, string Location, string BeforeSddl, string AfterSddl);

/// <summary>One check made after writing: a change read back, a hive's structure, a hive's state.</summary>
public sealed record VerificationResult(string Subject, bool Passed, string Detail);
