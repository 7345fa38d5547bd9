namespace OfflineRepair.Fat;

/// <summary>
/// Every on-disk number of the FAT format in one place (Microsoft "FAT: General Overview of On-Disk
/// Format"); the parsers refer to these names, never to bare literals.
/// </summary>
internal static class FatLayout
{
    // Boot sector / BIOS parameter block, common part.
    public const int BytesPerSectorOffset = 0x0B;
    public const int SectorsPerClusterOffset = 0x0D;
    public const int ReservedSectorsOffset = 0x0E;
    public const int NumberOfFatsOffset = 0x10;
    public const int RootEntryCountOffset = 0x11;
    public const int TotalSectors16Offset = 0x13;
    public const int MediaOffset = 0x15;
    public const int FatSize16Offset = 0x16;
    public const int HiddenSectorsOffset = 0x1C;
    public const int TotalSectors32Offset = 0x20;

    // FAT12/16 extended BPB.
    public const int Fat16ExtendedSignatureOffset = 0x26;
    public const int Fat16SerialOffset = 0x27;
    public const int Fat16LabelOffset = 0x2B;

    // FAT32 extended BPB.
    public const int FatSize32Offset = 0x24;
    public const int ExtFlagsOffset = 0x28;
    public const int FsVersionOffset = 0x2A;
    public const int RootClusterOffset = 0x2C;
    public const int FsInfoSectorOffset = 0x30;
    public const int BackupBootSectorOffset = 0x32;
    public const int Fat32ExtendedSignatureOffset = 0x42;
    public const int Fat32SerialOffset = 0x43;
    public const int Fat32LabelOffset = 0x47;

    /// <summary>ExtFlags bit 7: only the active FAT (bits 0-3) is in use; the other copies are not kept.</summary>
    public const ushort ExtFlagsMirroringDisabled = 0x0080;
    public const ushort ExtFlagsActiveFatMask = 0x000F;

    public const int LabelLength = 11;
    public const byte ExtendedBootSignature = 0x29;
    public const int BootSignatureOffset = 510;
    public const ushort BootSignature = 0xAA55;

    /// <summary>The smallest sector the specification allows; the boot sector is read in this size first.</summary>
    public const int MinimumSectorSize = 512;
    public const int MaximumSectorSize = 4096;
    public const int MaximumSectorsPerCluster = 128;

    // Cluster-count thresholds that decide the FAT type.
    public const long Fat12ClusterLimit = 4085;
    public const long Fat16ClusterLimit = 65525;

    /// <summary>Cluster numbers 0 and 1 are reserved; data starts at cluster 2.</summary>
    public const uint FirstDataCluster = 2;

    // FAT entries.
    public const uint Fat32EntryMask = 0x0FFFFFFF;

    /// <summary>The top 4 bits of a FAT32 entry are reserved: a writer keeps whatever they hold.</summary>
    public const uint Fat32ReservedBits = 0xF0000000;
    public const uint Fat32Bad = 0x0FFFFFF7;
    public const uint Fat32EndOfChain = 0x0FFFFFF8;
    public const uint Fat16Bad = 0xFFF7;
    public const uint Fat16EndOfChain = 0xFFF8;

    /// <summary>The end-of-chain value a writer stores (any value from the EndOfChain ones up reads as the end).</summary>
    public const uint Fat32EndOfChainMark = 0x0FFFFFFF;
    public const uint Fat16EndOfChainMark = 0xFFFF;
    public const uint FreeCluster = 0;

    // FSInfo sector.
    public const int FsInfoLeadSignatureOffset = 0x000;
    public const int FsInfoStructSignatureOffset = 0x1E4;
    public const int FsInfoFreeCountOffset = 0x1E8;
    public const int FsInfoNextFreeOffset = 0x1EC;
    public const int FsInfoTrailSignatureOffset = 0x1FC;
    public const uint FsInfoLeadSignature = 0x41615252;
    public const uint FsInfoStructSignature = 0x61417272;
    public const uint FsInfoTrailSignature = 0xAA550000;
    public const uint FsInfoUnknown = 0xFFFFFFFF;

    /// <summary>Free count and next-free hint are adjacent; a writer rewrites just these 8 bytes.</summary>
    public const int FsInfoCountersLength = 8;

    // Directory entries.
    public const int DirectoryEntrySize = 32;
    public const int NameOffset = 0x00;
    public const int BaseNameLength = 8;
    public const int ExtensionLength = 3;
    public const int ShortNameLength = 11;
    public const int AttributesOffset = 0x0B;
    public const int NtCaseOffset = 0x0C;
    public const int CreationTenthsOffset = 0x0D;
    public const int CreationTimeOffset = 0x0E;
    public const int CreationDateOffset = 0x10;
    public const int AccessDateOffset = 0x12;
    public const int FirstClusterHighOffset = 0x14;
    public const int WriteTimeOffset = 0x16;
    public const int WriteDateOffset = 0x18;
    public const int FirstClusterLowOffset = 0x1A;
    public const int FileSizeOffset = 0x1C;

    /// <summary>The size field is 32 bits: a FAT file holds at most 4 GiB - 1 bytes.</summary>
    public const long MaximumFileSize = uint.MaxValue;

    // MS-DOS dates count years from 1980 in 7 bits.
    public const int DosEpochYear = 1980;
    public const int DosLastYear = 2107;

    public const byte EndOfDirectoryMarker = 0x00;
    public const byte DeletedMarker = 0xE5;

    /// <summary>A real first name byte of 0xE5 (a valid lead byte in some code pages) is stored as 0x05.</summary>
    public const byte KanjiE5Substitute = 0x05;

    /// <summary>Byte 0x0C bits Windows NT uses for an all-lowercase base name / extension kept as an 8.3 name.</summary>
    public const byte NtLowercaseBase = 0x08;
    public const byte NtLowercaseExtension = 0x10;

    /// <summary>The specification caps a directory at 65536 entries (2 MiB); this bounds memory and hostile chains.</summary>
    public const int MaximumDirectoryEntries = 65536;

    // Long-name entries.
    public const int LfnOrdinalOffset = 0x00;
    public const int LfnName1Offset = 0x01;
    public const int LfnName1Chars = 5;
    public const int LfnChecksumOffset = 0x0D;
    public const int LfnName2Offset = 0x0E;
    public const int LfnName2Chars = 6;
    public const int LfnName3Offset = 0x1C;
    public const int LfnName3Chars = 2;
    public const int LfnCharsPerEntry = 13;
    public const byte LfnLastEntryFlag = 0x40;
    public const byte LfnOrdinalMask = 0x1F;

    /// <summary>255 characters need 20 entries; an ordinal above that is corrupt.</summary>
    public const int LfnMaximumEntries = 20;
}
