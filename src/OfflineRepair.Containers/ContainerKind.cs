namespace OfflineRepair.Containers;

/// <summary>What a disk image file is, as detected from its content (never from its name).</summary>
public enum ContainerKind
{
    /// <summary>A plain image or a block device: byte N of the file is byte N of the disk.</summary>
    Raw,

    /// <summary>VHD disk type 2: the raw disk followed by a 512-byte footer.</summary>
    VhdFixed,

    /// <summary>VHD disk type 3: sparse blocks mapped by a block allocation table.</summary>
    VhdDynamic,

    /// <summary>VHD disk type 4: a dynamic VHD whose unwritten sectors come from a parent image.</summary>
    VhdDifferencing,

    /// <summary>VHDX (fixed or dynamic; both are described by the same BAT).</summary>
    Vhdx,
}
