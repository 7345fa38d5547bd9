namespace OfflineRepair.Containers.Vhd;

/// <summary>
/// The numbers of the Microsoft "Virtual Hard Disk Image Format Specification" (v1.0), all in
/// one place. Every multi-byte VHD field is big-endian.
/// </summary>
internal static class VhdLayout
{
    public const int SectorSize = 512;

    // Footer (also copied at offset 0 of dynamic and differencing files).
    public const int FooterSize = 512;
    public static ReadOnlySpan<byte> FooterCookie => "conectix"u8;
    public const int FooterFeaturesOffset = 8;
    public const int FooterVersionOffset = 12;
    public const int FooterDataOffsetOffset = 16;
    public const int FooterTimestampOffset = 24;
    public const int FooterCreatorAppOffset = 28;
    public const int FooterCreatorHostOffset = 36;
    public const int FooterOriginalSizeOffset = 40;
    public const int FooterCurrentSizeOffset = 48;
    public const int FooterDiskTypeOffset = 60;
    public const int FooterChecksumOffset = 64;
    public const int FooterUniqueIdOffset = 68;

    public const uint DiskTypeFixed = 2;
    public const uint DiskTypeDynamic = 3;
    public const uint DiskTypeDifferencing = 4;

    // Dynamic disk header.
    public const int DynamicHeaderSize = 1024;
    public static ReadOnlySpan<byte> DynamicHeaderCookie => "cxsparse"u8;
    public const int DynamicTableOffsetOffset = 16;
    public const int DynamicHeaderVersionOffset = 24;
    public const int DynamicMaxTableEntriesOffset = 28;
    public const int DynamicBlockSizeOffset = 32;
    public const int DynamicChecksumOffset = 36;
    public const int DynamicParentUniqueIdOffset = 40;
    public const int DynamicParentTimestampOffset = 56;
    public const int DynamicParentNameOffset = 64;
    public const int DynamicParentNameSize = 512;
    public const int DynamicParentLocatorsOffset = 576;
    public const int ParentLocatorEntrySize = 24;
    public const int ParentLocatorCount = 8;

    /// <summary>A BAT entry with this value has no block in the file.</summary>
    public const uint UnallocatedBlock = 0xFFFFFFFF;

    /// <summary>The specification's limit (2040 GiB) rounded up: anything larger is not a VHD we can trust.</summary>
    public const long MaxVirtualSize = 2L << 40;

    /// <summary>Largest block size accepted; Hyper-V uses 512 KiB or 2 MiB.</summary>
    public const int MaxBlockSize = 256 << 20;

    /// <summary>Largest BAT we load into memory (the spec allows 4 bytes per block; 2 TiB at 512 KiB is 16 MiB).</summary>
    public const long MaxBatBytes = 64L << 20;

    /// <summary>Largest parent locator payload we read; a path is a few hundred bytes.</summary>
    public const int MaxLocatorBytes = 64 << 10;

    /// <summary>Platform codes of the locators we use: UTF-16LE relative and absolute Windows paths.</summary>
    public const string PlatformRelativeWindows = "W2ru";
    public const string PlatformAbsoluteWindows = "W2ku";

    /// <summary>Bytes of the sector bitmap in front of each block: one bit per sector, padded to a sector.</summary>
    public static int BitmapSize(int blockSize)
    {
        var bytes = (blockSize / SectorSize + 7) / 8;
        return (bytes + SectorSize - 1) / SectorSize * SectorSize;
    }
}
