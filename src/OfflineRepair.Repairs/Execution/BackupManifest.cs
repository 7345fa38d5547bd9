using OfflineRepair.Targets;

namespace OfflineRepair.Repairs.Execution;

/// <summary>
/// What a fix backed up and wrote, kept as <c>manifest.json</c> in the backup folder so
/// <c>restore</c> can put every file back and prove it did (JSON shape: BackupManifest.Json.cs).
/// </summary>
/// <param name="Complete">True once every file was written and verified; false while writing or after a failure (then any current content may be restored over).</param>
/// <param name="GroupPolicyStart">gpsvc's Start before the group-policy repair paused it, for <c>--resume</c>.</param>
/// <param name="PermissionChanges">The permissions the fix replaces (machine-keys): restore puts the "before" descriptors back.</param>
/// <param name="UndoJournal">For a disk image: the file in the backup folder holding the original bytes of every block the fix overwrote; null for other targets.</param>
public sealed partial record BackupManifest(
    int Schema,
    string Target,
    TargetKind TargetKind,
    DateTimeOffset CreatedUtc,
    string ToolVersion,
    bool Complete,
    IReadOnlyList<BackupFile> Files,
    IReadOnlyList<ManifestChange> Plan,
    uint? GroupPolicyStart,
    string? UndoJournal = null,
    IReadOnlyList<ManifestPermission>? PermissionChanges = null)
{
    public IReadOnlyList<ManifestPermission> Permissions => PermissionChanges ?? [];

    public const int CurrentSchema = 1;

    public const string FileName = "manifest.json";

    /// <summary>
    /// The gpsvc Start recorded by the newest backup under a folder: the folder itself when it is a
    /// backup, or its immediate subfolders (a parent holding several backups). Null when none recorded it.
    /// Unreadable manifests are passed over: they cannot say anything reliable.
    /// </summary>
    public static uint? FindRecordedGroupPolicyStart(string backupDirectoryOrParent)
    {
        ArgumentException.ThrowIfNullOrEmpty(backupDirectoryOrParent);
        if (!Directory.Exists(backupDirectoryOrParent))
        {
            return null;
        }

        var candidates = new List<string> { Path.Combine(backupDirectoryOrParent, FileName) };
        candidates.AddRange(Directory.EnumerateDirectories(backupDirectoryOrParent).Select(d => Path.Combine(d, FileName)));
        BackupManifest? newest = null;
        foreach (var path in candidates.Where(File.Exists))
        {
            BackupManifest manifest;
            try
            {
                manifest = Parse(File.ReadAllBytes(path));
            }
            catch (Exception e) when (e is ManifestFormatException or IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (manifest.GroupPolicyStart is not null && (newest is null || manifest.CreatedUtc > newest.CreatedUtc))
            {
                newest = manifest;
            }
        }

        return newest?.GroupPolicyStart;
    }

    /// <summary>Reads <c>manifest.json</c> of a backup folder; throws <see cref="ManifestFormatException"/> naming what is wrong.</summary>
    public static BackupManifest Read(string backupDirectory)
    {
        var path = Path.Combine(backupDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new ManifestFormatException($"{backupDirectory} holds no {FileName}");
        }

        return Parse(File.ReadAllBytes(path));
    }

    /// <summary>Writes <c>manifest.json</c> through a .partial file and a rename, so a crash never leaves half a manifest.</summary>
    public void Write(string backupDirectory) =>
        TargetFiles.WriteAtomically(Path.Combine(backupDirectory, FileName), ToJson());
}

/// <summary>One file of the target copied into the backup folder.</summary>
/// <param name="Path">Its path on the target.</param>
/// <param name="Backup">The copy's file name in the backup folder.</param>
/// <param name="Sha256After">The file's hash after the fix wrote it; null until written and verified. Equal to before for a file the fix does not write (a log).</param>
/// <param name="Written">False for files backed up only to keep a set together (a hive's logs): the fix does not write them.</param>
public sealed record BackupFile(string Path, string Backup, string Sha256Before, string? Sha256After, long Size, bool Written);

/// <summary>One planned change as recorded in a manifest: values as text and as hex.</summary>
public sealed record ManifestChange(
    string Repair,
    string Hive,
    string Action,
    string Key,
    string? Value,
    string? Type,
    string? Old,
    string? OldHex,
    string? New,
    string? NewHex,
    string? Detail);

/// <summary>A file's or folder's permissions before and after the fix, as self-relative descriptor bytes (hex) and SDDL.</summary>
public sealed record ManifestPermission(string Path, string BeforeHex, string BeforeSddl, string AfterHex, string AfterSddl);

/// <summary>A manifest that is missing, unreadable or not one we wrote.</summary>
public sealed class ManifestFormatException : Exception
{
    public ManifestFormatException(string message)
        : base(message)
    {
    }

    public ManifestFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
