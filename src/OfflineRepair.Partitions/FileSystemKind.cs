namespace OfflineRepair.Partitions;

/// <summary>What a volume's first sector says it holds.</summary>
public enum FileSystemKind
{
    Unknown,
    Ntfs,
    Fat12,
    Fat16,
    Fat32,
    ExFat,

    /// <summary>A BitLocker-encrypted volume: the file system inside cannot be read without its key.</summary>
    BitLocker,
}
