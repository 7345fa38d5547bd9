using System.Buffers.Binary;
using System.Diagnostics;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Fat.Tests;

/// <summary>Damaged volumes give a <see cref="FatFormatException"/>, never a hang or another exception.</summary>
public sealed class CorruptionTests
{
    [Fact]
    public void A_file_chain_that_loops_is_an_error()
    {
        var (image, volume) = Small();
        var file = volume.Find("EFI/Microsoft/Boot/BCD")!;
        var fatEntry = volume.Parameters.FatOffset + (4L * volume.GetClusters(file)[1]);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan((int)fatEntry), file.FirstCluster);

        var reopened = FatVolume.Open(new MemoryStream(image, writable: false));
        var error = Assert.Throws<FatFormatException>(() => reopened.OpenFile("EFI/Microsoft/Boot/BCD"));
        Assert.Contains("loops", error.Message, StringComparison.Ordinal);
        Assert.Throws<FatFormatException>(() => reopened.GetClusters(file));
    }

    [Fact]
    public void A_root_directory_chain_that_loops_is_an_error()
    {
        var (image, volume) = Small();
        var root = volume.Parameters.RootCluster;
        var fatEntry = volume.Parameters.FatOffset + (4L * root);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan((int)fatEntry), root);

        var reopened = FatVolume.Open(new MemoryStream(image, writable: false));
        Assert.Throws<FatFormatException>(() => reopened.ListRoot());
    }

    [Fact]
    public void A_folder_that_contains_its_ancestor_is_a_directory_loop()
    {
        var (image, volume) = Small();
        var boot = volume.Find("EFI/Microsoft/Boot")!;
        var efi = volume.Find("EFI")!;

        // Point the Boot folder's entry at EFI's cluster: EFI\Microsoft\Boot is EFI again.
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan((int)boot.EntryOffset + 0x14), (ushort)(efi.FirstCluster >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan((int)boot.EntryOffset + 0x1A), (ushort)efi.FirstCluster);

        var reopened = FatVolume.Open(new MemoryStream(image, writable: false));
        var error = Assert.Throws<FatFormatException>(() => reopened.EnumerateAll().ToList());
        Assert.Contains("loop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_pointing_past_the_volume_is_an_error()
    {
        var (image, volume) = Small();
        var bcd = volume.Find("EFI/Microsoft/Boot/BCD")!;
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan((int)bcd.EntryOffset + 0x14), 0x0FF0);

        var reopened = FatVolume.Open(new MemoryStream(image, writable: false));
        var error = Assert.Throws<FatFormatException>(() => reopened.OpenFile("EFI/Microsoft/Boot/BCD"));
        Assert.Equal(bcd.EntryOffset, error.Offset);
    }

    [Fact]
    public void A_chain_shorter_than_the_size_fails_when_read()
    {
        var (image, volume) = Small();
        var bcd = volume.Find("EFI/Microsoft/Boot/BCD")!;
        var fatEntry = volume.Parameters.FatOffset + (4L * bcd.FirstCluster);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan((int)fatEntry), 0x0FFFFFFF);

        var reopened = FatVolume.Open(new MemoryStream(image, writable: false));
        using var file = reopened.OpenFile("EFI/Microsoft/Boot/BCD");
        var first = new byte[volume.Parameters.BytesPerCluster];
        file.ReadExactly(first);
        Assert.Throws<FatFormatException>(() => file.ReadByte());
    }

    [Fact]
    public void A_truncated_image_is_an_error()
    {
        var (image, _) = Small();
        foreach (var length in new[] { 0, 100, 511, 512, 4096, image.Length / 2, image.Length - 1 })
        {
            Assert.Throws<FatFormatException>(() => FatVolume.Open(new MemoryStream(image, 0, length, writable: false)));
        }
    }

    [Fact]
    public void Mutations_give_only_FatFormatException_and_finish_fast()
    {
        var (image, volume) = Small();
        var bpb = volume.Parameters;
        var regions = new List<(long Start, int Length)>
        {
            (0, 512),
            (bpb.FsInfoSector * 512L, 512),
            (bpb.FatOffset, 1024),
        };
        foreach (var entry in volume.EnumerateAll().Select(e => e.Entry).Where(e => e.IsDirectory).Append(null))
        {
            uint cluster = entry?.FirstCluster ?? bpb.RootCluster;
            regions.Add((bpb.ClusterOffset(cluster), bpb.BytesPerCluster));
        }

        var random = new Random(20240601);
        var original = (byte[])image.Clone();
        var clock = Stopwatch.StartNew();
        int errors = 0;
        for (int round = 0; round < 3000; round++)
        {
            var (start, length) = regions[random.Next(regions.Count)];
            int changes = random.Next(1, 5);
            var touched = new List<int>();
            for (int i = 0; i < changes; i++)
            {
                int at = (int)start + random.Next(length - 4);
                touched.Add(at);
                switch (random.Next(3))
                {
                    case 0:
                        image[at] = (byte)random.Next(256);
                        break;
                    case 1:
                        image[at] ^= (byte)(1 << random.Next(8));
                        break;
                    default:
                        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(at), (uint)random.Next() * (uint)random.Next(3));
                        break;
                }
            }

            try
            {
                ReadEverything(image);
            }
            catch (FatFormatException)
            {
                errors++;
            }

            foreach (var at in touched)
            {
                original.AsSpan(at, 4).CopyTo(image.AsSpan(at));
            }
        }

        Assert.True(errors > 0, "some mutations should have been detected");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"fuzzing took {clock.Elapsed}");
    }

    private static void ReadEverything(byte[] image)
    {
        var volume = FatVolume.Open(new MemoryStream(image, writable: false));
        _ = volume.VolumeLabel;
        var buffer = new byte[64 * 1024];
        foreach (var (_, entry) in volume.EnumerateAll().Take(10_000))
        {
            if (entry.IsDirectory)
            {
                continue;
            }

            using var file = volume.OpenFile(entry);
            long budget = 1 << 20;
            while (budget > 0)
            {
                int read = file.Read(buffer);
                if (read == 0)
                {
                    break;
                }

                budget -= read;
            }
        }

        volume.Find(@"EFI\Microsoft\Boot\BCD");
    }

    /// <summary>A small FAT32 volume (the smallest mkfs.fat makes with 512-byte clusters) with an ESP tree.</summary>
    private static (byte[] Image, FatVolume Volume) Small()
    {
        using var dir = new TemporaryDirectory();
        var path = FatImages.Format(dir, "small.img", 32, 34 * 1024, 1);
        var source = dir.File("bcd");
        File.WriteAllBytes(source, Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray());
        FatImages.Mtools("mmd", path, "::EFI", "::EFI/Microsoft", "::EFI/Microsoft/Boot", "::EFI/Boot");
        FatImages.Mtools("mcopy", path, source, "::EFI/Microsoft/Boot/BCD");
        FatImages.Mtools("mcopy", path, source, "::EFI/Boot/A long file name.efi");
        var image = File.ReadAllBytes(path);
        return (image, FatVolume.Open(new MemoryStream(image, writable: false)));
    }
}
