using System.Globalization;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Partitions.Tests;

/// <summary>Disks partitioned by sfdisk and sgdisk, read by us and compared with what those tools report.</summary>
public sealed class OracleDiskTests
{
    private const long MiB = 1024 * 1024;

    private static PartitionTable ReadFile(string image)
    {
        using var disk = File.OpenRead(image);
        return PartitionTable.Read(disk);
    }

    [Fact]
    public void Gen1_layout_made_by_sfdisk_active_system_reserved_and_windows()
    {
        using var dir = new TemporaryDirectory();
        var image = OracleDisks.Sparse(dir, "gen1.img", 2048 * MiB);
        OracleDisks.Sfdisk(image, "label: dos\nlabel-id: 0x5EEDF00D\nstart=2048, size=500M, type=7, bootable\ntype=7\n");
        var table = ReadFile(image);
        OracleDisks.AssertMatchesSfdisk(table, image);
        Assert.Equal(0x5EEDF00Du, table.DiskSignature);
        Assert.Equal(2, table.Partitions.Count);
        Assert.True(table.Partitions[0].IsActive);
        Assert.False(table.Partitions[1].IsActive);
        Assert.All(table.Partitions, p => Assert.Equal("NTFS/basic data", p.TypeName));
        Assert.Equal(500 * MiB, table.Partitions[0].Length);
    }

    [Fact]
    public void Extended_partition_with_three_logical_ones_made_by_sfdisk()
    {
        using var dir = new TemporaryDirectory();
        var image = OracleDisks.Sparse(dir, "ext.img", 256 * MiB);
        OracleDisks.Sfdisk(image, "label: dos\nsize=32M, type=7, bootable\nsize=16M, type=83\ntype=5\nsize=40M, type=7\nsize=20M, type=82\ntype=c\n");
        var table = ReadFile(image);
        OracleDisks.AssertMatchesSfdisk(table, image);
        Assert.Equal([1, 2, 3, 5, 6, 7], table.Partitions.Select(p => p.Index));
        Assert.Equal(["NTFS/basic data", "Linux", "Extended", "NTFS/basic data", "Linux swap", "FAT32 (LBA)"], table.Partitions.Select(p => p.TypeName));
        Assert.True(table.Partitions[2].IsExtended);
        Assert.Equal(3, table.Partitions.Count(p => p.IsLogical));
    }

    [Fact]
    public void Gen2_layout_made_by_sgdisk_recovery_esp_msr_windows()
    {
        using var dir = new TemporaryDirectory();
        var image = MakeGen2(dir);
        var table = ReadFile(image);
        OracleDisks.AssertMatchesSfdisk(table, image);
        Assert.False(table.UsedBackupGpt);
        Assert.Empty(table.Warnings);
        Assert.Equal(Guid.Parse(OracleDisks.SgdiskDiskGuid(image)), table.DiskGuid);
        Assert.Equal(["Windows Recovery", "EFI System", "Microsoft reserved", "NTFS/basic data"], table.Partitions.Select(p => p.TypeName));
        AssertMatchesSgdiskInfo(table, image);
    }

    [Fact]
    public void Gen2_disk_with_its_primary_header_overwritten_is_read_from_the_backup()
    {
        using var dir = new TemporaryDirectory();
        var image = MakeGen2(dir);
        var expected = ReadFile(image);
        Overwrite(image, 512 + 8, 64);
        var table = ReadFile(image);
        Assert.True(table.UsedBackupGpt);
        Assert.Contains(table.Warnings, w => w.Contains("primary GPT is invalid", StringComparison.Ordinal));
        Assert.Equal(expected.DiskGuid, table.DiskGuid);
        Assert.Equal(Describe(expected), Describe(table));

        // sgdisk too finds the damage and still knows the partitions from its backup.
        AssertMatchesSgdiskInfo(table, image);
    }

    [Fact]
    public void Gen2_disk_with_its_primary_entry_array_damaged_is_read_from_the_backup()
    {
        using var dir = new TemporaryDirectory();
        var image = MakeGen2(dir);
        var expected = ReadFile(image);
        Overwrite(image, (2 * 512) + 56, 8); // the first entry's name
        var table = ReadFile(image);
        Assert.True(table.UsedBackupGpt);
        Assert.Contains(table.Warnings, w => w.Contains("entry array CRC", StringComparison.Ordinal));
        Assert.Equal(Describe(expected), Describe(table));
    }

    [Fact]
    public void Gen2_disk_with_both_headers_overwritten_is_a_clear_error()
    {
        using var dir = new TemporaryDirectory();
        var image = MakeGen2(dir);
        Overwrite(image, 512 + 8, 64);
        Overwrite(image, new FileInfo(image).Length - 512 + 8, 64);
        var error = Assert.Throws<PartitionTableException>(() => ReadFile(image));
        Assert.Contains("neither the primary nor a backup", error.Problem, StringComparison.Ordinal);
    }

    private static string MakeGen2(TemporaryDirectory dir)
    {
        var image = OracleDisks.Sparse(dir, "gen2.img", 2048 * MiB);
        OracleDisks.Sgdisk(
            image,
            "-o",
            "-n", "1:2048:+450M", "-t", "1:2700", "-c", "1:Recovery",
            "-n", "2:0:+99M", "-t", "2:ef00", "-c", "2:EFI system partition",
            "-n", "3:0:+16M", "-t", "3:0c01", "-c", "3:Microsoft reserved partition",
            "-n", "4:0:0", "-t", "4:0700", "-c", "4:Basic data partition");
        return image;
    }

    private static void AssertMatchesSgdiskInfo(PartitionTable table, string image)
    {
        foreach (var p in table.Partitions)
        {
            var info = OracleDisks.SgdiskInfo(image, p.Index);
            Assert.StartsWith(p.TypeGuid!.Value.ToString("D").ToUpperInvariant(), info["Partition GUID code"], StringComparison.Ordinal);
            Assert.Equal(p.PartitionGuid!.Value.ToString("D").ToUpperInvariant(), info["Partition unique GUID"]);
            Assert.StartsWith((p.Offset / 512).ToString(CultureInfo.InvariantCulture) + " ", info["First sector"], StringComparison.Ordinal);
            Assert.StartsWith(((p.Offset + p.Length) / 512 - 1).ToString(CultureInfo.InvariantCulture) + " ", info["Last sector"], StringComparison.Ordinal);
            Assert.Equal($"'{p.Name}'", info["Partition name"]);
        }
    }

    private static string Describe(PartitionTable table) => string.Join("\n", table.Partitions.Select(p => $"{p} {p.TypeGuid} {p.PartitionGuid}"));

    private static void Overwrite(string image, long offset, int count)
    {
        using var file = new FileStream(image, FileMode.Open, FileAccess.Write);
        file.Position = offset;
        file.Write(Enumerable.Repeat((byte)0xA5, count).ToArray());
    }
}
