using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace OfflineRepair.Fat;

/// <summary>
/// The boot sector's BIOS parameter block and the geometry derived from it. Every field that later
/// becomes an offset or a count is checked here, once, so the rest of the reader can trust it.
/// </summary>
public sealed class BiosParameterBlock
{
    private const string Structure = "boot sector";

    private BiosParameterBlock()
    {
    }

    public int BytesPerSector { get; private init; }

    public int SectorsPerCluster { get; private init; }

    public int ReservedSectors { get; private init; }

    public int NumberOfFats { get; private init; }

    /// <summary>Entries of the fixed FAT12/16 root directory; 0 on FAT32.</summary>
    public int RootEntryCount { get; private init; }

    public long TotalSectors { get; private init; }

    public byte Media { get; private init; }

    public long SectorsPerFat { get; private init; }

    public uint HiddenSectors { get; private init; }

    /// <summary>FAT32 ExtFlags: bits 0-3 the active FAT, bit 7 set when mirroring is off.</summary>
    public ushort ExtFlags { get; private init; }

    /// <summary>First cluster of the FAT32 root directory; 0 on FAT12/16.</summary>
    public uint RootCluster { get; private init; }

    /// <summary>Sector of the FAT32 FSInfo structure (0 or 0xFFFF: none).</summary>
    public int FsInfoSector { get; private init; }

    /// <summary>Sector of the FAT32 backup boot sector (0 or 0xFFFF: none).</summary>
    public int BackupBootSector { get; private init; }

    /// <summary>Volume serial number, when the extended boot signature is present.</summary>
    public uint? SerialNumber { get; private init; }

    /// <summary>The boot sector's label (trailing spaces removed), when the extended boot signature is present.</summary>
    public string? VolumeLabel { get; private init; }

    public FatType Type { get; private init; }

    public int BytesPerCluster => BytesPerSector * SectorsPerCluster;

    /// <summary>Count of data clusters; valid cluster numbers run from 2 to <see cref="MaximumCluster"/>.</summary>
    public long ClusterCount { get; private init; }

    public uint MaximumCluster => (uint)(ClusterCount + 1);

    public long FatOffset => (long)ReservedSectors * BytesPerSector;

    public long FatLength => SectorsPerFat * BytesPerSector;

    /// <summary>FAT32 only: ExtFlags bit 7, the FAT copies are not mirrored and only <see cref="ActiveFat"/> is in use.</summary>
    public bool MirroringDisabled => Type == FatType.Fat32 && (ExtFlags & FatLayout.ExtFlagsMirroringDisabled) != 0;

    /// <summary>The FAT in use when mirroring is disabled (ExtFlags bits 0-3; may name a FAT that does not exist), else 0.</summary>
    public int ActiveFat => MirroringDisabled ? ExtFlags & FatLayout.ExtFlagsActiveFatMask : 0;

    /// <summary>The FAT that holds the truth: the active one when mirroring is off and it exists, else the first.</summary>
    internal int ReadFat => ActiveFat < NumberOfFats ? ActiveFat : 0;

    /// <summary>Byte offset of FAT copy <paramref name="index"/> (0-based).</summary>
    public long FatCopyOffset(int index) => FatOffset + (index * FatLength);

    /// <summary>Byte offset of the fixed FAT12/16 root directory (the data region on FAT32).</summary>
    public long RootDirectoryOffset => FatOffset + (NumberOfFats * FatLength);

    public long RootDirectoryLength => (long)RootEntryCount * FatLayout.DirectoryEntrySize;

    public long DataOffset { get; private init; }

    public long VolumeLength => TotalSectors * BytesPerSector;

    /// <summary>Byte offset in the volume of a data cluster; the caller has checked the number.</summary>
    public long ClusterOffset(uint cluster) => DataOffset + ((long)(cluster - FatLayout.FirstDataCluster) * BytesPerCluster);

    public bool IsValidCluster(uint cluster) => cluster >= FatLayout.FirstDataCluster && cluster <= MaximumCluster;

