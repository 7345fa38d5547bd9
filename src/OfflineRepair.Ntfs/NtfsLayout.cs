namespace OfflineRepair.Ntfs;

/// <summary>
/// The format's numbers, in one place: field offsets and sizes of the on-disk structures, named as in the
/// NTFS documentation (layout.h of ntfs-3g, the libfsntfs format document). Parsers refer to these rather
/// than to bare literals, so a reader can check a parser against the table of the specification.
/// </summary>
internal static class NtfsLayout
{
    /// <summary>Fixups always protect 512-byte blocks, whatever the device sector size.</summary>
    public const int UpdateSequenceStride = 512;

    public static class Boot
    {
        public const int Size = 512;
        public const int OemId = 0x03;
        public const int OemIdLength = 8;
        public const int BytesPerSector = 0x0B;
        public const int SectorsPerCluster = 0x0D;
        public const int TotalSectors = 0x28;
        public const int MftLcn = 0x30;
        public const int MftMirrorLcn = 0x38;
        public const int ClustersPerMftRecord = 0x40;
        public const int ClustersPerIndexRecord = 0x44;
        public const int SerialNumber = 0x48;
        /// <summary>$MFTMirr holds this many records, or a whole cluster of them when a cluster is bigger.</summary>
        public const int MinimumMirroredRecords = 4;
        public const int EndMarker = 0x1FE;
        public const ushort EndMarkerValue = 0xAA55;
        public const string NtfsOem = "NTFS    ";
        public const string BitLockerOem = "-FVE-FS-";
    }

    /// <summary>Header shared by FILE records and INDX blocks (the "multi-sector" header).</summary>
    public static class MultiSector
    {
        public const int Magic = 0x00;
        public const int UpdateSequenceOffset = 0x04;
        public const int UpdateSequenceCount = 0x06;
    }

    public static class FileRecord
    {
        public const uint Magic = 0x454C4946; // "FILE"
        public const int SequenceNumber = 0x10;
        public const int LinkCount = 0x12;
        public const int AttributesOffset = 0x14;
        public const int Flags = 0x16;
        public const int BytesInUse = 0x18;
        public const int BytesAllocated = 0x1C;
        public const int BaseRecord = 0x20;
        public const int NextAttributeInstance = 0x28;
        public const int MinimumHeader = 0x30;
        public const ushort FlagInUse = 0x0001;
        public const ushort FlagDirectory = 0x0002;
    }

    public static class Attribute
    {
        public const int Type = 0x00;
        public const int Length = 0x04;
        public const int NonResident = 0x08;
        public const int NameLength = 0x09;
        public const int NameOffset = 0x0A;
        public const int Flags = 0x0C;
        public const int Instance = 0x0E;

        public const int ResidentValueLength = 0x10;
        public const int ResidentValueOffset = 0x14;
        public const int ResidentHeaderSize = 0x18;

        public const int LowestVcn = 0x10;
        public const int HighestVcn = 0x18;
        public const int MappingPairsOffset = 0x20;
        public const int CompressionUnit = 0x22;
        public const int AllocatedSize = 0x28;
        public const int DataSize = 0x30;
        public const int InitializedSize = 0x38;
        public const int NonResidentHeaderSize = 0x40;

        public const uint EndMarker = 0xFFFFFFFF;
        public const ushort FlagCompressionMask = 0x00FF;
        public const ushort FlagEncrypted = 0x4000;
        public const ushort FlagSparse = 0x8000;
    }

    public static class AttributeListEntry
    {
        public const int Type = 0x00;
        public const int Length = 0x04;
        public const int NameLength = 0x06;
        public const int NameOffset = 0x07;
        public const int LowestVcn = 0x08;
        public const int Reference = 0x10;
        public const int Instance = 0x18;
        public const int MinimumSize = 0x1A;
    }

    public static class StandardInformation
    {
        public const int CreationTime = 0x00;
        public const int LastWriteTime = 0x08;
        public const int MftChangeTime = 0x10;
        public const int LastAccessTime = 0x18;
        public const int FileAttributes = 0x20;
        public const int OwnerId = 0x30;
        public const int SecurityId = 0x34;
        public const int QuotaCharged = 0x38;
        public const int UpdateSequenceNumber = 0x40;
        public const int MinimumSize = 0x30;
        public const int SizeWithSecurity = 0x48;

        // File attribute bits (the same values in $FILE_NAME and in the Win32 API).
        public const uint AttributeArchive = 0x0020;
        public const uint AttributeSparse = 0x0200;
        public const uint AttributeReparsePoint = 0x0400;
        public const uint AttributeCompressed = 0x0800;
        public const uint AttributeEncrypted = 0x4000;
    }

    public static class FileName
    {
        public const int ParentReference = 0x00;
        public const int CreationTime = 0x08;
        public const int LastWriteTime = 0x10;
        public const int MftChangeTime = 0x18;
        public const int LastAccessTime = 0x20;
        public const int AllocatedSize = 0x28;
        public const int DataSize = 0x30;
        public const int FileAttributes = 0x38;
        public const int NameLength = 0x40;
        public const int Namespace = 0x41;
        public const int Name = 0x42;
    }

    public static class IndexRoot
    {
        public const int IndexedType = 0x00;
        public const int CollationRule = 0x04;
        public const int BlockSize = 0x08;
        public const int ClustersPerBlock = 0x0C;
        public const int Header = 0x10;
    }

