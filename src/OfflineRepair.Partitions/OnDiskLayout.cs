namespace OfflineRepair.Partitions;

// Every number of the on-disk formats lives here, so the parsers read like the specifications
// (UEFI 2.x chapter 5 for MBR and GPT; the FAT and NTFS boot sectors for the sniffer).

/// <summary>Master boot record and extended boot record (the same 512-byte shape).</summary>
internal static class MbrLayout
{
    public const int Size = 512;
    public const int DiskSignature = 0x1B8;
    public const int FirstEntry = 0x1BE;
    public const int EntrySize = 16;
    public const int EntryCount = 4;
    public const int BootSignature = 0x1FE;
    public const ushort BootSignatureValue = 0xAA55; // bytes 55 AA, read little-endian

    // Fields of one 16-byte partition entry.
    public const int EntryBootIndicator = 0;
    public const int EntryType = 4;
    public const int EntryStartLba = 8;
    public const int EntrySectorCount = 12;

    public const byte Active = 0x80;
    public const byte Inactive = 0x00;

    /// <summary>An EBR chain longer than this is taken for a loop or garbage (Windows allows far fewer logical drives).</summary>
    public const int MaxExtendedBootRecords = 256;
}

/// <summary>GPT header (at LBA 1, the backup at the last LBA) and partition entry.</summary>
internal static class GptLayout
{
    public const ulong Signature = 0x5452415020494645; // "EFI PART" read little-endian
    public const int SignatureOffset = 0;
    public const int Revision = 8;
    public const int HeaderSize = 12;
    public const int HeaderCrc = 16;
    public const int Reserved = 20;
    public const int MyLba = 24;
    public const int AlternateLba = 32;
    public const int FirstUsableLba = 40;
    public const int LastUsableLba = 48;
    public const int DiskGuid = 56;
    public const int EntriesLba = 72;
    public const int EntryCount = 80;
    public const int EntrySize = 84;
    public const int EntriesCrc = 88;

    /// <summary>The header fields end here; the CRC covers HeaderSize bytes, at least this many.</summary>
    public const int MinHeaderSize = 92;

    /// <summary>Revision 1.0; minor revisions keep the layout, so only the major half is checked.</summary>
    public const uint RevisionMajor1 = 0x00010000;

    public const int MinEntrySize = 128;

    /// <summary>The specification requires 128 × 2^n; nobody uses more than a sector, this bounds the read.</summary>
    public const int MaxEntrySize = 4096;

    /// <summary>Windows and sgdisk use 128 entries; more than this is taken for a corrupt header.</summary>
    public const int MaxEntryCount = 1024;

    // Fields of one partition entry.
    public const int EntryTypeGuid = 0;
    public const int EntryUniqueGuid = 16;
    public const int EntryFirstLba = 32;
    public const int EntryLastLba = 40;
    public const int EntryAttributes = 48;
    public const int EntryName = 56;
    public const int EntryNameBytes = 72; // 36 UTF-16 code units
}

/// <summary>Where a volume's boot sector says which file system it is.</summary>
internal static class BootSectorLayout
{
    public const int Size = 512;
    public const int OemId = 3;
    public const int OemIdLength = 8;

    public const int Fat16FileSystemType = 54;
    public const int Fat16ExtendedBootSignature = 38;
    public const int Fat16VolumeLabel = 43;

    public const int Fat32FileSystemType = 82;
    public const int Fat32ExtendedBootSignature = 66;
    public const int Fat32VolumeLabel = 71;

    public const int FileSystemTypeLength = 8;
    public const int VolumeLabelLength = 11;

    /// <summary>0x29 says the volume id, label and file-system type fields that follow are present.</summary>
    public const byte ExtendedBootSignature = 0x29;
}
