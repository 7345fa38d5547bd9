namespace OfflineRepair.Targets.Images;

/// <summary>What a disk image holds, for inspect: the container, the partition table and each volume.</summary>
public sealed record DiskImageInfo(
    string Path,
    string Container,
    long VirtualSize,
    string PartitionStyle,
    IReadOnlyList<ImageVolumeInfo> Volumes,
    IReadOnlyList<string> Warnings);

/// <summary>
/// One partition (or the whole disk when it has no partition table): its place, type, file system,
/// label and state (clean, dirty, hibernated, BitLocker, unreadable), and whether it holds Windows
/// or the boot store.
/// </summary>
public sealed record ImageVolumeInfo(
    int Index,
    long Offset,
    long Length,
    string Type,
    bool IsActive,
    string FileSystem,
    string? Label,
    string State,
    bool HoldsWindows,
    bool HoldsBcd);
