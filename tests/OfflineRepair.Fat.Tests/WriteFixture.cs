using System.Buffers.Binary;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Fat.Tests;

/// <summary>
/// An ESP-like image for the writer, made by mkfs.fat and mtools: EFI\Microsoft\Boot\BCD (a
/// BCD-sized store), an empty BCD.LOG, a file with a long name, EFI\Boot\tail.bin (the last file
/// written, with free clusters right after it), and in Frag\ files of 3 clusters of which every
/// other one was deleted, leaving holes, one of them partly filled by the fragmented Fragmented.bin.
/// </summary>
internal sealed class WriteFixture
{
    public const string Bcd = "EFI/Microsoft/Boot/BCD";
    public const string BcdLog = "EFI/Microsoft/Boot/BCD.LOG";
    public const string LongName = "EFI/Microsoft/Boot/Boot configuration with a long name.dat";
    public const string Tail = "EFI/Boot/tail.bin";
    public const string Fragmented = "Frag/Fragmented.bin";
    public const int BcdSize = (28 * 1024) + 100;
    private const int HoleFiles = 16;

    public WriteFixture(TemporaryDirectory dir, string image, int seed = 77)
    {
        Image = image;
        var random = new Random(seed);
        using (var probe = File.OpenRead(image))
        {
            ClusterSize = FatVolume.Open(probe).Parameters.BytesPerCluster;
        }

        string Source(string name, int length)
        {
            var path = Path.Combine(dir.Path, "src", name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var bytes = new byte[length];
            random.NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        void Copy(string path, int length)
        {
            var source = Source(Path.GetFileName(path), length);
            FatImages.Mtools("mcopy", image, source, "::" + path);
            Contents[path] = File.ReadAllBytes(source);
        }

        FatImages.Mtools("mmd", image, "::EFI", "::EFI/Microsoft", "::EFI/Microsoft/Boot", "::EFI/Boot", "::Frag");
        Copy(Bcd, BcdSize);
        Copy(BcdLog, 0);
        Copy(LongName, (3 * ClusterSize) + 17);
        Copy("EFI/Boot/bootx64.efi", 70000);

        var holeNames = Enumerable.Range(0, HoleFiles).Select(i => $"F{i:D2}.bin").ToArray();
        FatImages.Mtools("mcopy", image, [.. holeNames.Select(n => Source(n, 3 * ClusterSize)), "::Frag/"]);
        Copy(Tail, (2 * ClusterSize) + 100);

        var deleted = new List<uint>();
        using (var stream = File.OpenRead(image))
        {
            var volume = FatVolume.Open(stream);
            for (int i = 0; i < HoleFiles; i += 2)
            {
                deleted.AddRange(volume.GetClusters(volume.Find("Frag/" + holeNames[i])!));
            }
        }

        FatImages.Mtools("mdel", image, [.. holeNames.Where((_, i) => i % 2 == 0).Select(n => "::Frag/" + n)]);

        // With no next-free hint mtools allocates from cluster 2, so this file goes into the first holes.
        SetNextFreeHint(image, uint.MaxValue);
        Copy(Fragmented, (5 * ClusterSize) + 100);

        // mcopy sets the archive bit; cleared, it shows whether the writer sets it as Windows does.
        FatImages.Mtools("mattrib", image, ["-a", .. Contents.Keys.Select(p => "::" + p)]);

        using (var stream = File.OpenRead(image))
        {
            var volume = FatVolume.Open(stream);
            var fragmented = volume.GetClusters(volume.Find(Fragmented)!);
            Assert.Contains(fragmented.Zip(fragmented.Skip(1)), pair => pair.Second != pair.First + 1);
            var frag = volume.GetClusters(volume.Find("Frag")!);
            Holes = [.. deleted.Except(fragmented).Except(frag).Order()];
        }

        using (var stream = File.OpenRead(image))
        {
            Assert.Equal(FatAttributes.None, FatVolume.Open(stream).Find(Bcd)!.Attributes);
        }

        FatImages.FsckClean(image);
    }

    public string Image { get; }

    public int ClusterSize { get; }

    /// <summary>Every file of the fixture (but the deleted ones and Frag's others) with its bytes.</summary>
    public Dictionary<string, byte[]> Contents { get; } = [];

    /// <summary>The free clusters left in Frag's holes, ascending: the fragmented free space.</summary>
    public IReadOnlyList<uint> Holes { get; }

    /// <summary>Sets FSInfo's next-free hint (FAT32; 0xFFFFFFFF: none), as a tool that allocated there would have left it.</summary>
    public static void SetNextFreeHint(string image, uint cluster)
    {
        using var stream = File.Open(image, FileMode.Open, FileAccess.ReadWrite);
        var volume = FatVolume.Open(stream);
        if (volume.FsInfo is not { } info)
        {
            return;
        }

        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, cluster);
        stream.Position = info.Offset + 0x1EC;
        stream.Write(bytes);
    }
}
