namespace OfflineRepair.Repairs.Execution;

/// <summary>What <c>restore</c> put back.</summary>
/// <param name="ManifestTarget">The target the backup was made from, as the manifest names it.</param>
/// <param name="Forced">True when --force overrode a check (another target, a file changed since the fix).</param>
/// <param name="Warnings">What --force let through, one line each.</param>
public sealed record RestoreReport(
    string BackupDirectory,
    string ManifestTarget,
    bool Forced,
    IReadOnlyList<RestoredFile> Files,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<RestoredPermission>? RestoredPermissions = null)
{
    public int RestoredCount => Files.Count(f => f.Action == RestoreAction.Restored);

    public IReadOnlyList<RestoredPermission> Permissions => RestoredPermissions ?? [];
}

/// <param name="Sddl">The permissions now (those before the fix).</param>
public sealed record RestoredPermission(string Path, string Location, RestoreAction Action, string Sddl);

/// <param name="Sha256">The file's hash now (equal to the manifest's sha256Before).</param>
public sealed record RestoredFile(string Path, string Location, RestoreAction Action, string Sha256);

public enum RestoreAction
{
    /// <summary>The backup was written back.</summary>
    Restored,

    /// <summary>The file already held the backed-up bytes; it was not written.</summary>
    AlreadyOriginal,
}
