using OfflineRepair.TestSupport;

namespace OfflineRepair.Fat.Tests;

/// <summary>
/// Edits files of an image through <see cref="FatVolume.OpenFileForWriting"/>, one open per edit,
/// and after each has the independent tools judge the whole image: fsck.fat finds nothing (free
/// count in FSInfo included), mtools reads every known file as expected and lists the edited one
/// with its new size, name and time, the FAT copies are equal, and no byte changed outside the
/// FATs, FSInfo's counters, the file's clusters and the fields of its short entry a write sets.
/// The expected bytes come from the same edit applied to a <see cref="MemoryStream"/>.
/// </summary>
internal sealed class WriteSession(TemporaryDirectory dir, string image, Dictionary<string, byte[]> contents)
{
    /// <summary>How mdir shows <see cref="FixedClock.Moment"/> (UTC written as FAT's local time).</summary>
    public const string ExpectedStamp = "2031-07-15 13:45";

    private static readonly (int Offset, int Length)[] EntryFieldsAWriteSets =
    [
        (0x0B, 1), // attributes: archive
        (0x12, 2), // last-access date
        (0x14, 2), // first cluster, high word
        (0x16, 4), // last-write time and date
        (0x1A, 2), // first cluster, low word
        (0x1C, 4), // size
    ];

    public string Image => image;

    public Dictionary<string, byte[]> Contents => contents;

    public Step Edit(string path, Action<Stream> edit, bool fatUnchanged = false)
    {
        var before = File.ReadAllBytes(image);
        using (var model = new MemoryStream())
        {
            model.Write(contents[path]);
            model.Position = 0;
            edit(model);
            contents[path] = model.ToArray();
        }

        IReadOnlyList<uint> clustersBefore;
        using (var stream = File.Open(image, FileMode.Open, FileAccess.ReadWrite))
        {
            var volume = FatVolume.OpenForWriting(stream, new FixedClock(FixedClock.Moment));
            Assert.True(volume.CanWrite);
            clustersBefore = volume.GetClusters(volume.Find(path)!);
            using var file = volume.OpenFileForWriting(path);
            edit(file);
        }

        var step = Verify(before, path, clustersBefore);
        if (fatUnchanged)
        {
            var bpb = step.Volume.Parameters;
            Assert.True(ImageComparison.Same(before, step.After, bpb.FatOffset, bpb.NumberOfFats * bpb.FatLength), "an overwrite in place changed the FAT");
            Assert.True(ImageComparison.Same(before, step.After, 0, bpb.FatOffset), "an overwrite in place changed the reserved sectors (FSInfo)");
        }

        return step;
    }

    /// <summary>The oracles' verdict on the image as it is now, against the image before the edit of <paramref name="path"/>.</summary>
    public Step Verify(byte[] before, string path, IReadOnlyList<uint> clustersBefore)
    {
        var (used, total) = FatImages.FsckVerboseClean(image);
        var after = File.ReadAllBytes(image);
        var volume = FatVolume.Open(new MemoryStream(after, writable: false));
        var bpb = volume.Parameters;
        if (volume.FsInfo is { } info)
        {
            Assert.Equal((uint)(total - used), info.FreeClusterCount);
        }

        foreach (var (file, bytes) in contents)
        {
            var read = FatImages.ReadWithMtools(dir, image, file);
            Assert.True(bytes.AsSpan().SequenceEqual(read), $"mtools reads {read.Length} bytes of {file}, not the {bytes.Length} expected (or other bytes)");
        }

        var folder = Path.GetDirectoryName(path)!.Replace('\\', '/');
        Assert.Contains((Path.GetFileName(path), (long)contents[path].Length), FatImages.Mdir(image, folder));
        Assert.Equal(ExpectedStamp, FatImages.MdirStamp(image, path));

        for (int copy = 1; copy < bpb.NumberOfFats; copy++)
        {
            Assert.True(
                after.AsSpan((int)bpb.FatCopyOffset(0), (int)bpb.FatLength).SequenceEqual(after.AsSpan((int)bpb.FatCopyOffset(copy), (int)bpb.FatLength)),
                $"FAT copy {copy} differs from FAT 0");
        }

        var entry = volume.Find(path)!;
        Assert.True((entry.Attributes & FatAttributes.Archive) != 0, "the archive bit is not set");
        var clustersAfter = volume.GetClusters(entry);
        var allowed = new List<(long Start, long Length)> { (bpb.FatOffset, bpb.NumberOfFats * bpb.FatLength) };
        if (volume.FsInfo is { } fsInfo)
        {
            allowed.Add((fsInfo.Offset + 0x1E8, 8));
        }

        allowed.AddRange(clustersBefore.Union(clustersAfter).Select(c => (bpb.ClusterOffset(c), (long)bpb.BytesPerCluster)));
        allowed.AddRange(EntryFieldsAWriteSets.Select(f => (entry.EntryOffset + f.Offset, (long)f.Length)));
        ImageComparison.AssertChangedOnlyIn(before, after, allowed, $"writing {path}");
        return new Step(after, volume, entry, clustersBefore, clustersAfter);
    }

    public sealed record Step(byte[] After, FatVolume Volume, FatDirectoryEntry Entry, IReadOnlyList<uint> Before, IReadOnlyList<uint> Clusters)
    {
        public IEnumerable<uint> Added => Clusters.Skip(Before.Count);
    }
}
