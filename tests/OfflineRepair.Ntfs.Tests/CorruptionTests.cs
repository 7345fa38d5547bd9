using OfflineRepair.Ntfs.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests;

/// <summary>Damaged volumes give a named <see cref="NtfsFormatException"/>, never a hang or a crash.</summary>
public sealed class CorruptionTests
{
    [Fact]
    public void A_bad_fixup_names_the_record()
    {
        using var work = new TemporaryDirectory();
        var image = NtfsImages.Small(work.Path);
        long record, offset;
        using (var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false))
        {
            record = volume.OpenPath("File3.Bin").RecordNumber;
            offset = ImageEditor.RecordOffset(volume, record);
        }

        new ImageEditor(image).XorByte(offset + 510, 0x5A);
        using var damaged = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false);
        var e = Assert.Throws<NtfsFormatException>(() => damaged.OpenPath("file3.bin"));
        Assert.Contains($"record {record}", e.Message, StringComparison.Ordinal);
        Assert.Contains("fixup", e.Message, StringComparison.Ordinal);
        Assert.NotNull(damaged.OpenPath("File2.Bin"));
    }

    [Fact]
    public void A_runlist_outside_the_volume_is_refused()
    {
        using var work = new TemporaryDirectory();
        var image = NtfsImages.Small(work.Path);
        long offset;
        int size;
        using (var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false))
        {
            offset = ImageEditor.RecordOffset(volume, volume.OpenPath("File5.Bin").RecordNumber);
            size = volume.BootSector.MftRecordSize;
        }

        new ImageEditor(image).EditBlock(offset, size, record =>
        {
            var data = Fixups.FindAttribute(record, 0x80);
            Assert.Equal(1, record[data + 8]);
            var pairs = data + ImageEditor.U16(record, data + 0x20);
            var header = record[pairs];
            var lengthBytes = header & 0x0F;
            var offsetBytes = header >> 4;
            record[pairs + lengthBytes + offsetBytes] = 0x3F; // top byte of the LCN: far past the end
        });

        using var damaged = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false);
        var e = Assert.Throws<NtfsFormatException>(() => damaged.OpenPath("File5.Bin"));
        Assert.Contains("outside the volume", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_number_past_the_mft_is_refused()
    {
        using var work = new TemporaryDirectory();
        var image = NtfsImages.Small(work.Path);
        using var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false);
        var e = Assert.Throws<NtfsFormatException>(() => volume.OpenFile(volume.MftRecordCount + 5));
        Assert.Contains("past the end of the MFT", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_image_is_refused()
    {
        using var work = new TemporaryDirectory();
        var image = NtfsImages.Small(work.Path);
        var bytes = File.ReadAllBytes(image);
        using var volume = NtfsVolume.Open(new MemoryStream(bytes, 0, 1024 * 1024, writable: false));
        Assert.Throws<NtfsFormatException>(() => { using var s = volume.OpenRead("File5.Bin"); s.ReadExactly(new byte[s.Length]); });
    }

    [Fact]
    public async Task An_index_loop_is_an_error_not_a_hang()
    {
        var source = NtfsImages.Get(4096);
        if (!source.HasTree)
        {
            Assert.Skip("needs the ntfs-3g mounted tree (a directory with several index levels)");
        }

        using var work = new TemporaryDirectory();
        var image = work.File("loop.img");
        File.Copy(source.Path, image);
        long blockOffset = -1;
        long blockVcn = -1;
        int blockSize;
        using (var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false))
        {
            var big = volume.OpenPath("Big");
            var allocation = big.Attributes.First(a => a.Type == AttributeType.IndexAllocation);
            blockSize = volume.BootSector.IndexBlockSize;
            for (long at = 0; at < allocation.DataSize; at += blockSize)
            {
                var disk = ImageEditor.AttributeByteOffset(volume, allocation, at);
                var block = new byte[blockSize];
                using var file = File.OpenRead(image);
                file.Position = disk;
                file.ReadExactly(block);
                if (block[0] == (byte)'I' && (ImageEditor.U32(block, 0x18 + 0x0C) & 1) != 0)
                {
                    blockOffset = disk;
                    blockVcn = BitConverter.ToInt64(block, 0x10);
                    break;
                }
            }
        }

        Assert.True(blockOffset >= 0, "no non-leaf index block in Big");
        new ImageEditor(image).EditBlock(blockOffset, blockSize, block =>
        {
            // Every child pointer of this node now points back at the node itself.
            var entry = 0x18 + ImageEditor.U32(block, 0x18);
            var end = 0x18 + ImageEditor.U32(block, 0x18 + 4);
            while (entry < end)
            {
                var length = ImageEditor.U16(block, entry + 8);
                BitConverter.TryWriteBytes(block.AsSpan(entry + length - 8), blockVcn);
                if ((ImageEditor.U16(block, entry + 12) & 2) != 0)
                {
                    break;
                }

                entry += length;
            }
        });

        using var damaged = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false);
        var big2 = damaged.OpenPath("Big");
        var token = TestContext.Current.CancellationToken;
        var list = await Task.Run(() => Assert.Throws<NtfsFormatException>(() => big2.ListDirectory()), token).WaitAsync(TimeSpan.FromSeconds(30), token);
        Assert.Contains("loop", list.Message, StringComparison.Ordinal);
        await Task.Run(() => Assert.Throws<NtfsFormatException>(() => big2.Find("a_rather_long_file_name_number_1.dat")), token).WaitAsync(TimeSpan.FromSeconds(30), token);
    }
}
