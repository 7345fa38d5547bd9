using OfflineRepair.Ntfs.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests;

/// <summary>Volumes built by mkntfs + ntfs-3g, read by us and by ntfsls/ntfscat/ntfsinfo: the answers must agree.</summary>
public sealed class NtfsVolumeOracleTests
{
    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    [InlineData(65536)]
    public void Every_listing_and_every_file_matches_ntfs_3g(int clusterSize)
    {
        var image = NtfsImages.Get(clusterSize);
        using var work = new TemporaryDirectory();
        using var volume = NtfsVolume.Open(File.OpenRead(image.Path), leaveOpen: false);
        Assert.Equal(clusterSize, volume.BootSector.ClusterSize);

        var files = new List<(string Path, NtfsFile File)>();
        var directories = 0;
        void Walk(NtfsFile directory, string path)
        {
            directories++;
            var ours = new SortedSet<string>(volume.OpenFile(directory.RecordNumber).ListDirectory().Select(e => e.Name), StringComparer.Ordinal);
            Assert.Equal(Oracle.List(image.Path, path.Length == 0 ? "/" : path), ours);
            foreach (var entry in directory.ListDirectory())
            {
                var child = volume.OpenFile(entry.RecordNumber);
                var childPath = path + "/" + entry.Name;
                if (child.IsDirectory)
                {
                    Walk(child, childPath);
                }
                else if (!entry.Name.StartsWith('$') || entry.Name == "$UpCase")
                {
                    files.Add((childPath, child));
                }
            }
        }

        Walk(volume.RootDirectory, "");
        var expected = Oracle.Cat(image.Path, [.. files.Select(f => f.Path)], work.Path);
        foreach (var (path, file) in files)
        {
            using var data = file.OpenRead();
            Assert.Equal(expected[path].Length, file.Length);
            Assert.Equal(expected[path].Sha256, Oracle.Sha256(data));
        }

        if (image.HasTree)
        {
            Assert.True(directories >= 7, $"only {directories} directories");
            Assert.True(files.Count > 1500, $"only {files.Count} files");
        }
    }

    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    [InlineData(65536)]
    public void Tree_has_the_shapes_we_mean_to_test(int clusterSize)
    {
        var image = NtfsImages.Get(clusterSize);
        if (!image.HasTree)
        {
            Assert.Skip("ntfs-3g FUSE mount is not available: only a flat root was built");
        }

        using var volume = NtfsVolume.Open(File.OpenRead(image.Path), leaveOpen: false);
        var big = volume.OpenPath("BIG");
        Assert.True(big.HasAttribute(AttributeType.IndexAllocation, "$I30"));
        Assert.Equal(1200, big.ListDirectory().Count);

        var frag = volume.OpenPath("frag1.bin");
        var runs = frag.Attributes.Where(a => a.Type == AttributeType.Data).SelectMany(a => a.Runs).ToList();
        if (clusterSize <= 4096)
        {
            // With 64 KiB clusters ntfs-3g happened to allocate it in one piece.
            Assert.True(runs.Count > 1, "frag1.bin should be fragmented");
        }

        var linked = volume.OpenPath(@"links\LINK_WITH_A_LONG_NAME_17.txt");
        Assert.True(linked.HasAttribute(AttributeType.AttributeList, ""), "40 hard links should need an $ATTRIBUTE_LIST");
        Assert.Equal(41, linked.Names.Count);
        Assert.Contains(linked.Attributes, a => a.RecordNumber != linked.RecordNumber);
        using (var text = linked.OpenRead())
        {
            Assert.Equal("linked\n", new StreamReader(text).ReadToEnd());
        }

        TestContext.Current.SendDiagnosticMessage($"frag1.bin: {runs.Count} runs, attribute list: {frag.HasAttribute(AttributeType.AttributeList, "")}");

        var sparse = volume.OpenPath("Sparse.BIN");
        Assert.Contains(sparse.Attributes.Where(a => a.Type == AttributeType.Data).SelectMany(a => a.Runs), r => r.IsSparse);
        using (var data = sparse.OpenRead())
        {
            Assert.Equal(6 * 1024 * 1024, data.Length);
            var buffer = new byte[6];
            data.Position = 3000000;
            data.ReadExactly(buffer);
            Assert.Equal("middle"u8.ToArray(), buffer);
            data.Position = 100;
            data.ReadExactly(buffer);
            Assert.All(buffer, b => Assert.Equal(0, b));
        }

        var tiny = volume.OpenPath("TINY.txt");
        Assert.Equal(["extra"], tiny.StreamNames);
        using (var extra = tiny.OpenRead("extra"))
        {
            Assert.Equal("alternate data", new StreamReader(extra).ReadToEnd());
        }

        Assert.Throws<FileNotFoundException>(() => tiny.OpenRead("missing"));

        using var leaf = volume.OpenRead(@"dir\SUB\deep\LEAF.TXT");
        Assert.Equal("deep\n", new StreamReader(leaf).ReadToEnd());
        Assert.Null(volume.TryOpenPath(@"Dir\Sub\Nope.txt"));
        Assert.Equal(volume.OpenPath(@"\Dir\Sub").RecordNumber, volume.OpenPath(@"C:\DIR\sub\").RecordNumber);
        Assert.Null(volume.TryOpenPath(@"Dir\File1.txt\x"));
        Assert.Throws<FileNotFoundException>(() => volume.OpenPath(@"Dir\File301.txt"));
        Assert.NotNull(volume.TryOpenPath("big/A_RATHER_LONG_FILE_NAME_NUMBER_777.DAT"));
        foreach (var name in new[] { "LOWER.txt", "upper.TXT", "mixed.txt" })
        {
            Assert.NotNull(volume.TryOpenPath("mixed case/" + name));
        }
    }

    [Fact]
    public void File_sizes_match_ntfsinfo()
    {
        var image = NtfsImages.Get(4096);
        var ntfsinfo = Tools.Require("ntfsinfo", "ntfs-3g");
        using var volume = NtfsVolume.Open(File.OpenRead(image.Path), leaveOpen: false);
        var names = volume.RootDirectory.ListDirectory().Where(e => !e.IsDirectory && !e.Name.StartsWith('$')).Select(e => e.Name).ToList();
        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            var output = Tools.Run(ntfsinfo, ["-F", "/" + name, image.Path]).StandardOutput;
            var dataSection = output[output.IndexOf("Dumping attribute $DATA", StringComparison.Ordinal)..];
            var line = dataSection.Split('\n').First(l => l.TrimStart().StartsWith("Data size:", StringComparison.OrdinalIgnoreCase) || l.TrimStart().StartsWith("Data Size:", StringComparison.Ordinal));
            var value = long.Parse(line.Split(':')[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(value, volume.OpenPath(name).Length);
        }
    }
}
