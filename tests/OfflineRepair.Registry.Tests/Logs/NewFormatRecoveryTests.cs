using OfflineRepair.Registry.Format;
using OfflineRepair.Registry.Logs;

namespace OfflineRepair.Registry.Tests.Logs;

/// <summary>Replay of new-format (HvLE) logs written by Windows 8.1 and later, checked against the real corpus.</summary>
public sealed class NewFormatRecoveryTests
{
    [Fact]
    public void NewDirtyHive1_ReplaysBothLogsToWindows10sOwnResult()
    {
        var hive = CorpusHive.Load("yarp/NewDirtyHive1/NewDirtyHive", "yarp/NewDirtyHive1/NewDirtyHive.LOG1", "yarp/NewDirtyHive1/NewDirtyHive.LOG2");
        var windows = File.ReadAllBytes(CorpusHive.CorpusFile("yarp/NewDirtyHive1/RecoveredHive_Windows10"));
        Assert.True(HiveRecovery.IsDirty(hive.Primary));

        var result = HiveRecovery.Recover(hive.Primary, hive.Logs);

        Assert.NotNull(result);
        Assert.Equal(5u, result.LastSequence);
        Assert.Equal(4, result.EntriesApplied);
        Assert.Equal(["NewDirtyHive.LOG1", "NewDirtyHive.LOG2"], result.LogsApplied);

        // Windows wrote the hive once more after recovering it (its base block says 6/6), so only the
        // bins are expected to be identical. Its file also keeps zero slack after the last bin (the
        // file is 256 KiB, the bins 20 KiB), which the recovered image does not carry.
        Assert.Equal(BaseBlock.HiveBinsSize(windows), RecoveredImage.HiveBinsSize(result.Image));
        Assert.Equal(BaseBlock.Size + 20_480, result.Image.Length);
        Assert.True(windows.AsSpan(BaseBlock.Size, 20_480).SequenceEqual(result.Image.AsSpan(BaseBlock.Size)), "hive bins differ from RecoveredHive_Windows10");
        Assert.DoesNotContain(windows.AsSpan(result.Image.Length).ToArray(), b => b != 0);
        RecoveredImage.AssertWellFormed(result.Image, 5);
    }

    [Fact]
    public void NewDirtyHive2_SkipsTheStaleLog1AndAppliesOnlyLog2()
    {
        var hive = CorpusHive.Load("yarp/NewDirtyHive2/NewDirtyHive", "yarp/NewDirtyHive2/NewDirtyHive.LOG1", "yarp/NewDirtyHive2/NewDirtyHive.LOG2");

        var result = HiveRecovery.Recover(hive.Primary, hive.Logs);

        Assert.NotNull(result);
        Assert.Equal(5u, result.LastSequence);
        Assert.Equal(3, result.EntriesApplied);
        Assert.Equal(["NewDirtyHive.LOG2"], result.LogsApplied);
        RecoveredImage.AssertWellFormed(result.Image, 5);
    }

    [Fact]
    public void SystemB_PartialReconcile_AppliesLogsStartingFarPastTheSecondarySequence()
    {
        // Primary 1622/1621 while LOG1 starts at 2107: eligibility is "at or after", not "equal".
        var hive = CorpusHive.Load("regipy/SYSTEM_B.xz", "regipy/SYSTEM_B.LOG1.xz", "regipy/SYSTEM_B.LOG2.xz");
        Assert.Equal(12_398_592u, BaseBlock.HiveBinsSize(hive.Primary));

        var result = HiveRecovery.Recover(hive.Primary, hive.Logs);

        Assert.NotNull(result);
        Assert.Equal(2130u, result.LastSequence);
        Assert.Equal(2130 - 2107 + 1, result.EntriesApplied);
        Assert.Equal(["SYSTEM_B.LOG1", "SYSTEM_B.LOG2"], result.LogsApplied);
        Assert.Equal(12_591_104u, RecoveredImage.HiveBinsSize(result.Image));
        Assert.Equal(BaseBlock.Size + 12_591_104, result.Image.Length);
        RecoveredImage.AssertWellFormed(result.Image, 2130);

        // The primary's KTM flag is carried from the entries (all of which have bit 0 set here).
        Assert.Equal(1u, BaseBlock.Flags(result.Image) & 1);
    }

