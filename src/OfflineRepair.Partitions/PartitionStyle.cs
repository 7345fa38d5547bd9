namespace OfflineRepair.Partitions;

/// <summary>How a disk is partitioned.</summary>
public enum PartitionStyle
{
    /// <summary>No partition table: an empty disk, or a bare volume (a file system starts at sector 0).</summary>
    None,

    /// <summary>Master boot record, possibly with an extended partition (Azure Gen1).</summary>
    Mbr,

    /// <summary>GUID partition table behind a protective MBR (Azure Gen2).</summary>
    Gpt,
}
