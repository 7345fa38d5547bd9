using System.Buffers.Binary;
using System.Text;

namespace OfflineRepair.Ntfs.Tests;

public sealed class NtfsBootSectorTests
{
    private static byte[] Sector(byte sectorsPerCluster = 8, sbyte mftRecord = -10, sbyte indexRecord = -12)
    {
        var s = new byte[512];
        Encoding.ASCII.GetBytes("NTFS    ").CopyTo(s, 3);
        BinaryPrimitives.WriteUInt16LittleEndian(s.AsSpan(0x0B), 512);
        s[0x0D] = sectorsPerCluster;
        BinaryPrimitives.WriteInt64LittleEndian(s.AsSpan(0x28), 1 << 20);
        BinaryPrimitives.WriteInt64LittleEndian(s.AsSpan(0x30), 4);
        BinaryPrimitives.WriteInt64LittleEndian(s.AsSpan(0x38), 2);
        s[0x40] = (byte)mftRecord;
        s[0x44] = (byte)indexRecord;
        BinaryPrimitives.WriteUInt64LittleEndian(s.AsSpan(0x48), 0x1122334455667788);
        s[510] = 0x55;
        s[511] = 0xAA;
        return s;
    }

    [Fact]
    public void Parses_geometry()
    {
        var boot = NtfsBootSector.Parse(Sector());
        Assert.Equal(4096, boot.ClusterSize);
        Assert.Equal(1024, boot.MftRecordSize);
        Assert.Equal(4096, boot.IndexBlockSize);
        Assert.Equal(4, boot.MftLcn);
        Assert.Equal((1 << 20) / 8, boot.TotalClusters);
        Assert.Equal(0x1122334455667788UL, boot.SerialNumber);
    }

    [Fact]
    public void Negative_exponent_cluster_sizes_beyond_two_mebibytes_are_refused()
    {
        // 0xF0: 2^16 sectors of 512 bytes = 32 MiB clusters, larger than NTFS allows.
        Assert.Throws<NtfsFormatException>(() => NtfsBootSector.Parse(Sector(0xF0)));
    }

    [Theory]
    [InlineData(0x80, 65536)]
    [InlineData(0xF9, 65536)] // 2^(256-249) = 128 sectors
    [InlineData(0xF4, 2 * 1024 * 1024)] // 2^12 sectors: the 2 MiB clusters of ntfs-2m
    public void Sectors_per_cluster_uses_the_negative_exponent_encoding(byte encoded, long clusterSize)
    {
        Assert.Equal(clusterSize, NtfsBootSector.Parse(Sector(encoded)).ClusterSize);
    }

    [Fact]
    public void BitLocker_is_recognised_and_refused()
    {
        var s = Sector();
        Encoding.ASCII.GetBytes("-FVE-FS-").CopyTo(s, 3);
        Assert.Equal(VolumeKind.BitLocker, NtfsBootSector.Identify(s));
        var e = Assert.Throws<NtfsFormatException>(() => NtfsBootSector.Parse(s));
        Assert.Contains("BitLocker", e.Message, StringComparison.Ordinal);
        Assert.Equal(VolumeKind.BitLocker, NtfsVolume.Identify(new MemoryStream(s)));
    }

    [Theory]
    [InlineData(0x0B, 100)]
    [InlineData(0x0D, 3)]
    [InlineData(0x30, 0)]
    [InlineData(0x40, 0)]
    public void Bad_fields_are_named(int offset, byte value)
    {
        var s = Sector();
        if (offset is 0x0B or 0x30)
        {
            s.AsSpan(offset, 2).Clear();
        }

        s[offset] = value;
        var e = Assert.Throws<NtfsFormatException>(() => NtfsBootSector.Parse(s));
        Assert.Equal("boot sector", e.Structure);
    }

    [Fact]
    public void Not_ntfs()
    {
        Assert.Equal(VolumeKind.NotNtfs, NtfsBootSector.Identify(new byte[512]));
        Assert.Throws<NtfsFormatException>(() => NtfsVolume.Open(new MemoryStream(new byte[4096])));
    }
}