    /// <summary>Parses a boot sector (at least 512 bytes) of a volume whose stream holds <paramref name="volumeLength"/> bytes.</summary>
    public static BiosParameterBlock Parse(ReadOnlySpan<byte> sector, long volumeLength)
    {
        if (sector.Length < FatLayout.MinimumSectorSize)
        {
            throw new FatFormatException(Structure, 0, $"the volume holds {sector.Length} bytes, less than one 512-byte sector");
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(sector[FatLayout.BootSignatureOffset..]) != FatLayout.BootSignature)
        {
            throw new FatFormatException(Structure, FatLayout.BootSignatureOffset, "the 0x55 0xAA signature is missing; this is not a FAT volume");
        }

        int bytesPerSector = BinaryPrimitives.ReadUInt16LittleEndian(sector[FatLayout.BytesPerSectorOffset..]);
        if (bytesPerSector < FatLayout.MinimumSectorSize || bytesPerSector > FatLayout.MaximumSectorSize || !BitOperations.IsPow2(bytesPerSector))
        {
            throw new FatFormatException(Structure, FatLayout.BytesPerSectorOffset, $"bytes per sector {bytesPerSector} is not 512, 1024, 2048 or 4096");
        }

        int sectorsPerCluster = sector[FatLayout.SectorsPerClusterOffset];
        if (sectorsPerCluster == 0 || sectorsPerCluster > FatLayout.MaximumSectorsPerCluster || !BitOperations.IsPow2(sectorsPerCluster))
        {
            throw new FatFormatException(Structure, FatLayout.SectorsPerClusterOffset, $"sectors per cluster {sectorsPerCluster} is not a power of two from 1 to 128");
        }

        int reserved = BinaryPrimitives.ReadUInt16LittleEndian(sector[FatLayout.ReservedSectorsOffset..]);
        if (reserved == 0)
        {
            throw new FatFormatException(Structure, FatLayout.ReservedSectorsOffset, "reserved sector count is 0; the boot sector itself is reserved");
        }

        int fats = sector[FatLayout.NumberOfFatsOffset];
        if (fats == 0)
        {
            throw new FatFormatException(Structure, FatLayout.NumberOfFatsOffset, "the number of FATs is 0");
        }

        int rootEntries = BinaryPrimitives.ReadUInt16LittleEndian(sector[FatLayout.RootEntryCountOffset..]);
        if ((long)rootEntries * FatLayout.DirectoryEntrySize % bytesPerSector != 0)
        {
            throw new FatFormatException(Structure, FatLayout.RootEntryCountOffset, $"{rootEntries} root entries do not fill whole {bytesPerSector}-byte sectors");
        }

        long total16 = BinaryPrimitives.ReadUInt16LittleEndian(sector[FatLayout.TotalSectors16Offset..]);
        long total32 = BinaryPrimitives.ReadUInt32LittleEndian(sector[FatLayout.TotalSectors32Offset..]);
        long totalSectors = total16 != 0 ? total16 : total32;
        if (totalSectors == 0)
        {
            throw new FatFormatException(Structure, FatLayout.TotalSectors32Offset, "total sector count is 0");
        }

        long fat16Size = BinaryPrimitives.ReadUInt16LittleEndian(sector[FatLayout.FatSize16Offset..]);
        long fatSize = fat16Size != 0 ? fat16Size : BinaryPrimitives.ReadUInt32LittleEndian(sector[FatLayout.FatSize32Offset..]);
        if (fatSize == 0)
        {
            throw new FatFormatException(Structure, FatLayout.FatSize32Offset, "sectors per FAT is 0");
        }

        long rootSectors = (long)rootEntries * FatLayout.DirectoryEntrySize / bytesPerSector;
        long firstDataSector = reserved + (fats * fatSize) + rootSectors;
        if (firstDataSector >= totalSectors)
        {
            throw new FatFormatException(Structure, FatLayout.TotalSectors32Offset, $"the reserved area, FATs and root directory ({firstDataSector} sectors) leave no room for data in {totalSectors} sectors");
        }

        long clusterCount = (totalSectors - firstDataSector) / sectorsPerCluster;
        var type = clusterCount < FatLayout.Fat12ClusterLimit ? FatType.Fat12
            : clusterCount < FatLayout.Fat16ClusterLimit ? FatType.Fat16
            : FatType.Fat32;
        if (type == FatType.Fat12)
        {
            throw new FatFormatException(Structure, 0, $"{clusterCount} clusters make this a FAT12 volume, which is not supported");
        }

        // FAT32 allows at most 0x0FFFFFF6 as a cluster number; more clusters cannot be addressed.
        if (clusterCount + 1 >= FatLayout.Fat32Bad)
        {
            throw new FatFormatException(Structure, FatLayout.TotalSectors32Offset, $"{clusterCount} clusters are more than FAT32 can address");
        }

        int entryBytes = type == FatType.Fat32 ? 4 : 2;
        if (fatSize * bytesPerSector / entryBytes < clusterCount + 2)
        {
            throw new FatFormatException(Structure, FatLayout.FatSize32Offset, $"a FAT of {fatSize} sectors cannot map {clusterCount} clusters");
        }

        long volumeBytes = totalSectors * bytesPerSector;
        if (volumeBytes > volumeLength)
        {
            throw new FatFormatException(Structure, FatLayout.TotalSectors32Offset, $"the boot sector describes {volumeBytes} bytes but the volume holds only {volumeLength} (truncated image?)");
        }

        uint rootCluster = 0;
        int fsInfo = 0;
        int backup = 0;
        ushort extFlags = 0;
        int signatureOffset = FatLayout.Fat16ExtendedSignatureOffset;
        int serialOffset = FatLayout.Fat16SerialOffset;
        int labelOffset = FatLayout.Fat16LabelOffset;
        if (type == FatType.Fat32)
        {
            if (rootEntries != 0 || fat16Size != 0)
            {
                throw new FatFormatException(Structure, FatLayout.RootEntryCountOffset, "a FAT32 volume has a FAT12/16 root entry count or FAT size");
            }

            ushort version = BinaryPrimitives.ReadUInt16LittleEndian(sector[FatLayout.FsVersionOffset..]);
            if (version != 0)
            {
                throw new FatFormatException(Structure, FatLayout.FsVersionOffset, $"FAT32 version {version >> 8}.{version & 0xFF} is not 0.0");
            }

            extFlags = BinaryPrimitives.ReadUInt16LittleEndian(sector[FatLayout.ExtFlagsOffset..]);
            rootCluster = BinaryPrimitives.ReadUInt32LittleEndian(sector[FatLayout.RootClusterOffset..]);
            if (rootCluster < FatLayout.FirstDataCluster || rootCluster > clusterCount + 1)
            {
                throw new FatFormatException(Structure, FatLayout.RootClusterOffset, $"root cluster {rootCluster} is outside clusters 2..{clusterCount + 1}");
            }

            fsInfo = BinaryPrimitives.ReadUInt16LittleEndian(sector[FatLayout.FsInfoSectorOffset..]);
            backup = BinaryPrimitives.ReadUInt16LittleEndian(sector[FatLayout.BackupBootSectorOffset..]);
            signatureOffset = FatLayout.Fat32ExtendedSignatureOffset;
            serialOffset = FatLayout.Fat32SerialOffset;
            labelOffset = FatLayout.Fat32LabelOffset;
        }
        else if (rootEntries == 0)
        {
            throw new FatFormatException(Structure, FatLayout.RootEntryCountOffset, "a FAT16 volume has no root directory entries");
        }

        uint? serial = null;
        string? label = null;
        if (sector[signatureOffset] == FatLayout.ExtendedBootSignature)
        {
            serial = BinaryPrimitives.ReadUInt32LittleEndian(sector[serialOffset..]);
            label = ShortName.DecodeOem(sector.Slice(labelOffset, FatLayout.LabelLength)).TrimEnd(' ');
        }

        return new BiosParameterBlock
        {
            BytesPerSector = bytesPerSector,
            SectorsPerCluster = sectorsPerCluster,
            ReservedSectors = reserved,
            NumberOfFats = fats,
            RootEntryCount = rootEntries,
            TotalSectors = totalSectors,
            Media = sector[FatLayout.MediaOffset],
            SectorsPerFat = fatSize,
            HiddenSectors = BinaryPrimitives.ReadUInt32LittleEndian(sector[FatLayout.HiddenSectorsOffset..]),
            ExtFlags = extFlags,
            RootCluster = rootCluster,
            FsInfoSector = fsInfo,
            BackupBootSector = backup,
            SerialNumber = serial,
            VolumeLabel = label,
            Type = type,
            ClusterCount = clusterCount,
            DataOffset = firstDataSector * bytesPerSector,
        };
    }
}
