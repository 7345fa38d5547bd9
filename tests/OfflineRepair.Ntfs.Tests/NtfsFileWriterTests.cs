using System.Text.RegularExpressions;
using OfflineRepair.Ntfs.Tests.Support;
using OfflineRepair.TestSupport;
using Run = OfflineRepair.Ntfs.Tests.Support.WriteOracle.Run;

namespace OfflineRepair.Ntfs.Tests;

/// <summary>
/// The writer on mkntfs volumes, judged only by ntfs-3g's tools and by the raw bytes of the image: after every
/// change <c>ntfsfix -n</c> is content, <c>ntfscat</c> gives exactly the expected bytes, <c>ntfsinfo</c> shows the
/// sizes, the new times and the directory entries' copies of them, <c>ntfsls -l</c> lists the new size, $MFTMirr
/// matches $MFT, and no byte of the image changed outside the file's clusters, its MFT record, its parent's
/// index and $Bitmap.
/// </summary>
public sealed partial class NtfsFileWriterTests
{
    private static readonly FixedClock Clock = new(new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero));

    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    [InlineData(65536)]
    public void Overwrites_in_place(int clusterSize)
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(clusterSize, work.Path);
        var plain = WriteOracle.Cat(image, "/plain.bin", work.Path);
        var frag = WriteOracle.Cat(image, "/frag.bin", work.Path);
        var fragRuns = WriteOracle.Runs(WriteOracle.Info(image, "/frag.bin"), "$DATA");
        Assert.True(fragRuns.Count >= 2, $"frag.bin should be fragmented: {fragRuns.Count} run(s)");

        var patch = WriteFixtures.Content(3000, 11);
        patch.CopyTo(plain, 100);
        Change(image, "/plain.bin", "/", s =>
        {
            s.Position = 100;
            s.Write(patch);
        });
        AssertWritten(image, "/plain.bin", "/", plain, work.Path);

        // One write crossing every run boundary of the fragmented file.
        var whole = WriteFixtures.Content(frag.Length, 12);
        Change(image, "/frag.bin", "/", s => s.Write(whole));
        AssertWritten(image, "/frag.bin", "/", whole, work.Path);
        Assert.Equal(fragRuns, WriteOracle.Runs(WriteOracle.Info(image, "/frag.bin"), "$DATA"));

        // Reading back through the writer's own stream gives the same bytes.
        using var volume = NtfsVolume.OpenForWriting(File.Open(image, FileMode.Open, FileAccess.ReadWrite), Clock, leaveOpen: false);
        using var reread = volume.OpenWrite("frag.bin");
        var buffer = new byte[whole.Length];
        reread.ReadExactly(buffer);
        Assert.Equal(whole, buffer);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    [InlineData(65536)]
    public void Grows_by_a_few_clusters_in_place(int clusterSize)
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(clusterSize, work.Path);
        var before = WriteOracle.Cat(image, "/plain.bin", work.Path);
        var runs = WriteOracle.Runs(WriteOracle.Info(image, "/plain.bin"), "$DATA");
        var free = WriteOracle.FreeClusters(image);

        var tail = WriteFixtures.Content(2 * clusterSize, 13);
        Change(image, "/plain.bin", "/", s =>
        {
            s.Seek(0, SeekOrigin.End);
            s.Write(tail);
        });

        byte[] expected = [.. before, .. tail];
        AssertWritten(image, "/plain.bin", "/", expected, work.Path);
        var after = WriteOracle.Runs(WriteOracle.Info(image, "/plain.bin"), "$DATA");

        // The clusters right after the file were free, so its single run just grew.
        var run = Assert.Single(after);
        Assert.Equal(runs[0].Lcn, run.Lcn);
        var added = RoundUp(expected.Length, clusterSize) - RoundUp(before.Length, clusterSize);
        Assert.Equal(free - (added / clusterSize), WriteOracle.FreeClusters(image));
    }

    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    [InlineData(65536)]
    public void Grows_by_many_clusters_into_several_runs(int clusterSize)
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(clusterSize, work.Path);
        var before = WriteOracle.Cat(image, "/frag.bin", work.Path);
        var runsBefore = WriteOracle.Runs(WriteOracle.Info(image, "/frag.bin"), "$DATA");
        var freeBefore = WriteOracle.FreeClusters(image);

        // More than the largest free run: the growth has to be split.
        var largest = WriteOracle.FreeExtents(image).Max(e => e.Length);
        var allocatedBefore = RoundUp(before.Length, clusterSize);
        var newLength = allocatedBefore + ((largest + 2) * clusterSize) - 77;
        var tail = WriteFixtures.Content(1000, 14);
        Change(image, "/frag.bin", "/", s =>
        {
            // Longer first (the new part reads as zeros without being written), then a write near the new end,
            // past the initialized size: the gap must come out as zeros.
            s.SetLength(newLength - tail.Length - 5000);
            s.Position = newLength - tail.Length;
            s.Write(tail);
        });

        var expected = new byte[newLength];
        before.CopyTo(expected, 0);
        tail.CopyTo(expected, newLength - tail.Length);
        AssertWritten(image, "/frag.bin", "/", expected, work.Path);
        var runsAfter = WriteOracle.Runs(WriteOracle.Info(image, "/frag.bin"), "$DATA");
        Assert.True(runsAfter.Count >= runsBefore.Count + 1, $"{runsBefore.Count} runs before, {runsAfter.Count} after");
        Assert.Equal(runsBefore[..^1], runsAfter[..(runsBefore.Count - 1)]);
        Assert.Equal(freeBefore - largest - 2, WriteOracle.FreeClusters(image));
    }

    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    [InlineData(65536)]
    public void Shrinks_and_frees_the_clusters(int clusterSize)
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(clusterSize, work.Path);
        var before = WriteOracle.Cat(image, "/frag.bin", work.Path);
        var runsBefore = WriteOracle.Runs(WriteOracle.Info(image, "/frag.bin"), "$DATA");
        var freeBefore = WriteOracle.FreeClusters(image);

        var newLength = (int)runsBefore[0].Length * clusterSize + 10;
        Change(image, "/frag.bin", "/", s => s.SetLength(newLength));

        AssertWritten(image, "/frag.bin", "/", before[..newLength], work.Path);
        var runsAfter = WriteOracle.Runs(WriteOracle.Info(image, "/frag.bin"), "$DATA");
        var kept = RoundUp(newLength, clusterSize) / clusterSize;
        Assert.Equal(kept, runsAfter.Sum(r => r.Length));
        var freed = runsBefore.Sum(r => r.Length) - kept;
        Assert.Equal(freeBefore + freed, WriteOracle.FreeClusters(image));

        // Every cluster of the runs the file gave back whole is free in $Bitmap now.
        Assert.True(runsBefore.Count >= 3, $"frag.bin has only {runsBefore.Count} runs");
        var free = WriteOracle.FreeExtents(image);
        foreach (var run in runsBefore[2..])
        {
            Assert.Contains(free, e => run.Lcn >= e.Lcn && run.Lcn + run.Length <= e.Lcn + e.Length);
        }
    }

    [Fact]
    public void A_resident_file_is_rewritten_within_its_record()
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(4096, work.Path);
        var content = WriteFixtures.Content(WriteFixtures.SmallLength, 15);
        Change(image, "/small.txt", "/", s => s.Write(content));
        AssertWritten(image, "/small.txt", "/", content, work.Path);
        Assert.True(WriteOracle.DataSizes(image, "/small.txt").Resident);

        // Shorter, then longer but still small enough to stay in the record.
        Change(image, "/small.txt", "/", s => s.SetLength(40));
        AssertWritten(image, "/small.txt", "/", content[..40], work.Path);
        var longer = WriteFixtures.Content(300, 16);
        Change(image, "/small.txt", "/", s => s.Write(longer));
        AssertWritten(image, "/small.txt", "/", longer, work.Path);
    }

    [Fact]
    public void Every_name_of_the_file_is_updated_in_index_roots_and_blocks()
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.WithDosNames(work.Path);
        foreach (var (directory, name, dos) in new[] { ("/Config", "Long File Name.hive", "LONGFI~1.HIV"), ("/Many", "A rather long hive name.dat", "ARATHE~1.DAT") })
        {
            var path = directory + "/" + name;
            var before = WriteOracle.Cat(image, path, work.Path);
            var extra = WriteFixtures.Content(20000, name.Length);
            Change(image, path, directory, s =>
            {
                s.Seek(0, SeekOrigin.End);
                s.Write(extra);
            });
            byte[] expected = [.. before, .. extra];
            AssertWritten(image, path, directory, expected, work.Path);

            // The DOS alias is a second entry in the same index: it has the same new sizes and times.
            var sizes = WriteOracle.DataSizes(image, path);
            var alias = WriteOracle.IndexEntry(image, directory, dos);
            Assert.Equal((sizes.AllocatedSize, sizes.DataSize), (alias.AllocatedSize, alias.DataSize));
            Assert.Equal(Clock.AsNtfsInfoPrints(), alias.AlteredTime);
            Assert.Equal(expected, WriteOracle.Cat(image, directory + "/" + dos, work.Path));
        }

        // Config's two entries sit in its $INDEX_ROOT (in its MFT record), Many's in INDX blocks.
        Assert.Empty(WriteOracle.Sections(WriteOracle.Info(image, "/Config"), "$INDEX_ALLOCATION"));
        Assert.NotEmpty(WriteOracle.Sections(WriteOracle.Info(image, "/Many"), "$INDEX_ALLOCATION"));
    }

    [Theory]
    [InlineData(512)]
    [InlineData(65536)]
    public void A_named_stream_grows_and_the_index_keeps_the_unnamed_sizes(int clusterSize)
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(clusterSize, work.Path);
        var unnamed = WriteOracle.DataSizes(image, "/streams.bin");
        var before = Cat(image, "/streams.bin", "extra", work.Path);
        var extra = WriteFixtures.Content(clusterSize + 300, 17);
        Change(image, "/streams.bin", "/", s =>
        {
            s.Seek(0, SeekOrigin.End);
            s.Write(extra);
            s.Position = 0;
            s.WriteByte(0x5A);
        }, "extra");

        byte[] expected = [.. before, .. extra];
        expected[0] = 0x5A;
        WriteOracle.AssertSound(image);
        WriteOracle.AssertMirrorMatches(image);
        Assert.True(expected.AsSpan().SequenceEqual(Cat(image, "/streams.bin", "extra", work.Path)), "ntfscat -n extra does not give the bytes written");
        var sizes = WriteOracle.DataSizes(image, "/streams.bin", "extra");
        Assert.Equal((expected.Length, RoundUp(expected.Length, clusterSize)), (sizes.DataSize, sizes.AllocatedSize));

        // The directory entry describes the unnamed stream, which did not change size; the times did change.
        Assert.Equal(unnamed, WriteOracle.DataSizes(image, "/streams.bin"));
        var entry = WriteOracle.IndexEntry(image, "/", "streams.bin");
        Assert.Equal((unnamed.AllocatedSize, unnamed.DataSize), (entry.AllocatedSize, entry.DataSize));
        Assert.Equal(Clock.AsNtfsInfoPrints(), entry.AlteredTime);
        Assert.Equal(Clock.AsNtfsInfoPrints(), WriteOracle.StandardInformation(image, "/streams.bin").Altered);
    }

    [Fact]
    public void Sessions_opened_from_one_file_object_build_on_each_other()
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(4096, work.Path);
        var before = WriteOracle.Cat(image, "/plain.bin", work.Path);
        var first = WriteFixtures.Content(9000, 18);
        var second = WriteFixtures.Content(30000, 19);
        using (var volume = NtfsVolume.OpenForWriting(File.Open(image, FileMode.Open, FileAccess.ReadWrite), Clock, leaveOpen: false))
        {
            var file = volume.OpenPath("plain.bin");
            using (var stream = file.OpenWrite())
            {
                stream.Seek(0, SeekOrigin.End);
                stream.Write(first);
            }

            // The same (now stale) object: the second writer must start from the grown record, not the old one.
            using (var stream = file.OpenWrite())
            {
                Assert.Equal(before.Length + first.Length, stream.Length);
                stream.Seek(0, SeekOrigin.End);
                stream.Write(second);
                stream.Position = 0;
                var check = new byte[before.Length + first.Length];
                stream.ReadExactly(check);
                Assert.Equal([.. before, .. first], check);
            }
        }

        AssertWritten(image, "/plain.bin", "/", [.. before, .. first, .. second], work.Path);
    }

    [Fact]
    public void A_file_with_41_hard_links_and_an_attribute_list_has_every_entry_updated()
    {
        var source = NtfsImages.Get(4096);
        if (!source.HasTree)
        {
            Assert.Skip("needs the ntfs-3g mounted tree (a file with many hard links)");
        }

        using var work = new TemporaryDirectory();
        var image = work.File("links.img");
        File.Copy(source.Path, image);
        var content = "LINKED\n"u8.ToArray();

        // The names overflow the base record into extension records (listed by $ATTRIBUTE_LIST); $DATA stays
        // resident in the base record.
        Assert.NotEmpty(WriteOracle.Sections(WriteOracle.Info(image, "/Links/target.txt"), "$ATTRIBUTE_LIST"));
        Change(image, "/Links/target.txt", "/Links", s => s.Write(content));

        WriteOracle.AssertSound(image);
        WriteOracle.AssertMirrorMatches(image);
        Assert.Equal(content, WriteOracle.Cat(image, "/Links/link_with_a_long_name_17.txt", work.Path));
        var info = WriteOracle.Info(image, "/Links");
        var names = Enumerable.Range(1, 40).Select(i => $"link_with_a_long_name_{i}.txt").Append("target.txt");
        foreach (var name in names)
        {
            var entry = WriteOracle.IndexEntry(info, name);
            Assert.Equal(content.Length, entry.DataSize);
            Assert.Equal(Clock.AsNtfsInfoPrints(), entry.AlteredTime);
        }
    }

    [Fact]
    public void Data_split_over_two_records_is_rewritten_within_its_allocation_only()
    {
        var source = NtfsImages.Get(4096);
        if (!source.HasTree)
        {
            Assert.Skip("needs the ntfs-3g mounted tree (a file fragmented enough to need an extension record)");
        }

        using var work = new TemporaryDirectory();
        var image = work.File("split.img");
        File.Copy(source.Path, image);
        var info = WriteOracle.Info(image, "/frag1.bin");
        Assert.True(WriteOracle.Sections(info, "$DATA").Count >= 2, "frag1.bin's $DATA should have two extents");
        var length = WriteOracle.DataSizes(image, "/frag1.bin").DataSize;

        // Every byte, across both extents' runs; then shorter within the same clusters (sizes only change).
        var content = WriteFixtures.Content((int)length, 20);
        Change(image, "/frag1.bin", "/", s => s.Write(content));
        AssertWritten(image, "/frag1.bin", "/", content, work.Path);
        var shorter = (int)(length - 100);
        Change(image, "/frag1.bin", "/", s => s.SetLength(shorter));
        AssertWritten(image, "/frag1.bin", "/", content[..shorter], work.Path);

        // New clusters would have to be listed across both records: refused, nothing written.
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(image)));
        using (var volume = NtfsVolume.OpenForWriting(File.Open(image, FileMode.Open, FileAccess.ReadWrite), Clock, leaveOpen: false))
        {
            using var stream = volume.OpenWrite("frag1.bin");
            var e = Assert.Throws<NtfsWriteRefusedException>(() => stream.SetLength(length + (5 * 4096)));
            Assert.Contains("$ATTRIBUTE_LIST", e.Message, StringComparison.Ordinal);
            Assert.Throws<NtfsWriteRefusedException>(() => stream.SetLength(10));
        }

        Assert.Equal(hash, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(image))));
    }

    private static byte[] Cat(string image, string path, string stream, string work)
    {
        var output = Path.Combine(work, "stream.out");
        NtfsImages.Bash($"ntfscat -n '{stream}' '{image}' '{path}' > '{output}'");
        return File.ReadAllBytes(output);
    }

    private static void Change(string image, string path, string parent, Action<Stream> change, string stream = "")
    {
        var beforeBytes = File.ReadAllBytes(image);
        var fileInfo = WriteOracle.Info(image, path);
        var parentInfo = WriteOracle.Info(image, parent);
        using (var volume = NtfsVolume.OpenForWriting(File.Open(image, FileMode.Open, FileAccess.ReadWrite), Clock, leaveOpen: false))
        {
            Assert.True(volume.CanWrite);
            using var writer = volume.OpenPath(path).OpenWrite(stream);
            change(writer);
        }

        // Only the file's clusters (old and new), its MFT record, the parent's record and index blocks, and $Bitmap.
        var g = WriteOracle.ReadGeometry(image);
        var mft = WriteOracle.Runs(WriteOracle.Info(image, "/$MFT"), "$DATA");
        var allowed = new List<(long Start, long Length)>();
        allowed.AddRange(WriteOracle.Clusters(WriteOracle.Runs(fileInfo, "$DATA", all: true), g.ClusterSize));
        allowed.AddRange(WriteOracle.Clusters(WriteOracle.Runs(WriteOracle.Info(image, path), "$DATA", all: true), g.ClusterSize));
        allowed.AddRange(WriteOracle.Clusters(WriteOracle.Runs(parentInfo, "$INDEX_ALLOCATION"), g.ClusterSize));
        allowed.AddRange(WriteOracle.Clusters(WriteOracle.Runs(WriteOracle.Info(image, "/$Bitmap"), "$DATA"), g.ClusterSize));
        foreach (var record in new[] { Inode(fileInfo), Inode(parentInfo) })
        {
            allowed.Add((RecordOffset(mft, record, g), g.RecordSize));
            if (record < g.MirroredRecords)
            {
                allowed.Add(((g.MirrorLcn * g.ClusterSize) + (record * g.RecordSize), g.RecordSize));
            }
        }

        WriteOracle.AssertChangedOnlyWithin(beforeBytes, File.ReadAllBytes(image), allowed);
    }

    private static void AssertWritten(string image, string path, string parent, byte[] expected, string work)
    {
        WriteOracle.AssertSound(image);
        WriteOracle.AssertMirrorMatches(image);
        Assert.True(expected.AsSpan().SequenceEqual(WriteOracle.Cat(image, path, work)), $"ntfscat {path} does not give the bytes written");

        var g = WriteOracle.ReadGeometry(image);
        var sizes = WriteOracle.DataSizes(image, path);
        Assert.Equal(expected.Length, sizes.DataSize);
        Assert.Equal(sizes.Resident ? expected.Length : RoundUp(expected.Length, g.ClusterSize), sizes.AllocatedSize);
        Assert.True(sizes.InitializedSize <= sizes.DataSize);

        var name = path[(path.LastIndexOf('/') + 1)..];
        Assert.Equal(expected.Length, WriteOracle.ListedSize(image, parent, name));
        var entry = WriteOracle.IndexEntry(image, parent, name);
        Assert.Equal(expected.Length, entry.DataSize);
        Assert.Equal(sizes.Resident ? (expected.Length + 7) & ~7 : sizes.AllocatedSize, entry.AllocatedSize);
        var now = Clock.AsNtfsInfoPrints();
        Assert.Equal((now, now, now), (entry.AlteredTime, entry.MftChangedTime, entry.AccessedTime));
        Assert.Contains("ARCHIVE", entry.Attributes, StringComparison.Ordinal);

        var si = WriteOracle.StandardInformation(image, path);
        Assert.Equal((now, now, now), (si.Altered, si.MftChanged, si.Accessed));
        Assert.NotEqual(now, si.Created);
        Assert.Contains("ARCHIVE", si.Attributes, StringComparison.Ordinal);
    }

    private static long Inode(string info) =>
        long.Parse(InodeLine().Match(info).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static long RecordOffset(List<Run> mft, long record, WriteOracle.Geometry g)
    {
        var vcn = record * g.RecordSize / g.ClusterSize;
        var run = mft.First(r => vcn >= r.Vcn && vcn < r.Vcn + r.Length);
        return (run.Lcn * g.ClusterSize) + (record * g.RecordSize) - (run.Vcn * g.ClusterSize);
    }

    private static long RoundUp(long value, long unit) => (value + unit - 1) / unit * unit;

    [GeneratedRegex(@"Dumping Inode (\d+)")]
    private static partial Regex InodeLine();
}
