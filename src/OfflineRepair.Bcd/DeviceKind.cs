namespace OfflineRepair.Bcd;

/// <summary>The kind of device a device element names (its record's type, research/bcd_azure.md §1.9).</summary>
public enum DeviceKind
{
    /// <summary>A record this model does not decode, or data too short for any record.</summary>
    Unknown = 0,

    /// <summary>Record type 5: the device the boot manager was loaded from ("boot").</summary>
    Boot,

    /// <summary>Record type 6: a partition named by its disk and its place on it.</summary>
    Partition,

    /// <summary>Record type 0 (block I/O) with a ramdisk below it: a .wim booted from memory.</summary>
    Ramdisk,

    /// <summary>Record type 0 (block I/O) of another kind (hard disk, CD-ROM, file, virtual disk).</summary>
    BlockIo,
}

/// <summary>How the partition of a partition device is identified.</summary>
public enum PartitionStyle
{
    /// <summary>GPT: disk GUID and partition GUID.</summary>
    Gpt = 0,

    /// <summary>MBR: disk signature and the partition's byte offset.</summary>
    Mbr = 1,

    /// <summary>Another value in the record's partition-style field.</summary>
    Other = -1,
}
