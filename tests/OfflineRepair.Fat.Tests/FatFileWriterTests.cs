using System.Buffers.Binary;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Fat.Tests;

/// <summary>Files rewritten by our writer, judged after every edit by fsck.fat and mtools (see <see cref="WriteSession"/>).</summary>
public sealed class FatFileWriterTests
{
    /// <summary>Sector size, sectors per cluster, size: 512-byte clusters (a 100 MiB ESP on a 512e disk), 2 KiB, and 4 KiB sectors (the 260 MiB ESP of 4Kn disks).</summary>
    public static TheoryData<int, int, int> Geometries => new()
    {
        { 512, 1, 34 * 1024 },
        { 512, 4, 140 * 1000 },
        { 4096, 1, 280 * 1000 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Overwrite_grow_and_shrink_on_FAT32_pass_fsck_and_mtools(int sectorSize, int sectorsPerCluster, int sizeKiB)
    {
        using var dir = new TemporaryDirectory();
        var image = FatImages.Format(dir, "esp.img", 32, sizeKiB, sectorsPerCluster, sectorSize);
        var fixture = new WriteFixture(dir, image);
        var session = new WriteSession(dir, image, fixture.Contents);
        int cluster = fixture.ClusterSize;
        var random = new Random(1234);
        byte[] Bytes(int count)
        {
            var bytes = new byte[count];
            random.NextBytes(bytes);
            return bytes;
        }

        // In place: the same clusters, no FAT or FSInfo change.
        var a = Bytes(1000);
        var b = Bytes(300);
        var step = session.Edit(WriteFixture.Bcd, f => { f.Position = 5000; f.Write(a); f.Seek(-300, SeekOrigin.End); f.Write(b); }, fatUnchanged: true);
        Assert.Equal(step.Before, step.Clusters);

        // Grow by one cluster where the next one is free: the file stays contiguous.
        var one = Bytes(cluster);
        step = session.Edit(WriteFixture.Tail, f => { f.Seek(0, SeekOrigin.End); f.Write(one); });
        Assert.Equal([step.Before[^1] + 1], step.Added);

        // Grow by many where the next cluster is taken: from the FSInfo hint on, across the holes.
        WriteFixture.SetNextFreeHint(image, fixture.Holes[0]);
        var many = Bytes(10 * cluster);
        step = session.Edit(WriteFixture.Bcd, f => { f.Seek(0, SeekOrigin.End); f.Write(many); });
        Assert.Equal(fixture.Holes.Take(10), step.Added);
        Assert.Equal(step.Clusters[^1] + 1, step.Volume.FsInfo!.NextFreeCluster);

        // Overwrite across fragments, in the grown BCD and in a file mtools fragmented.
        var across = Bytes(3 * cluster);
        session.Edit(WriteFixture.Bcd, f => { f.Position = WriteFixture.BcdSize - cluster; f.Write(across); }, fatUnchanged: true);
        var whole = Bytes(fixture.Contents[WriteFixture.Fragmented].Length - 20);
        session.Edit(WriteFixture.Fragmented, f => { f.Position = 10; f.Write(whole); }, fatUnchanged: true);

        // Shrink: the tail is freed and FSInfo's free count follows.
        step = session.Edit(WriteFixture.Bcd, f => f.SetLength(1000));
        Assert.Equal((1000 + cluster - 1) / cluster, step.Clusters.Count);

        // An empty file gets its first cluster: one above 65535, so the high word counts.
        WriteFixture.SetNextFreeHint(image, 66000);
        var log = Bytes(5000);
        step = session.Edit(WriteFixture.BcdLog, f => { f.Position = 100; f.Write(log); });
        Assert.Equal(66000u, step.Entry.FirstCluster);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(step.After.AsSpan((int)step.Entry.EntryOffset + 0x14)));

        // The long name survives a grow by SetLength (zero-filled) and a write over the old end.
        int length = fixture.Contents[WriteFixture.LongName].Length;
        var middle = Bytes(50);
        step = session.Edit(WriteFixture.LongName, f => { f.SetLength(length + (5 * cluster) + 7); f.Position = length - 3; f.Write(middle); });
        Assert.Equal("Boot configuration with a long name.dat", step.Entry.LongName);

        // Shrink within a writer, grow again: the file's own clusters come back before new ones.
        var again = Bytes(2 * cluster);
        step = session.Edit(WriteFixture.Fragmented, f => { f.SetLength(100); f.SetLength(8 * cluster); f.Position = 3 * cluster; f.Write(again); });
        Assert.Equal(step.Before, step.Clusters.Take(step.Before.Count));

        // Shrink to nothing: no first cluster.
        step = session.Edit(WriteFixture.BcdLog, f => f.SetLength(0));
        Assert.Equal(0u, step.Entry.FirstCluster);
        Assert.Empty(step.Clusters);
    }

    [Fact]
    public void Overwrite_grow_and_shrink_on_FAT16_pass_fsck_and_mtools()
    {
        using var dir = new TemporaryDirectory();
        var image = FatImages.Format(dir, "esp16.img", 16, 16 * 1024, 1);
        var fixture = new WriteFixture(dir, image);
        var session = new WriteSession(dir, image, fixture.Contents);
        int cluster = fixture.ClusterSize;
        var random = new Random(16);
        var bytes = new byte[12 * cluster];
        random.NextBytes(bytes);

        session.Edit(WriteFixture.Bcd, f => { f.Position = 300; f.Write(bytes.AsSpan(0, 2000)); }, fatUnchanged: true);

        // No FSInfo: the search starts at cluster 2, so the holes are the first free clusters.
        var step = session.Edit(WriteFixture.Bcd, f => { f.Seek(0, SeekOrigin.End); f.Write(bytes.AsSpan(0, 10 * cluster)); });
        Assert.Equal(fixture.Holes.Take(10), step.Added);

        session.Edit(WriteFixture.Tail, f => { f.Seek(0, SeekOrigin.End); f.Write(bytes.AsSpan(0, cluster)); });
        session.Edit(WriteFixture.Bcd, f => f.SetLength(700));
        step = session.Edit(WriteFixture.BcdLog, f => f.Write(bytes.AsSpan(0, 3000)));
        Assert.NotEqual(0u, step.Entry.FirstCluster);
        session.Edit(WriteFixture.LongName, f => f.SetLength(1));
        session.Edit(WriteFixture.BcdLog, f => f.SetLength(0));
    }

    [Fact]
    public void Flush_records_everything_while_the_file_stays_open()
    {
        using var dir = new TemporaryDirectory();
        var image = FatImages.Format(dir, "esp.img", 32, 34 * 1024, 1);
        var fixture = new WriteFixture(dir, image);
        var before = File.ReadAllBytes(image);
        var bcd = fixture.Contents[WriteFixture.Bcd];
        var grown = bcd.Concat(Enumerable.Range(0, 3000).Select(i => (byte)i)).ToArray();

        // Others may read the image while it is open: the oracles run against it between flushes.
        using var stream = File.Open(image, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        var volume = FatVolume.OpenForWriting(stream, new FixedClock(FixedClock.Moment));
        var clusters = volume.GetClusters(volume.Find(WriteFixture.Bcd)!);
        using var file = volume.OpenFileForWriting(WriteFixture.Bcd);
        file.Seek(0, SeekOrigin.End);
        file.Write(grown.AsSpan(bcd.Length));
        file.Flush();

        fixture.Contents[WriteFixture.Bcd] = grown;
        var session = new WriteSession(dir, image, fixture.Contents);
        session.Verify(before, WriteFixture.Bcd, clusters);

        // The writer reads what it wrote, and goes on after a flush.
        file.Position = bcd.Length - 10;
        var back = new byte[20];
        file.ReadExactly(back);
        Assert.Equal(grown.AsSpan(bcd.Length - 10, 20).ToArray(), back);
        before = File.ReadAllBytes(image);
        var grownClusters = volume.GetClusters(volume.Find(WriteFixture.Bcd)!);
        file.SetLength(10);
        file.Flush();
        fixture.Contents[WriteFixture.Bcd] = grown[..10];
        session.Verify(before, WriteFixture.Bcd, grownClusters);
        Assert.Equal(0, file.Read(new byte[5]));
    }

    [Fact]
    public void A_growth_the_volume_cannot_hold_is_refused_and_the_writer_goes_on()
    {
        using var dir = new TemporaryDirectory();
        var image = FatImages.Format(dir, "esp.img", 32, 34 * 1024, 1);
        var fixture = new WriteFixture(dir, image);
        var before = File.ReadAllBytes(image);

        using (var stream = File.Open(image, FileMode.Open, FileAccess.ReadWrite, FileShare.Read))
        {
            var volume = FatVolume.OpenForWriting(stream);
            using var file = volume.OpenFileForWriting(WriteFixture.Bcd);
            // A little more than is free (the whole FAT is searched), and more than the volume holds.
            long free = volume.FsInfo!.FreeClusterCount!.Value;
            Assert.Throws<FatWriteRefusedException>(() => file.SetLength((free + 60) * fixture.ClusterSize));
            Assert.Throws<FatWriteRefusedException>(() => file.SetLength(40L << 20));
            Assert.Throws<FatWriteRefusedException>(() => { file.Position = 40L << 20; file.WriteByte(1); });
            Assert.Equal(before, File.ReadAllBytes(image));
            Assert.Throws<IOException>(() => file.SetLength(1L << 32));
            Assert.Throws<IOException>(() => { file.Position = long.MaxValue - 1; file.Write(new byte[10]); });
            Assert.Equal(before, File.ReadAllBytes(image));

            // Not broken: a growth that fits still works, and may use what the refused ones looked at.
            file.Position = 0;
            file.Write(new byte[] { 1, 2, 3 });
            file.SetLength(WriteFixture.BcdSize + 5000);
        }

        FatImages.FsckVerboseClean(image);
        var expected = fixture.Contents[WriteFixture.Bcd].Concat(new byte[5000]).ToArray();
        expected[0] = 1;
        expected[1] = 2;
        expected[2] = 3;
        Assert.Equal(expected, FatImages.ReadWithMtools(dir, image, WriteFixture.Bcd));
    }

    [Fact]
    public void Allocation_wraps_around_from_a_hint_near_the_end()
    {
        using var dir = new TemporaryDirectory();
        var image = FatImages.Format(dir, "esp.img", 32, 34 * 1024, 1);
        var fixture = new WriteFixture(dir, image);
        long maximum;
        using (var probe = File.OpenRead(image))
        {
            maximum = FatVolume.Open(probe).Parameters.MaximumCluster;
        }

        WriteFixture.SetNextFreeHint(image, (uint)maximum - 1);
        var session = new WriteSession(dir, image, fixture.Contents);
        var bytes = new byte[5 * fixture.ClusterSize];
        new Random(5).NextBytes(bytes);
        var step = session.Edit(WriteFixture.BcdLog, f => f.Write(bytes));
        Assert.Equal([(uint)maximum - 1, (uint)maximum, .. fixture.Holes.Take(3)], step.Added);
    }
}
