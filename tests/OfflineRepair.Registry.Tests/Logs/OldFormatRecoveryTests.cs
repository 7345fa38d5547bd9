using System.Buffers.Binary;
using OfflineRepair.Registry.Format;
using OfflineRepair.Registry.Logs;

namespace OfflineRepair.Registry.Tests.Logs;

/// <summary>Replay of an old-format (DIRT) log, as written by Windows XP to 8.0.</summary>
public sealed class OldFormatRecoveryTests
{
    private const int BinsSize = 487_424;

    // The first hbin's timestamp field (bins offset 0x14, 8 bytes), of which the last 3 bytes agree.
    private static readonly int[] FirstBinTimestampBytes = [0x1014, 0x1015, 0x1016, 0x1017, 0x1018];

    // nk "4500" (cell at bins offset 0x6AD88) offset 60, "largest value name length": the log's page
    // says 24, Windows 7 later rewrote it as 2, exact for the key's only value "V".
    private const int LargestValueNameOfKey4500 = 0x6BDC8;

    [Fact]
    public void OldDirtyHive_MatchesWindows7sRecoveryExceptWhatWindowsWroteLater()
    {
        var hive = LoadOldDirtyHive();
        var windows = File.ReadAllBytes(CorpusHive.CorpusFile("yarp/OldDirtyHive/RecoveredHive_Windows7"));
        Assert.Empty(hive.Logs[1].Data);
        Assert.True(HiveRecovery.IsDirty(hive.Primary));

        var result = HiveRecovery.Recover(hive.Primary, hive.Logs);

        Assert.NotNull(result);
        Assert.Equal(5u, result.LastSequence);
        Assert.Equal(1, result.EntriesApplied);
        Assert.Equal(["OldDirtyHive.LOG1"], result.LogsApplied);
        Assert.Equal(BaseBlock.Size + BinsSize, result.Image.Length);
        RecoveredImage.AssertWellFormed(result.Image, 5);

        var differing = Enumerable.Range(BaseBlock.Size, BinsSize).Where(i => result.Image[i] != windows[i]).ToArray();
        Assert.Equal([.. FirstBinTimestampBytes, LargestValueNameOfKey4500], differing);
        Assert.Equal(24, result.Image[LargestValueNameOfKey4500]);
        Assert.Equal(2, windows[LargestValueNameOfKey4500]);

        // Windows stamps the first bin with the base block's last-written time when it writes; our
        // bins carry the log's, which is the dirty primary's base-block time.
        Assert.Equal(BaseBlock.Timestamp(hive.Primary), BinaryPrimitives.ReadInt64LittleEndian(result.Image.AsSpan(0x1014)));

        // The log really changed the bins: the primary alone is much further from Windows' result.
        int primaryDifferences = Enumerable.Range(BaseBlock.Size, BinsSize).Count(i => hive.Primary[i] != windows[i]);
        Assert.True(primaryDifferences > 100, $"only {primaryDifferences} bytes differ before replay");
    }

    [Fact]
    public void OldLog_WithADifferentTimestamp_IsNotApplicable()
    {
        var hive = LoadOldDirtyHive();
        var primary = (byte[])hive.Primary.Clone();
        BaseBlock.SetTimestamp(primary, BaseBlock.Timestamp(primary) + 1);
        BaseBlock.UpdateChecksum(primary);

        Assert.Null(HiveRecovery.Recover(primary, hive.Logs));
    }

    [Fact]
    public void OldLog_WithTornPrimaryBaseBlock_RebuildsItFromTheLogHeader()
    {
        // With the base block unusable, the log is matched against the first bin's copy of the
        // timestamp; here the bin still holds the previous write's, so make it the log's.
        var hive = LoadOldDirtyHive();
        var log = hive.Logs[0].Data;
        var primary = (byte[])hive.Primary.Clone();
        BinaryPrimitives.WriteInt64LittleEndian(primary.AsSpan(BaseBlock.Size + HiveBinHeader.TimestampField), BaseBlock.Timestamp(log));
        primary[BaseBlock.ChecksumOffset] ^= 0xFF;
        Assert.True(HiveRecovery.IsDirty(primary));

        var result = HiveRecovery.Recover(primary, hive.Logs);

        Assert.NotNull(result);
        Assert.Equal(5u, result.LastSequence);
        RecoveredImage.AssertWellFormed(result.Image, 5);
        var expected = HiveRecovery.Recover(hive.Primary, hive.Logs)!;
        Assert.True(expected.Image.AsSpan(BaseBlock.Size).SequenceEqual(result.Image.AsSpan(BaseBlock.Size)));
        AssertBaseBlockFromLog(log, result.Image);
    }

    [Fact]
    public void OldLog_MissingPagesPromisedByTheBitmap_IsUnusable()
    {
        var hive = LoadOldDirtyHive();
        var truncated = hive.Logs[0].Data[..^512];

        Assert.Null(HiveRecovery.Recover(hive.Primary, [new HiveLogFile("OldDirtyHive.LOG1", truncated)]));
    }

    /// <summary>Every checksummed field of the rebuilt base block except sequence, type and checksum comes from the log.</summary>
    internal static void AssertBaseBlockFromLog(byte[] log, byte[] image)
    {
        var fromLog = log[..BaseBlock.ChecksummedLength];
        var rebuilt = image[..BaseBlock.ChecksummedLength];
        foreach (int field in new[] { BaseBlock.PrimarySequenceOffset, BaseBlock.SecondarySequenceOffset, BaseBlock.FileTypeOffset, BaseBlock.HiveBinsSizeOffset, BaseBlock.FlagsOffset })
        {
            fromLog.AsSpan(field, 4).Clear();
            rebuilt.AsSpan(field, 4).Clear();
        }

        Assert.Equal(fromLog, rebuilt);
        Assert.DoesNotContain(image[BaseBlock.ChecksummedLength..BaseBlock.Size].Skip(4), b => b != 0);
    }

    private static CorpusHive LoadOldDirtyHive() =>
        CorpusHive.Load("yarp/OldDirtyHive/OldDirtyHive", "yarp/OldDirtyHive/OldDirtyHive.LOG1", "yarp/OldDirtyHive/OldDirtyHive.LOG2");
}
