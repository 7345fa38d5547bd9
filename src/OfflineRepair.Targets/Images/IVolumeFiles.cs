namespace OfflineRepair.Targets.Images;

/// <summary>The file operations a target needs from a volume inside an image, whatever its file system.</summary>
internal interface IVolumeFiles : IDisposable
{
    /// <summary>"NTFS", "FAT32", ...</summary>
    string FileSystem { get; }

    string? Label { get; }

    /// <summary>Why files of this volume cannot be written (opened read-only, dirty, hibernated), or null when they can.</summary>
    string? WriteRefusal { get; }

    bool FileExists(string path);

    IReadOnlyList<TargetEntry> List(string folder);

    Stream OpenRead(string path);

    /// <summary>An existing file for reading and writing; throws <see cref="TargetException"/> when <see cref="WriteRefusal"/> is set.</summary>
    Stream OpenReadWrite(string path);

    bool FolderExists(string path);

    /// <summary>Why this volume keeps no Windows permissions (FAT), or null.</summary>
    string? SecurityDescriptorRefusal { get; }

    byte[] ReadSecurityDescriptor(string path);

    void WriteSecurityDescriptor(string path, byte[] descriptor);
}
