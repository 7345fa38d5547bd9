using System.Buffers.Binary;
using OfflineRepair.Containers.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Containers.Tests.Vhdx;

public sealed class VhdxLogTests
{
    [Fact]
    public void Pending_log_is_replayed_in_memory_and_the_file_is_untouched()
    {
        _ = Qemu.Img;
        using var dir = new TemporaryDirectory();
        var (image, expected, _) = VhdxLogImage.Make(dir, "log.vhdx");
        var before = File.ReadAllBytes(image);

        using (var disk = ContainerOpener.Open(image))
        {
            Assert.Equal(expected, DiskBytes.Sha256(disk));
            Assert.Contains("log replayed", disk.Describe(), StringComparison.Ordinal);
        }

        Assert.Equal(before, File.ReadAllBytes(image));
    }

    [Fact]
    public void Without_the_replay_the_same_file_reads_wrong()
    {
        // Proves the test image needs the log: with LogGuid cleared the wiped BAT page shows.
        _ = Qemu.Img;
        using var dir = new TemporaryDirectory();
        var (image, expected, _) = VhdxLogImage.Make(dir, "log.vhdx");
        var bytes = File.ReadAllBytes(image);
        foreach (var header in new[] { 64 << 10, 128 << 10 })
        {
            bytes.AsSpan(header + 48, 16).Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(header + 4), 0);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(header + 4), Containers.Vhdx.Crc32C.Compute(bytes.AsSpan(header, 4096)));
        }

        File.WriteAllBytes(image, bytes);
        using var disk = ContainerOpener.Open(image);

        Assert.NotEqual(expected, DiskBytes.Sha256(disk));
    }

    [Fact]
    public void LogGuid_with_no_matching_entries_means_nothing_to_replay()
    {
        _ = Qemu.Img;
        using var dir = new TemporaryDirectory();
        var image = dir.File("d.vhdx");
        Qemu.Run("create", "-f", "vhdx", image, "4M");
        var expected = Qemu.RawSha256(image, "vhdx", dir.Path);
        var bytes = File.ReadAllBytes(image);
        foreach (var header in new[] { 64 << 10, 128 << 10 })
        {
            Guid.NewGuid().TryWriteBytes(bytes.AsSpan(header + 48));
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(header + 4), 0);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(header + 4), Containers.Vhdx.Crc32C.Compute(bytes.AsSpan(header, 4096)));
        }

        File.WriteAllBytes(image, bytes);
        using var disk = ContainerOpener.Open(image);

        Assert.Equal(expected, DiskBytes.Sha256(disk));
    }

    [Fact]
    public void Log_entry_with_a_bad_data_sector_is_not_replayed()
    {
        // A torn entry (its CRC fails) never committed: nothing is replayed, and the disk still opens.
        _ = Qemu.Img;
        using var dir = new TemporaryDirectory();
        var (image, _, newest) = VhdxLogImage.Make(dir, "log.vhdx");
        var bytes = File.ReadAllBytes(image);
        var logOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((64 << 10) + 72));
        bytes[logOffset + (int)newest + 4096 + 100] ^= 0xFF;
        File.WriteAllBytes(image, bytes);

        using var disk = ContainerOpener.Open(image);

        _ = DiskBytes.Sha256(disk);
        Assert.DoesNotContain("log replayed", disk.Describe(), StringComparison.Ordinal);
    }
}
