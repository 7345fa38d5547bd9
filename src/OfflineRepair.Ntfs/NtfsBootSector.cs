using System.Buffers.Binary;
using System.Text;
using L = OfflineRepair.Ntfs.NtfsLayout.Boot;

namespace OfflineRepair.Ntfs;

/// <summary>What sector 0 of a volume says it is.</summary>
public enum VolumeKind
{
    NotNtfs,
    Ntfs,
    /// <summary>BitLocker ("-FVE-FS-"): the file system is encrypted and cannot be read without the key.</summary>
    BitLocker,
}

/// <summary>The NTFS boot sector (sector 0 of the volume): geometry and where the MFT is.</summary>
public sealed class NtfsBootSector
{
    private NtfsBootSector()
    {
    }

    public int BytesPerSector { get; private init; }
    public long ClusterSize { get; private init; }
    public long TotalSectors { get; private init; }
    public long TotalClusters { get; private init; }
    public long MftLcn { get; private init; }
    public long MftMirrorLcn { get; private init; }
    public int MftRecordSize { get; private init; }
    public int IndexBlockSize { get; private init; }
    public ulong SerialNumber { get; private init; }

    /// <summary>Volume size in bytes as the boot sector states it.</summary>
    public long VolumeSize => TotalSectors * BytesPerSector;

    public static VolumeKind Identify(ReadOnlySpan<byte> sector)
    {
        if (sector.Length < L.OemId + L.OemIdLength)
        {
            return VolumeKind.NotNtfs;
        }

        var oem = Encoding.ASCII.GetString(sector.Slice(L.OemId, L.OemIdLength));
        return oem switch
        {
            L.NtfsOem => VolumeKind.Ntfs,
            L.BitLockerOem => VolumeKind.BitLocker,
            _ => VolumeKind.NotNtfs,
        };
    }

    public static NtfsBootSector Parse(ReadOnlySpan<byte> sector)
    {
        if (sector.Length < L.Size)
        {
            throw Error(0, "shorter than 512 bytes");
        }

        switch (Identify(sector))
        {
            case VolumeKind.BitLocker:
                throw Error(L.OemId, "BitLocker-encrypted volume (OEM id \"-FVE-FS-\"): it cannot be read without unlocking it");
            case VolumeKind.NotNtfs:
                throw Error(L.OemId, "OEM id is not \"NTFS    \": not an NTFS volume");
        }

        int bytesPerSector = BinaryPrimitives.ReadUInt16LittleEndian(sector[L.BytesPerSector..]);
        if (bytesPerSector < 256 || bytesPerSector > 4096 || !IsPowerOfTwo(bytesPerSector))
        {
            throw Error(L.BytesPerSector, $"bytes per sector {bytesPerSector} is not a power of two in 256..4096");
        }

        // 1..128 sectors directly; 240..255 (seen as a negative byte) mean 2^(256-n) sectors, used for clusters ≥ 64 KiB.
        var spcRaw = sector[L.SectorsPerCluster];
        long sectorsPerCluster = spcRaw <= 128 ? spcRaw : spcRaw >= 240 ? 1L << (256 - spcRaw) : 0;
        if (sectorsPerCluster == 0 || !IsPowerOfTwo(sectorsPerCluster))
        {
            throw Error(L.SectorsPerCluster, $"sectors per cluster byte 0x{spcRaw:X2} is not valid");
        }

        var clusterSize = sectorsPerCluster * bytesPerSector;
        if (clusterSize > 2L * 1024 * 1024)
        {
            throw Error(L.SectorsPerCluster, $"cluster size {clusterSize} is larger than 2 MiB");
        }

        var totalSectors = BinaryPrimitives.ReadInt64LittleEndian(sector[L.TotalSectors..]);
        if (totalSectors <= 0 || totalSectors > long.MaxValue / 4096)
        {
            throw Error(L.TotalSectors, $"total sectors {totalSectors} is not valid");
        }

        var totalClusters = totalSectors / sectorsPerCluster;
        var mftLcn = BinaryPrimitives.ReadInt64LittleEndian(sector[L.MftLcn..]);
        var mirrorLcn = BinaryPrimitives.ReadInt64LittleEndian(sector[L.MftMirrorLcn..]);
        if (mftLcn <= 0 || mftLcn >= totalClusters)
        {
            throw Error(L.MftLcn, $"MFT cluster {mftLcn} is outside the volume ({totalClusters} clusters)");
        }

        if (mirrorLcn <= 0 || mirrorLcn >= totalClusters)
        {
            throw Error(L.MftMirrorLcn, $"MFT mirror cluster {mirrorLcn} is outside the volume ({totalClusters} clusters)");
        }

        var recordSize = RecordSize((sbyte)sector[L.ClustersPerMftRecord], clusterSize, L.ClustersPerMftRecord);
        if (recordSize < NtfsLayout.UpdateSequenceStride || recordSize > 64 * 1024)
        {
            throw Error(L.ClustersPerMftRecord, $"MFT record size {recordSize} is not supported");
        }

        var indexSize = RecordSize((sbyte)sector[L.ClustersPerIndexRecord], clusterSize, L.ClustersPerIndexRecord);
        if (indexSize < NtfsLayout.UpdateSequenceStride || indexSize > 1024 * 1024)
        {
            throw Error(L.ClustersPerIndexRecord, $"index block size {indexSize} is not supported");
        }

        return new NtfsBootSector
        {
            BytesPerSector = bytesPerSector,
            ClusterSize = clusterSize,
            TotalSectors = totalSectors,
            TotalClusters = totalClusters,
            MftLcn = mftLcn,
            MftMirrorLcn = mirrorLcn,
            MftRecordSize = (int)recordSize,
            IndexBlockSize = (int)indexSize,
            SerialNumber = BinaryPrimitives.ReadUInt64LittleEndian(sector[L.SerialNumber..]),
        };
    }

    /// <summary>Positive: that many clusters; negative n: 2^-n bytes (used when a record is smaller than a cluster).</summary>
    private static long RecordSize(sbyte value, long clusterSize, int offset)
    {
        if (value > 0)
        {
            return value * clusterSize;
        }

        if (value < 0 && value >= -31)
        {
            return 1L << -value;
        }

        throw Error(offset, $"record size byte 0x{(byte)value:X2} is not valid");
    }

    private static bool IsPowerOfTwo(long value) => value > 0 && (value & (value - 1)) == 0;

    private static NtfsFormatException Error(int offset, string problem) =>
        new("boot sector", $"offset 0x{offset:X2}", problem);
}
