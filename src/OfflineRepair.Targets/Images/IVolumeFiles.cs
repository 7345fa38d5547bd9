namespace OfflineRepair.Targets.Images;

/// <summary>The file operations a target needs from a volume inside an image, whatever its file system.</summary>
internal interface IVolumeFiles : IDisposable
{
    /// <summary>"NTFS", "FAT32", ...</summary>
    string FileSystem { get; }

    string? Label { get; }

    bool FileExists(string path);

    IReadOnlyList<TargetEntry> List(string folder);

    Stream OpenRead(string path);
}
