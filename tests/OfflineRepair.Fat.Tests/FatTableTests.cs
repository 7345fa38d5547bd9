using System.Buffers.Binary;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Fat.Tests;

/// <summary>How FAT changes reach the FAT copies: mirrored, or only the active FAT; reserved bits kept.</summary>
public sealed class FatTableTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void With_mirroring_disabled_only_the_active_FAT_changes(int activeFat)
    {
        using var dir = new TemporaryDirectory();
        var image = FatImages.Format(dir, "esp.img", 32, 34 * 1024, 1);
        var fixture = new WriteFixture(dir, image);
        SetExtFlags(image, (ushort)(0x80 | activeFat));
        var before = File.ReadAllBytes(image);

        var grown = fixture.Contents[WriteFixture.Bcd].Concat(Enumerable.Range(0, 10 * fixture.ClusterSize).Select(i => (byte)(i * 3))).ToArray();
        using (var stream = File.Open(image, FileMode.Open, FileAccess.ReadWrite))
        {
            var volume = FatVolume.OpenForWriting(stream);
            Assert.True(volume.Parameters.MirroringDisabled);
            Assert.Equal(activeFat, volume.Parameters.ActiveFat);
            using (var file = volume.OpenFileForWriting(WriteFixture.Bcd))
            {
                file.Seek(0, SeekOrigin.End);
                file.Write(grown.AsSpan(WriteFixture.BcdSize));
            }

            using (var file = volume.OpenFileForWriting(WriteFixture.Tail))
            {
                file.SetLength(10);
            }
        }

        var after = File.ReadAllBytes(image);
        var bpb = FatVolume.Open(new MemoryStream(after, writable: false)).Parameters;
        int inactive = 1 - activeFat;
        Assert.True(ImageComparison.Same(before, after, bpb.FatCopyOffset(inactive), bpb.FatLength), $"FAT {inactive} changed although FAT {activeFat} is the only active one");
        Assert.False(ImageComparison.Same(before, after, bpb.FatCopyOffset(activeFat), bpb.FatLength), $"FAT {activeFat} did not change");

        // Our reader follows the active FAT too.
        using (var file = FatVolume.Open(new MemoryStream(after, writable: false)).OpenFile(WriteFixture.Bcd))
        {
            var read = new byte[file.Length];
            file.ReadExactly(read);
            Assert.Equal(grown, read);
        }

        // fsck.fat ignores ExtFlags and reads FAT 0: with FAT 0 active it only notes that the copies differ.
        if (activeFat == 0)
        {
            Assert.Equal(["FATs differ but appear to be intact.", "Using first FAT."], FatImages.FsckProblems(image));
        }

        // Mirrored by hand (the active FAT copied over the other, ExtFlags cleared), the volume is clean and mtools reads the new bytes.
        var mirrored = (byte[])after.Clone();
        after.AsSpan((int)bpb.FatCopyOffset(activeFat), (int)bpb.FatLength).CopyTo(mirrored.AsSpan((int)bpb.FatCopyOffset(inactive)));
        var copy = dir.File("mirrored.img");
        File.WriteAllBytes(copy, mirrored);
        SetExtFlags(copy, 0);
        FatImages.FsckVerboseClean(copy);
        Assert.Equal(grown, FatImages.ReadWithMtools(dir, copy, WriteFixture.Bcd));
        Assert.Equal(fixture.Contents[WriteFixture.Tail][..10], FatImages.ReadWithMtools(dir, copy, WriteFixture.Tail));
    }

    [Fact]
    public void The_reserved_top_bits_of_FAT32_entries_are_kept()
    {
        using var dir = new TemporaryDirectory();
        var image = FatImages.Format(dir, "esp.img", 32, 34 * 1024, 1);
        var fixture = new WriteFixture(dir, image);
        IReadOnlyList<uint> clusters;
        BiosParameterBlock bpb;
        using (var stream = File.OpenRead(image))
        {
            var volume = FatVolume.Open(stream);
            bpb = volume.Parameters;
            clusters = volume.GetClusters(volume.Find(WriteFixture.Bcd)!);
        }

        // fsck.fat and mtools ignore these bits; a writer must not clear them (0x3 in FAT 0, 0x5 in FAT 1: kept per copy).
        var bytes = File.ReadAllBytes(image);
        uint[] topBits = [0x30000000, 0x50000000];
        foreach (var cluster in clusters)
        {
            for (int copy = 0; copy < 2; copy++)
            {
                var at = (int)(bpb.FatCopyOffset(copy) + (4L * cluster));
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) | topBits[copy]);
            }
        }

        File.WriteAllBytes(image, bytes);
        using (var stream = File.Open(image, FileMode.Open, FileAccess.ReadWrite))
        {
            var volume = FatVolume.OpenForWriting(stream);
            using (var file = volume.OpenFileForWriting(WriteFixture.Bcd))
            {
                file.SetLength(WriteFixture.BcdSize + (3 * fixture.ClusterSize)); // links the last cluster onwards
            }

            using (var file = volume.OpenFileForWriting(WriteFixture.Bcd))
            {
                file.SetLength(1000); // ends the chain early and frees the rest
            }
        }

        bytes = File.ReadAllBytes(image);
        foreach (var cluster in clusters)
        {
            for (int copy = 0; copy < 2; copy++)
            {
                uint entry = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)(bpb.FatCopyOffset(copy) + (4L * cluster))));
                Assert.Equal(topBits[copy], entry & 0xF0000000);
            }
        }

        Assert.DoesNotContain(FatImages.FsckProblems(image), p => !p.StartsWith("FATs differ", StringComparison.Ordinal) && p != "Using first FAT.");
        Assert.Equal(fixture.Contents[WriteFixture.Bcd][..1000], FatImages.ReadWithMtools(dir, image, WriteFixture.Bcd));
    }

    /// <summary>Sets BPB_ExtFlags in the boot sector and its backup, as a tool that turned mirroring off would.</summary>
    private static void SetExtFlags(string image, ushort flags)
    {
        using var stream = File.Open(image, FileMode.Open, FileAccess.ReadWrite);
        var sector = new byte[512];
        stream.ReadExactly(sector);
        int sectorSize = BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(0x0B));
        int backup = BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(0x32));
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, flags);
        foreach (long at in new[] { 0L, (long)backup * sectorSize })
        {
            stream.Position = at + 0x28;
            stream.Write(bytes);
        }
    }
}
