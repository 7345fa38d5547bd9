namespace OfflineRepair.Containers.Vhdx;

/// <summary>
/// The numbers of [MS-VHDX] (VHDX format v1), all in one place. Every VHDX field is little-endian
/// and GUIDs are stored in the Windows (mixed-endian) layout.
/// </summary>
internal static class VhdxLayout
{
    public const long KiB = 1024;
    public const long MiB = 1024 * KiB;

    public static ReadOnlySpan<byte> FileIdentifierSignature => "vhdxfile"u8;

    // Headers: two copies, 4 KiB of content each in 64 KiB slots.
    public const long Header1Offset = 64 * KiB;
    public const long Header2Offset = 128 * KiB;
    public const int HeaderSize = 4096;
    public static ReadOnlySpan<byte> HeaderSignature => "head"u8;
    public const int HeaderChecksumOffset = 4;
    public const int HeaderSequenceNumberOffset = 8;
    public const int HeaderFileWriteGuidOffset = 16;
    public const int HeaderDataWriteGuidOffset = 32;
    public const int HeaderLogGuidOffset = 48;
    public const int HeaderLogVersionOffset = 64;
    public const int HeaderVersionOffset = 66;
    public const int HeaderLogLengthOffset = 68;
    public const int HeaderLogOffsetOffset = 72;

    // Region tables: two copies of 64 KiB.
    public const long RegionTable1Offset = 192 * KiB;
    public const long RegionTable2Offset = 256 * KiB;
    public const int RegionTableSize = 64 * 1024;
    public static ReadOnlySpan<byte> RegionTableSignature => "regi"u8;
    public const int RegionTableChecksumOffset = 4;
    public const int RegionTableEntryCountOffset = 8;
    public const int RegionTableEntriesOffset = 16;
    public const int RegionTableEntrySize = 32;
    public const int MaxRegionTableEntries = 2047;

    public static readonly Guid BatRegion = new("2DC27766-F623-4200-9D64-115E9BFD4A08");
    public static readonly Guid MetadataRegion = new("8B7CA206-4790-4B9A-B8FE-575F050F886E");

    // Metadata region: a 64 KiB table, then the items it points to.
    public static ReadOnlySpan<byte> MetadataTableSignature => "metadata"u8;
    public const int MetadataTableSize = 64 * 1024;
    public const int MetadataEntryCountOffset = 10;
    public const int MetadataEntriesOffset = 32;
    public const int MetadataEntrySize = 32;
    public const int MaxMetadataEntries = 2047;
    public const uint MetadataFlagIsRequired = 4;

    public static readonly Guid FileParametersItem = new("CAA16737-FA36-4D43-B3B6-33F0AA44E76B");
    public static readonly Guid VirtualDiskSizeItem = new("2FA54224-CD1B-4876-B211-5DBED83BF4B8");
    public static readonly Guid Page83DataItem = new("BECA12AB-B2E6-4523-93EF-C309E000C746");
    public static readonly Guid LogicalSectorSizeItem = new("8141BF1D-A96F-4709-BA47-F233A8FAAB5F");
    public static readonly Guid PhysicalSectorSizeItem = new("CDA348C7-445D-4471-9CC9-E9885251C556");
    public static readonly Guid ParentLocatorItem = new("A8D35F2D-B30B-454D-ABF7-D3D84834AB0C");

    public const uint FileParameterLeaveBlocksAllocated = 1;
    public const uint FileParameterHasParent = 2;

    public const long MinBlockSize = 1 * MiB;
    public const long MaxBlockSize = 256 * MiB;

    /// <summary>[MS-VHDX] caps the virtual size at 64 TiB.</summary>
    public const long MaxVirtualSize = 64L << 40;

    /// <summary>Largest BAT we load into memory at once (8 bytes per entry).</summary>
    public const long MaxBatBytes = 256 * MiB;

    // BAT entries: bits 0-2 state, bits 20-63 file offset in MiB.
    public const ulong BatStateMask = 7;
    public const int BatFileOffsetShift = 20;
    public const ulong PayloadNotPresent = 0;
    public const ulong PayloadUndefined = 1;
    public const ulong PayloadZero = 2;
    public const ulong PayloadUnmapped = 3;
    public const ulong PayloadUnmappedV095 = 5;
    public const ulong PayloadFullyPresent = 6;
    public const ulong PayloadPartiallyPresent = 7;

    /// <summary>Sectors described by one sector bitmap block (1 MiB of bits): the chunk size is this times the logical sector size.</summary>
    public const long SectorsPerBitmapBlock = 1L << 23;

    // Log.
    public static ReadOnlySpan<byte> LogEntrySignature => "loge"u8;
    public static ReadOnlySpan<byte> DataDescriptorSignature => "desc"u8;
    public static ReadOnlySpan<byte> ZeroDescriptorSignature => "zero"u8;
    public static ReadOnlySpan<byte> DataSectorSignature => "data"u8;
    public const int LogSectorSize = 4096;
    public const int LogDescriptorSize = 32;
    public const int LogEntryHeaderSize = 64;

    // Parent locator keys ([MS-VHDX] 2.6.2.6.2).
    public static readonly Guid VhdxParentLocatorType = new("B04AEFB7-D19E-4A81-B789-25B8E9445913");
}
