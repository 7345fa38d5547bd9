using OfflineRepair.Registry.Format;
using OfflineRepair.Registry.Logs;

namespace OfflineRepair.Registry.Tests.Logs;

/// <summary>When a hive counts as dirty, and what happens when it is dirty but has no usable log.</summary>
public sealed class DirtyStateTests
{
    [Fact]
    public void Win11Sam_IsClean_AndItsStaleLogsAreIgnored()
    {
        // 36/36 with LOG1 at 34 and LOG2 at 35: both older than the hive, and a clean hive's logs
        // are ignored anyway.
        var hive = CorpusHive.Load("museum/Win11/SAM", "museum/Win11/SAM.LOG1", "museum/Win11/SAM.LOG2");

        Assert.False(HiveRecovery.IsDirty(hive.Primary));
        Assert.Null(HiveRecovery.Recover(hive.Primary, hive.Logs));
    }

    [Fact]
    public void Win11BcdTemplate_IsClean_AndItsStaleLogIsIgnored()
    {
        var hive = CorpusHive.Load("museum/Win11/BCD-Template", "museum/Win11/BCD-Template.LOG");

        Assert.False(HiveRecovery.IsDirty(hive.Primary));
        Assert.Null(HiveRecovery.Recover(hive.Primary, hive.Logs));
    }

    [Theory]
    [InlineData("ezregistry/SECURITY")]
    [InlineData("regipy/SECURITY.xz")]
    public void DirtyHive_WithoutLogs_HasNothingToRecoverFrom(string primary)
    {
        var hive = CorpusHive.Load(primary);

        Assert.True(HiveRecovery.IsDirty(hive.Primary));
        Assert.True(BaseBlock.ChecksumIsValid(hive.Primary));
        Assert.Null(HiveRecovery.Recover(hive.Primary, []));
        Assert.Null(HiveRecovery.Recover(hive.Primary, [new HiveLogFile("SECURITY.LOG1", []), new HiveLogFile("SECURITY.LOG2", new byte[511])]));
    }

    [Fact]
    public void DirtyHive_WithSomeoneElsesLogs_HasNothingToRecoverFrom()
    {
        // Win11 SECURITY is 116/115; the Win10 SECURITY log (110) is valid but older than 115.
        var hive = CorpusHive.Load("museum/Win11/SECURITY", "museum/Win10/SECURITY.LOG1");

        Assert.Null(HiveRecovery.Recover(hive.Primary, hive.Logs));
    }

    [Fact]
    public void DirtyHive_WhoseHeaderClaimsBinsBeyondTheFile_IsRecoveredByItsLogsOrRefused()
    {
        // A commit torn after the header was written (bins size grown, file not yet extended), or a
        // forged size: with logs the entries decide the size; without, there is nothing to recover.
        var hive = CorpusHive.Load("yarp/NewDirtyHive1/NewDirtyHive", "yarp/NewDirtyHive1/NewDirtyHive.LOG1", "yarp/NewDirtyHive1/NewDirtyHive.LOG2");
        var primary = (byte[])hive.Primary.Clone();
        BaseBlock.SetHiveBinsSize(primary, 0x7FFF_F000);
        BaseBlock.UpdateChecksum(primary);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = HiveRecovery.Recover(primary, hive.Logs);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.NotNull(result);
        Assert.Equal(5u, result.LastSequence);
        Assert.True(HiveRecovery.Recover(hive.Primary, hive.Logs)!.Image.AsSpan(BaseBlock.Size).SequenceEqual(result.Image.AsSpan(BaseBlock.Size)));
        Assert.True(allocated < 16 << 20, $"allocated {allocated} bytes");
        Assert.Null(HiveRecovery.Recover(primary, []));
    }

    [Fact]
    public void IsDirty_SeesABadChecksumEvenWithEqualSequences()
    {
        var hive = CorpusHive.Load("museum/Win11/SAM");
        var primary = (byte[])hive.Primary.Clone();
        primary[100] ^= 1;

        Assert.True(HiveRecovery.IsDirty(primary));
    }

    [Fact]
    public void IsDirty_RejectsLessThanTheChecksummedPart()
    {
        Assert.Throws<HiveFormatException>(() => HiveRecovery.IsDirty(new byte[100]));
        Assert.Throws<HiveFormatException>(() => HiveRecovery.Recover(new byte[4095], []));
    }

    [Fact]
    public void NewFormat_WithTornPrimaryBaseBlock_UsesOnlyTheLogWithTheLatestEntries()
    {
        var hive = CorpusHive.Load("yarp/NewDirtyHive1/NewDirtyHive", "yarp/NewDirtyHive1/NewDirtyHive.LOG1", "yarp/NewDirtyHive1/NewDirtyHive.LOG2");
        var primary = (byte[])hive.Primary.Clone();
        primary[BaseBlock.RootCellOffset] ^= 0x40;
        Assert.False(BaseBlock.ChecksumIsValid(primary));

        var result = HiveRecovery.Recover(primary, hive.Logs);

        Assert.NotNull(result);
        Assert.Equal(5u, result.LastSequence);
        Assert.Equal(3, result.EntriesApplied);
        Assert.Equal(["NewDirtyHive.LOG2"], result.LogsApplied);
        RecoveredImage.AssertWellFormed(result.Image, 5);
        OldFormatRecoveryTests.AssertBaseBlockFromLog(hive.Logs[1].Data, result.Image);
        Assert.Equal(BaseBlock.RootCell(hive.Primary), BaseBlock.RootCell(result.Image));
    }
}
