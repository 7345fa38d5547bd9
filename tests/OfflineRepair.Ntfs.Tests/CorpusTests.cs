using OfflineRepair.Ntfs.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests;

/// <summary>Volumes formatted and written by Windows (../shared/corpus), compared with ntfs-3g's tools.</summary>
public sealed class CorpusTests
{
    private const long PartitionOffset = 65536;

    [Fact]
    public void Dissect_volume_lists_and_reads_like_ntfs_3g()
    {
        var image = Corpus.File("dissect.ntfs/ntfs.bin.gz");
        CompareTree(image, () => File.OpenRead(image), "New Volume");
    }

    [Theory]
    [InlineData("ntfs-samples/ntfs-lastaccess.raw.gz", "Last access")]
    [InlineData("ntfs-samples/ntfs-2m.raw.gz", "2M")]
    [InlineData("ntfs-samples/ntfs-ramslack.raw.gz", "RAM Slack")]
    [InlineData("ntfs-samples/ntfs-ptrn.raw.gz", "Slack")]
    public void Volume_in_an_mbr_image_lists_and_reads_like_ntfs_3g(string corpusFile, string label)
    {
        var disk = Corpus.File(corpusFile);
        using var work = new TemporaryDirectory();
        var partition = work.File("partition.img");
        NtfsImages.Bash($"dd if='{disk}' of='{partition}' bs=65536 skip=1 status=none");
        var length = new FileInfo(disk).Length - PartitionOffset;
        CompareTree(partition, () => new WindowStream(File.OpenRead(disk), PartitionOffset, length), label);
    }

    [Fact]
    public void Lastaccess_upcase_equals_the_windows_10_table()
    {
        var disk = Corpus.File("ntfs-samples/ntfs-lastaccess.raw.gz");
        var expected = File.ReadAllBytes(Corpus.File("windows10-upcase.bin"));
        using var volume = NtfsVolume.Open(new WindowStream(File.OpenRead(disk), PartitionOffset, new FileInfo(disk).Length - PartitionOffset), leaveOpen: false);
        using var upcase = volume.OpenRead("$UpCase");
        var actual = new byte[upcase.Length];
        upcase.ReadExactly(actual);
        Assert.Equal(expected, actual);
        Assert.Equal('A', volume.Upcase.ToUpper('a'));
        Assert.Equal('Ä', volume.Upcase.ToUpper('ä'));
    }

    [Fact]
    public void Lastaccess_test_file_has_its_times()
    {
        var disk = Corpus.File("ntfs-samples/ntfs-lastaccess.raw.gz");
        using var volume = NtfsVolume.Open(new WindowStream(File.OpenRead(disk), PartitionOffset, new FileInfo(disk).Length - PartitionOffset), leaveOpen: false);
        var file = volume.OpenPath(@"TEST\1.TXT");
        Assert.NotNull(file.StandardInformation);
        Assert.InRange(file.CreationTime.Year, 2018, 2030);
        Assert.NotNull(file.StandardInformation!.SecurityId);
        Assert.Equal(file.Length, file.Names[0].DataSize == 0 ? file.Length : file.Names[0].DataSize);
    }

    private static void CompareTree(string oracleImage, Func<Stream> open, string label)
    {
        using var volume = NtfsVolume.Open(open(), leaveOpen: false);
        var state = volume.GetState();
        Assert.Equal(label, state.Label);
        Assert.Equal(3, state.MajorVersion);
        Assert.Equal(1, state.MinorVersion);
        Assert.False(state.IsHibernated);

        using var work = new TemporaryDirectory();
        var files = new List<(string Path, NtfsFile File)>();
        var seen = new HashSet<long>();
        var compressed = 0;
        void Walk(NtfsFile directory, string path)
        {
            var entries = directory.ListDirectory();
            var ours = new SortedSet<string>(entries.Select(e => e.Name), StringComparer.Ordinal);
            Assert.Equal(Oracle.List(oracleImage, path.Length == 0 ? "/" : path), ours);
            foreach (var entry in entries)
            {
                if (!seen.Add(entry.RecordNumber) || entry.Name.StartsWith('$') && path.Length == 0 && entry.Name != "$UpCase" && !entry.IsDirectory)
                {
                    continue;
                }

                var child = volume.OpenFile(entry.RecordNumber);
                if (child.IsDirectory)
                {
                    Walk(child, path + "/" + entry.Name);
                }
                else if (child.Attributes.Any(a => a.Type == AttributeType.Data && a.Name.Length == 0 && a.IsCompressed && !a.IsResident))
                {
                    // Windows-compressed files are refused, with a message that says so.
                    var refused = Assert.Throws<NotSupportedException>(() => child.OpenRead());
                    Assert.Contains("compressed file", refused.Message, StringComparison.Ordinal);
                    compressed++;
                }
                else if (child.HasAttribute(AttributeType.Data, ""))
                {
                    files.Add((path + "/" + entry.Name, child));
                }
            }
        }

        Walk(volume.RootDirectory, "");
        Assert.NotEmpty(files);
        TestContext.Current.SendDiagnosticMessage($"{label}: {files.Count} files compared, {compressed} compressed files refused");
        var expected = Oracle.Cat(oracleImage, [.. files.Select(f => f.Path)], work.Path);
        foreach (var (path, file) in files)
        {
            using var data = file.OpenRead();
            Assert.Equal(expected[path].Length, file.Length);
            Assert.Equal(expected[path].Sha256, Oracle.Sha256(data));
        }
    }
}
