using OfflineRepair.TestSupport;

namespace OfflineRepair.Fat.Tests;

/// <summary>Our reader against volumes made and read by dosfstools and mtools.</summary>
public sealed class FatVolumeTests
{
    public static TheoryData<int, int, int> Geometries => new()
    {
        { 32, 100 * 1024, 1 },
        { 32, 300 * 1024, 8 }, // 8-sector clusters need 256 MiB for FAT32's 65525 clusters
        { 32, 100 * 1024, 0 },
        { 16, 16 * 1024, 0 },
        { 16, 16 * 1024, 1 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Listing_of_every_folder_equals_mdir(int fatBits, int sizeKiB, int sectorsPerCluster)
    {
        using var dir = new TemporaryDirectory();
        var image = FatImages.Format(dir, "esp.img", fatBits, sizeKiB, sectorsPerCluster);
        var fixture = new EspFixture(dir, image);
        FatImages.FsckClean(image);

        using var stream = File.OpenRead(fixture.Image);
        var volume = FatVolume.Open(stream);
        Assert.Equal(fatBits == 32 ? FatType.Fat32 : FatType.Fat16, volume.Type);
        foreach (var folder in EspFixture.Folders)
        {
            var expected = FatImages.Mdir(image, folder).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            var actual = volume.ListDirectory(folder)
                .Select(e => (e.Name, Size: e.IsDirectory ? -1L : e.Size))
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .ToList();
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void File_bytes_equal_mcopy(int fatBits, int sizeKiB, int sectorsPerCluster)
    {
        using var dir = new TemporaryDirectory();
        var image = FatImages.Format(dir, "esp.img", fatBits, sizeKiB, sectorsPerCluster);
        var fixture = new EspFixture(dir, image);

        using var stream = File.OpenRead(fixture.Image);
        var volume = FatVolume.Open(stream);
        int files = 0;
        foreach (var (path, entry) in volume.EnumerateAll())
        {
            if (entry.IsDirectory || (path.StartsWith("Many", StringComparison.Ordinal) && files % 17 != 0 && entry.Size > 0))
            {
                files++;
                continue;
            }

            using var file = volume.OpenFile(entry);
            using var copy = new MemoryStream();
            file.CopyTo(copy);
            Assert.Equal(FatImages.ReadWithMtools(dir, image, path.Replace('\\', '/')), copy.ToArray());
            files++;
        }

        Assert.True(files > EspFixture.ManyCount);
    }

    [Fact]
    public void Finds_the_BCD_case_insensitively_by_long_or_short_name()
    {
        using var dir = new TemporaryDirectory();
        var image = FatImages.Format(dir, "esp.img", 32, 100 * 1024, 1);
        var fixture = new EspFixture(dir, image);
        var expected = FatImages.ReadWithMtools(dir, image, EspFixture.BcdPath);

        using var stream = File.OpenRead(fixture.Image);
        var volume = FatVolume.Open(stream);
        foreach (var path in new[] { @"EFI\Microsoft\Boot\BCD", @"\efi\microsoft\boot\bcd", "/EFI/MICROS~1/BOOT/BCD", @"EFI\.\Boot\..\Microsoft\Boot\BCD" })
        {
            var entry = volume.Find(path);
            Assert.NotNull(entry);
            Assert.Equal("BCD", entry.Name);
            using var file = volume.OpenFile(path);
            Assert.Equal(expected.Length, file.Length);
            using var copy = new MemoryStream();
            file.CopyTo(copy);
            Assert.Equal(expected, copy.ToArray());
        }

        Assert.Null(volume.Find(@"EFI\Microsoft\Boot\BCD.LOG"));
        Assert.Null(volume.Find(@"EFI\nowhere\BCD"));
        Assert.Throws<FileNotFoundException>(() => volume.OpenFile("nothing"));
    }

    [Fact]
    public void Seeking_reads_the_same_bytes_as_mcopy()
    {
        using var dir = new TemporaryDirectory();
        var image = FatImages.Format(dir, "esp.img", 32, 100 * 1024, 1);
        var fixture = new EspFixture(dir, image);
        var expected = FatImages.ReadWithMtools(dir, image, "EFI/Boot/bootx64.efi");

        using var stream = File.OpenRead(fixture.Image);
        using var file = FatVolume.Open(stream).OpenFile(@"EFI\Boot\bootx64.efi");
        var random = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            int start = random.Next(expected.Length);
            int length = random.Next(1, 3000);
            file.Position = start;
            var buffer = new byte[length];
            int read = file.ReadAtLeast(buffer, length, throwOnEndOfStream: false);
            Assert.Equal(Math.Min(length, expected.Length - start), read);
            Assert.Equal(expected.AsSpan(start, read).ToArray(), buffer.AsSpan(0, read).ToArray());
        }
    }

    [Fact]
    public void Names_volume_data_and_fragmented_chain()
    {
        using var dir = new TemporaryDirectory();
        var image = FatImages.Format(dir, "esp.img", 32, 100 * 1024, 1);
        var fixture = new EspFixture(dir, image);

        using var stream = File.OpenRead(fixture.Image);
        var volume = FatVolume.Open(stream);
        Assert.Equal(0x12345678u, volume.SerialNumber);
        Assert.Equal("TESTVOL", volume.VolumeLabel);
        Assert.Equal(512, volume.Parameters.BytesPerSector);
        Assert.Equal(1, volume.Parameters.SectorsPerCluster);
        Assert.NotNull(volume.FsInfo);
        Assert.True(volume.FsInfo.SignaturesValid);
        Assert.True(volume.Parameters.BackupBootSector > 0);

        var microsoft = volume.ListDirectory("EFI/Microsoft");
        Assert.Contains(microsoft, e => e.Name == "Ünïcødé.txt" && e.Size == 1);
        Assert.Contains(microsoft, e => e.Name == "A long name with spaces.txt");
        Assert.Contains(microsoft, e => e.Name == "MixedCase.Txt" && e.LongName is not null);
        Assert.DoesNotContain(microsoft, e => e.Name.Contains("deleted", StringComparison.Ordinal));
        var empty = Assert.Single(microsoft, e => e.Name == "empty.dat");
        Assert.Equal(0u, empty.Size);
        Assert.Equal(0, volume.OpenFile(empty).Length);

        // mtools keeps an all-lowercase 8.3 name as a short entry with the NT lowercase bits, as Windows does.
        var lower = Assert.Single(microsoft, e => e.Name == "lower.txt");
        Assert.Null(lower.LongName);
        Assert.Equal(0x18, lower.NtCaseFlags & 0x18);
        Assert.NotNull(lower.Modified);

        var boot = volume.Find("EFI/MICROS~1");
        Assert.NotNull(boot);
        Assert.Equal("Microsoft", boot.Name);
        Assert.Equal("MICROS~1", boot.ShortName);

        var many = volume.ListDirectory("Many");
        Assert.Equal(EspFixture.ManyCount, many.Count);
        Assert.True(volume.GetClusters(volume.Find("Many")!).Count > 10, "the big folder should span several clusters");

        var c = volume.Find("Frag/C.bin")!;
        var clusters = volume.GetClusters(c);
        Assert.Contains(clusters.Zip(clusters.Skip(1)), pair => pair.Second != pair.First + 1);
    }

    [Fact]
    public void Fat16_root_is_the_fixed_region()
    {
        using var dir = new TemporaryDirectory();
        var image = FatImages.Format(dir, "esp16.img", 16, 16 * 1024);
        new EspFixture(dir, image);

        using var stream = File.OpenRead(image);
        var volume = FatVolume.Open(stream);
        Assert.Equal(FatType.Fat16, volume.Type);
        Assert.Null(volume.FsInfo);
        Assert.Equal("TESTVOL", volume.VolumeLabel);
        Assert.True(volume.Parameters.RootEntryCount > 0);
        Assert.Contains(volume.ListRoot(), e => e.Name == "EFI" && e.IsDirectory);
    }
}
