using OfflineRepair.TestSupport;

namespace OfflineRepair.Partitions.Tests;

/// <summary>Disks written by Windows (shared corpus; SOURCES.md): one MBR partition of type 0x07 at 65536 holding NTFS.</summary>
public sealed class CorpusDiskTests
{
    [Theory]
    [InlineData("dissect.hypervisor/fixed.vhd.gz")] // raw disk followed by the 512-byte VHD footer
    [InlineData("ntfs-samples/ntfs-lastaccess.raw.gz")]
    public void Windows_made_disk_has_one_NTFS_partition_at_65536(string corpusFile)
    {
        var image = Corpus.File(corpusFile);
        using var disk = File.OpenRead(image);
        var table = PartitionTable.Read(disk);
        Assert.Equal(PartitionStyle.Mbr, table.Style);
        var partition = Assert.Single(table.Partitions);
        Assert.Equal(65536, partition.Offset);
        Assert.Equal((byte)0x07, partition.MbrType);
        Assert.Equal("NTFS/basic data", partition.TypeName);
        Assert.Equal(1, partition.Index);
        Assert.True(partition.Offset + partition.Length <= disk.Length);

        using var volume = partition.Open(disk);
        Assert.Equal(FileSystemKind.Ntfs, FileSystemSniffer.Sniff(volume));

        OracleDisks.AssertMatchesSfdisk(table, image);
    }

    [Fact]
    public void A_bare_NTFS_volume_has_no_partition_table()
    {
        var image = Corpus.File("dissect.ntfs/ntfs.bin.gz");
        using var disk = File.OpenRead(image);
        var table = PartitionTable.Read(disk);
        Assert.Equal(PartitionStyle.None, table.Style);
        Assert.Empty(table.Partitions);
        Assert.Equal(FileSystemKind.Ntfs, FileSystemSniffer.Sniff(disk));
    }
}
