using System.Buffers.Binary;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Fat.Tests;

/// <summary>What <see cref="FatVolume.OpenFileForWriting"/> refuses, with not one byte written.</summary>
public sealed class FatVolumeWriteTests
{
    private const string Bcd = "EFI/Microsoft/Boot/BCD";
    private const int BcdSize = 3000;

    public static TheoryData<string> Damages => new()
    {
        "loop", "free cluster inside", "bad cluster inside", "chain shorter than the size", "chain longer than the size",
        "empty with a cluster", "first cluster past the volume", "no first cluster", "damaged folder on the way",
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_file_is_refused_with_nothing_written(string damage)
    {
        var image = Small();
        var volume = FatVolume.Open(new MemoryStream(image, writable: false));
        var bpb = volume.Parameters;
        var bcd = volume.Find(Bcd)!;
        var clusters = volume.GetClusters(bcd);
        void Fat(uint cluster, uint value)
        {
            for (int copy = 0; copy < bpb.NumberOfFats; copy++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan((int)(bpb.FatCopyOffset(copy) + (4L * cluster))), value);
            }
        }

        void Entry(int field, uint value, int size)
        {
            var at = image.AsSpan((int)bcd.EntryOffset + field);
            if (size == 2)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(at, value);
            }
        }

        switch (damage)
        {
            case "loop": Fat(clusters[3], clusters[1]); break;
            case "free cluster inside": Fat(clusters[2], 0); break;
            case "bad cluster inside": Fat(clusters[2], 0x0FFFFFF7); break;
            case "chain shorter than the size": Fat(clusters[2], 0x0FFFFFFF); break;
            case "chain longer than the size": Entry(0x1C, 1000, 4); break;
            case "empty with a cluster": Entry(0x1C, 0, 4); break;
            case "first cluster past the volume": Entry(0x14, 0x0FF0, 2); break;
            case "no first cluster": Entry(0x14, 0, 2); Entry(0x1A, 0, 2); break;
            case "damaged folder on the way": Fat(volume.Find("EFI/Microsoft")!.FirstCluster, volume.Find("EFI/Microsoft")!.FirstCluster); break;
            default: throw new ArgumentException(damage);
        }

        var damaged = (byte[])image.Clone();
        var stream = new FaultingStream(new MemoryStream(image));
        var writable = FatVolume.OpenForWriting(stream);
        var refused = Assert.Throws<FatWriteRefusedException>(() => writable.OpenFileForWriting(Bcd));
        Assert.Equal(Bcd, refused.Path);
        Assert.Equal(0, stream.Writes);
        Assert.Equal(damaged, image);
    }

    [Fact]
    public void Folders_missing_files_and_read_only_volumes_are_refused()
    {
        var image = Small();
        var stream = new FaultingStream(new MemoryStream(image));
        var volume = FatVolume.OpenForWriting(stream);
        Assert.True(volume.CanWrite);
        Assert.Throws<FatWriteRefusedException>(() => volume.OpenFileForWriting("EFI/Microsoft"));
        Assert.Throws<FatWriteRefusedException>(() => volume.OpenFileForWriting(""));
        Assert.Throws<FatWriteRefusedException>(() => volume.OpenFileForWriting(@"\"));
        Assert.Throws<FileNotFoundException>(() => volume.OpenFileForWriting("EFI/Microsoft/Boot/BCD.LOG"));
        Assert.Throws<FileNotFoundException>(() => volume.OpenFileForWriting("EFI/nowhere/BCD"));
        Assert.Throws<FileNotFoundException>(() => volume.OpenFileForWriting("EFI/Microsoft/Boot/BCD/inside"));

        var readOnly = FatVolume.Open(new MemoryStream(image, writable: false));
        Assert.False(readOnly.CanWrite);
        Assert.Throws<FatWriteRefusedException>(() => readOnly.OpenFileForWriting(Bcd));
        Assert.Throws<ArgumentException>(() => FatVolume.OpenForWriting(new MemoryStream(image, writable: false)));
        Assert.Equal(0, stream.Writes);
    }

    [Fact]
    public void A_file_has_one_writer_at_a_time_and_the_reader_sees_what_it_flushed()
    {
        var image = Small();
        var volume = FatVolume.OpenForWriting(new MemoryStream(image), new FixedClock(FixedClock.Moment));
        var file = volume.OpenFileForWriting(Bcd);
        Assert.Throws<FatWriteRefusedException>(() => volume.OpenFileForWriting("/efi/MICROS~1/boot/bcd"));
        using (var other = volume.OpenFileForWriting("EFI/Boot/A long file name.efi"))
        {
            other.WriteByte(0xAB);
        }

        file.SetLength(BcdSize + 2000);
        file.Position = BcdSize;
        file.Write(Enumerable.Repeat((byte)0x5A, 2000).ToArray());
        file.Dispose();

        using var again = volume.OpenFileForWriting(Bcd);
        Assert.Equal(BcdSize + 2000, again.Length);
        var entry = volume.Find(Bcd)!;
        Assert.Equal((uint)(BcdSize + 2000), entry.Size);
        Assert.Equal(new DateTime(2031, 7, 15, 13, 45, 26), entry.Modified);
        Assert.Equal(new DateTime(2031, 7, 15), entry.Accessed);
        using var read = volume.OpenFile(Bcd);
        read.Position = BcdSize - 1;
        Assert.Equal(Source[^1], read.ReadByte());
        Assert.Equal(0x5A, read.ReadByte());
    }

    private static readonly byte[] Source = [.. Enumerable.Range(0, BcdSize).Select(i => (byte)(i * 7))];

    /// <summary>The smallest FAT32 volume mkfs.fat makes with 512-byte clusters, holding a BCD of 6 clusters.</summary>
    private static byte[] Small()
    {
        using var dir = new TemporaryDirectory();
        var path = FatImages.Format(dir, "small.img", 32, 34 * 1024, 1);
        var source = dir.File("bcd");
        File.WriteAllBytes(source, Source);
        FatImages.Mtools("mmd", path, "::EFI", "::EFI/Microsoft", "::EFI/Microsoft/Boot", "::EFI/Boot");
        FatImages.Mtools("mcopy", path, source, "::" + Bcd);
        FatImages.Mtools("mcopy", path, source, "::EFI/Boot/A long file name.efi");
        return File.ReadAllBytes(path);
    }
}