    [Fact]
    public void TransactionsNtuser_LowerCaseLogs_UsesLog1Only()
    {
        // 567/566: log1 starts at 566 (eligible), log2 at 562 is older than the secondary (stale).
        var hive = CorpusHive.Load("regipy/transactions_NTUSER.DAT.xz", "regipy/transactions_ntuser.dat.log1.xz", "regipy/transactions_ntuser.dat.log2.xz");

        var result = HiveRecovery.Recover(hive.Primary, hive.Logs);

        Assert.NotNull(result);
        Assert.Equal(588u, result.LastSequence);
        Assert.Equal(588 - 566 + 1, result.EntriesApplied);
        Assert.Equal(["transactions_ntuser.dat.log1"], result.LogsApplied);
        Assert.Equal(925_696u, RecoveredImage.HiveBinsSize(result.Image));
        RecoveredImage.AssertWellFormed(result.Image, 588);
    }

    [Fact]
    public void UsrClass_Version13HiveWithNewFormatLogs_ChainsLog1IntoLog2()
    {
        var hive = CorpusHive.Load("regipy/UsrClass.dat.xz", "regipy/UsrClass.dat.LOG1.xz", "regipy/UsrClass.dat.LOG2.xz");
        Assert.Equal(3u, BaseBlock.MinorVersion(hive.Primary));

        var result = HiveRecovery.Recover(hive.Primary, hive.Logs);

        Assert.NotNull(result);
        Assert.Equal(300u, result.LastSequence);
        Assert.Equal(300 - 287 + 1, result.EntriesApplied);
        Assert.Equal(["UsrClass.dat.LOG1", "UsrClass.dat.LOG2"], result.LogsApplied);
        RecoveredImage.AssertWellFormed(result.Image, 300);
    }

    // BBI (39/38) is another partial reconcile: its logs start at 48. DEFAULT's LOG2 is the earlier
    // log and hands over to LOG1. Win11 SECURITY's LOG2 (114) is older than the secondary (115).
    [Theory]
    [InlineData("museum/Win11/BBI", 49u, 2, "BBI.LOG1,BBI.LOG2")]
    [InlineData("museum/Win11/DEFAULT", 107u, 4, "DEFAULT.LOG2,DEFAULT.LOG1")]
    [InlineData("museum/Win11/SECURITY", 115u, 1, "SECURITY.LOG1")]
    [InlineData("museum/Win10/SECURITY", 110u, 1, "SECURITY.LOG1")]
    public void Museum_DirtyHives_RecoverToCleanWellFormedImages(string primary, uint expectedLast, int expectedEntries, string expectedLogs)
    {
        string[] logs = primary.Contains("Win10", StringComparison.Ordinal) ? [primary + ".LOG1"] : [primary + ".LOG1", primary + ".LOG2"];
        var hive = CorpusHive.Load(primary, logs);
        Assert.True(HiveRecovery.IsDirty(hive.Primary));

        var result = HiveRecovery.Recover(hive.Primary, hive.Logs);

        Assert.NotNull(result);
        Assert.Equal(expectedLast, result.LastSequence);
        Assert.Equal(expectedEntries, result.EntriesApplied);
        Assert.Equal(expectedLogs, string.Join(',', result.LogsApplied));
        Assert.False(HiveRecovery.IsDirty(result.Image));
        RecoveredImage.AssertWellFormed(result.Image, expectedLast);
    }

    [Fact]
    public void Recover_DoesNotModifyItsInputs()
    {
        var hive = CorpusHive.Load("yarp/NewDirtyHive1/NewDirtyHive", "yarp/NewDirtyHive1/NewDirtyHive.LOG1", "yarp/NewDirtyHive1/NewDirtyHive.LOG2");
        var primaryCopy = (byte[])hive.Primary.Clone();
        var logCopies = hive.Logs.Select(l => (byte[])l.Data.Clone()).ToList();

        var result = HiveRecovery.Recover(hive.Primary, hive.Logs);

        Assert.NotNull(result);
        Assert.NotSame(hive.Primary, result.Image);
        Assert.Equal(primaryCopy, hive.Primary);
        for (int i = 0; i < logCopies.Count; i++)
        {
            Assert.Equal(logCopies[i], hive.Logs[i].Data);
        }
    }
}
