namespace OfflineRepair.Targets;

/// <summary>
/// Where a Windows installation's files are: a volume (drive letter, mounted folder; later a disk
/// image) or single hive files. Paths are Windows-style, relative to the volume root
/// (<c>Windows\System32\config\SYSTEM</c>), matched in any letter case. Repairs see only this.
/// </summary>
public interface ITarget : IDisposable
{
    /// <summary>What the target is, for messages ("Windows volume /mnt/osdisk", "hive file SYSTEM").</summary>
    string Description { get; }

    TargetKind Kind { get; }

    /// <summary>True when the path names an existing file.</summary>
    bool FileExists(string path);

    /// <summary>The entries of a folder with their names as stored, or an empty list when the folder is absent.</summary>
    IReadOnlyList<TargetEntry> List(string folder);

    Stream OpenRead(string path);

    /// <summary>An existing file opened for reading and writing (seekable; the caller may change its length).</summary>
    Stream OpenReadWrite(string path);

    /// <summary>Where the file really is, for messages and manifests (a host path, or a path inside an image).</summary>
    string Locate(string path);

    /// <summary>
    /// The host folder where a backup goes when the user names none: outside the target, so a backup
    /// never lands on the disk it protects. The current directory unless the target knows better.
    /// </summary>
    string DefaultBackupParent => Environment.CurrentDirectory;

    /// <summary>
    /// Why the file cannot be written here (a read-only image file, a dirty or hibernated volume, a
    /// VHDX with a pending log), or null when it can: fix asks before backing anything up.
    /// </summary>
    string? WriteRefusal(string path) => null;

    /// <summary>
    /// Called by fix once the backup folder exists and before anything is written (and by restore
    /// before it writes files back one by one). A target whose
    /// writes change more than the files themselves (a disk image: MFT records, indexes, allocation
    /// bitmaps, FAT copies) starts recording there the original bytes of everything it overwrites,
    /// and returns the journal's file name; other targets return null.
    /// </summary>
    string? BeginUndoJournal(string backupDirectory) => null;

    /// <summary>
    /// Why files here have no Windows security descriptors this tool can read and write (hive files,
    /// a FAT volume, a Linux mount that is not ntfs-3g), or null when they have.
    /// </summary>
    string? SecurityDescriptorRefusal(string path) => $"{Description} holds no Windows permissions";

    /// <summary>The self-relative security descriptor (owner, group, DACL) of a file or folder.</summary>
    byte[] ReadSecurityDescriptor(string path) =>
        throw new NotSupportedException(SecurityDescriptorRefusal(path) ?? $"{Description} cannot read permissions");

    /// <summary>Replaces a file's or folder's owner, group and DACL with those of a self-relative descriptor.</summary>
    void WriteSecurityDescriptor(string path, byte[] descriptor) =>
        throw new NotSupportedException(SecurityDescriptorRefusal(path) ?? $"{Description} cannot write permissions");

    /// <summary>True when the path names an existing folder.</summary>
    bool FolderExists(string path) => List(path).Count > 0;

    /// <summary>Puts back every byte an undo journal recorded (restore, or a fix rolling back after a failure).</summary>
    void ApplyUndoJournal(string journalPath) =>
        throw new NotSupportedException($"{Description} keeps no undo journal");
}

public enum TargetKind
{
    /// <summary>A Windows volume root: drive letter or mounted folder.</summary>
    Volume,

    /// <summary>Hive files given one by one (TARGET itself, --system, --software).</summary>
    HiveFiles,

    /// <summary>A disk image or block device, read through our container, partition and file-system engines.</summary>
    Image,
}

/// <summary>One entry of a folder, with its name as the file system stores it.</summary>
public sealed record TargetEntry(string Name, bool IsFolder, long Length);
