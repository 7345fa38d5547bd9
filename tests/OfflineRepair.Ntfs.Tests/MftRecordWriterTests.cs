using System.Buffers.Binary;
using OfflineRepair.Ntfs.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests;

/// <summary>
/// Writing a record back: the update sequence number goes up exactly once (0xFFFF wraps to 1), the fixups are
/// applied once, and the very same bytes reach $MFTMirr for every record the mirror holds (four, or a whole
/// 64 KiB cluster's worth, records 0-63, on 64 KiB clusters). Checked on the raw image and by ntfsfix.
/// </summary>
public sealed class MftRecordWriterTests
{
    [Theory]
    [InlineData(512, 3)]
    [InlineData(4096, 3)]
    [InlineData(65536, 3)]
    [InlineData(65536, 5)]
    [InlineData(4096, 5)]
    public void A_record_written_back_changes_only_its_update_sequence_and_reaches_the_mirror(int clusterSize, int record)
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(clusterSize, work.Path);
        var g = WriteOracle.ReadGeometry(image);
        var at = (g.MftLcn * g.ClusterSize) + (record * g.RecordSize);
        var mirrorAt = (g.MirrorLcn * g.ClusterSize) + (record * g.RecordSize);
        var before = File.ReadAllBytes(image);

        using (var volume = NtfsVolume.OpenForWriting(File.Open(image, FileMode.Open, FileAccess.ReadWrite), leaveOpen: false))
        {
            volume.Records.Write(record, volume.Records.Read(record));
        }

        var after = File.ReadAllBytes(image);
        var old = before.AsSpan((int)at, g.RecordSize).ToArray();
        var now = after.AsSpan((int)at, g.RecordSize).ToArray();
        var usn = BinaryPrimitives.ReadUInt16LittleEndian(old.AsSpan(0x30));
        Assert.Equal((ushort)(usn + 1), BinaryPrimitives.ReadUInt16LittleEndian(now.AsSpan(0x30)));
        for (var i = 0; i < g.RecordSize; i++)
        {
            var isFixup = i is 0x30 or 0x31 || (i % 512) >= 510;
            Assert.True(isFixup || old[i] == now[i], $"byte 0x{i:X} of record {record} changed");
        }

        Fixups.Remove(old);
        Fixups.Remove(now);
        Assert.Equal(old.AsSpan(0x32).ToArray(), now.AsSpan(0x32).ToArray());

        var mirrored = record < g.MirroredRecords;
        Assert.Equal(mirrored, !before.AsSpan((int)mirrorAt, g.RecordSize).SequenceEqual(after.AsSpan((int)mirrorAt, g.RecordSize)));
        WriteOracle.AssertMirrorMatches(image);
        WriteOracle.AssertSound(image);

        // Nothing else in the image moved.
        List<(long, long)> allowed = [(at, g.RecordSize), (mirrorAt, g.RecordSize)];
        WriteOracle.AssertChangedOnlyWithin(before, after, allowed);
    }

    [Fact]
    public void The_update_sequence_number_wraps_from_ffff_to_1()
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(4096, work.Path);
        var g = WriteOracle.ReadGeometry(image);
        foreach (var lcn in new[] { g.MftLcn, g.MirrorLcn })
        {
            new ImageEditor(image).EditBlock((lcn * g.ClusterSize) + (3 * g.RecordSize), g.RecordSize,
                r => BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(0x30), 0xFFFF));
        }

        using (var volume = NtfsVolume.OpenForWriting(File.Open(image, FileMode.Open, FileAccess.ReadWrite), leaveOpen: false))
        {
            volume.Records.Write(3, volume.Records.Read(3));
        }

        var bytes = File.ReadAllBytes(image);
        var record = bytes.AsSpan((int)((g.MftLcn * g.ClusterSize) + (3 * g.RecordSize)), g.RecordSize);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(record[0x30..]));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(record[510..]));
        WriteOracle.AssertMirrorMatches(image);
        WriteOracle.AssertSound(image);
    }
}