    /// <summary>INDEX_HEADER: offsets inside it are relative to the header itself.</summary>
    public static class IndexHeader
    {
        public const int EntriesOffset = 0x00;
        public const int IndexLength = 0x04;
        public const int AllocatedSize = 0x08;
        public const int Flags = 0x0C;
        public const int Size = 0x10;
        public const uint FlagHasSubnodes = 0x01;
    }

    public static class IndexBlock
    {
        public const uint Magic = 0x58444E49; // "INDX"
        public const int UpdateSequenceArray = 0x28;
        public const int LogSequenceNumber = 0x08;
        public const int Vcn = 0x10;
        public const int Header = 0x18;
        /// <summary>When an index block is smaller than a cluster its VCNs count 512-byte units.</summary>
        public const int SmallBlockVcnShift = 9;
    }

    public static class IndexEntry
    {
        public const int FileReference = 0x00;
        public const int Length = 0x08;
        public const int KeyLength = 0x0A;
        public const int Flags = 0x0C;
        public const int Key = 0x10;
        public const ushort FlagHasSubnode = 0x01;
        public const ushort FlagLast = 0x02;
    }

    /// <summary>An entry of a view index ($SII, $SDH, $O, $Q): where its data lies inside the entry instead of a
    /// file reference. The length, key length, flags and key fields are those of <see cref="IndexEntry"/>.</summary>
    public static class ViewEntry
    {
        public const int DataOffset = 0x00;
        public const int DataLength = 0x02;
        public const int Reserved = 0x04;
        public const int HeaderSize = 0x10;
        /// <summary>An entry with a sub-node keeps its VCN in its last 8 bytes.</summary>
        public const int SubnodeVcnSize = 8;
    }

    /// <summary>Collation rules of $INDEX_ROOT.</summary>
    public static class Collation
    {
        public const uint NtofsUlong = 0x10;
        public const uint NtofsSecurityHash = 0x12;
        public const uint NtofsUlongs = 0x13;
    }

    /// <summary>$Secure (file 9): the $SDS stream of descriptors and its two view indexes.</summary>
    public static class Secure
    {
        public const string DescriptorStream = "$SDS";
        public const string IdIndex = "$SII";
        public const string HashIndex = "$SDH";

        /// <summary>$SDS is cut in 256 KiB blocks, each even block mirrored byte for byte by the odd one after it.</summary>
        public const long BlockSize = 0x40000;
        public const int EntryAlignment = 16;
        public const uint FirstSecurityId = 0x100;

        // $SDS entry header (also the data part of $SII and $SDH entries).
        public const int EntryHash = 0x00;
        public const int EntrySecurityId = 0x04;
        public const int EntryOffset = 0x08;
        public const int EntryLength = 0x10;
        public const int EntryHeaderSize = 0x14;

        // $SII: key = security id; $SDH: key = hash, security id; then the $SDS entry header as data.
        public const int SiiKeyLength = 4;
        public const int SiiEntryLength = 0x28;
        public const int SdhKeyLength = 8;
        public const int SdhEntryLength = 0x30;
        /// <summary>Windows pads an $SDH entry with "II" in UTF-16 after its data (not counted in the data length).</summary>
        public const uint SdhPadding = 0x00490049;
    }

    /// <summary>Self-relative security descriptor header (SECURITY_DESCRIPTOR_RELATIVE).</summary>
    public static class SecurityDescriptor
    {
        public const int Control = 0x02;
        public const int HeaderSize = 0x14;
        public const ushort ControlSelfRelative = 0x8000;
    }

    public static class VolumeInformation
    {
        public const int MajorVersion = 0x08;
        public const int MinorVersion = 0x09;
        public const int Flags = 0x0A;
        public const int Size = 0x0C;
        public const ushort FlagDirty = 0x0001;
    }

    public static class LogFile
    {
        public const uint RestartMagic = 0x52545352; // "RSTR"
        public const uint CheckDiskMagic = 0x444B4843; // "CHKD"
        public const int SystemPageSize = 0x10;
        public const int LogPageSize = 0x14;
        public const int RestartAreaOffset = 0x18;
        public const int MinorVersion = 0x1A;
        public const int MajorVersion = 0x1C;
        public const int AreaCurrentLsn = 0x00;
        public const int AreaClientInUseList = 0x0C;
        public const int AreaFlags = 0x0E;
        public const ushort NoClient = 0xFFFF;
        public const ushort FlagVolumeIsClean = 0x0002;
    }

    public static class SystemFiles
    {
        public const long Mft = 0;
        public const long MftMirror = 1;
        public const long LogFile = 2;
        public const long Volume = 3;
        public const long Root = 5;
        public const long Bitmap = 6;
        public const long Secure = 9;
        public const long UpCase = 10;
        public const long Extend = 11;
        /// <summary>First record that is not an NTFS metadata file ($MFT .. reserved records 12-15).</summary>
        public const long FirstUserRecord = 16;
    }

    /// <summary>Upper bounds that keep hostile input from costing unbounded memory or time.</summary>
    public static class Limits
    {
        public const int MaxAttributeListBytes = 1 << 20;
        public const int MaxIndexDepth = 64;
        public const int MaxResidentUpcaseBytes = 1 << 17;
        public const int UpcaseEntries = 65536;
    }
}
