using System.Security.Cryptography;
using OfflineRepair.Registry.Checking;
using OfflineRepair.Registry.Tests.Commit;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Registry.Tests.Logs;

public sealed class CommitAfterReplayTests
{
    [Fact]
    public void A_commit_after_replay_writes_the_replayed_and_edited_state_as_a_clean_hive_and_leaves_the_logs()
    {
        using var dir = new TemporaryDirectory();
        var hivePath = CorpusHive.CopyTo(dir.Path, "regipy/SYSTEM_B.xz", "SYSTEM");
        var log1 = CorpusHive.CopyTo(dir.Path, "regipy/SYSTEM_B.LOG1.xz", "SYSTEM.LOG1");
        var log2 = CorpusHive.CopyTo(dir.Path, "regipy/SYSTEM_B.LOG2.xz", "SYSTEM.LOG2");
        var logHashes = new[] { log1, log2 }.Select(p => SHA256.HashData(File.ReadAllBytes(p))).ToList();

        string replayedDump;
        using (var hive = Hive.Open(hivePath, new HiveOpenOptions { Writable = true }))
        {
            Assert.Equal(HiveState.Replayed, hive.State);
            Assert.Equal(2130u, hive.Recovery!.LastSequence);
            hive.OpenKey(@"ControlSet001\Control\CrashControl")!.SetValue("CrashDumpEnabled", RegistryValueType.DWord, RegistryData.DWord(7));
            replayedDump = Dump(hive);
            var result = hive.Commit();
            Assert.Equal(2131u, result.Sequence);
        }

        using var reopened = Hive.Open(hivePath);
        Assert.Equal(HiveState.Clean, reopened.State);
        Assert.Equal(2131u, reopened.PrimarySequence);
        Assert.Equal(2131u, reopened.SecondarySequence);
        Assert.Equal(12_591_104, reopened.HiveBinsSize);
        Assert.Equal(7u, reopened.OpenKey(@"ControlSet001\Control\CrashControl")!.GetValue("CrashDumpEnabled")!.AsUInt32());
        Assert.Equal(replayedDump, Dump(reopened));
        Assert.True(HiveChecker.Check(reopened).IsSound, HiveChecker.Check(reopened).ToString());
        Assert.Equal(logHashes, new[] { log1, log2 }.Select(p => SHA256.HashData(File.ReadAllBytes(p))).ToList());
    }

    [Fact]
    public void Opening_a_dirty_hive_and_committing_nothing_writes_nothing()
    {
        using var dir = new TemporaryDirectory();
        var hivePath = CorpusHive.CopyTo(dir.Path, "yarp/NewDirtyHive1/NewDirtyHive");
        CorpusHive.CopyTo(dir.Path, "yarp/NewDirtyHive1/NewDirtyHive.LOG1");
        CorpusHive.CopyTo(dir.Path, "yarp/NewDirtyHive1/NewDirtyHive.LOG2");
        var before = SHA256.HashData(File.ReadAllBytes(hivePath));

        using (var hive = Hive.Open(hivePath, new HiveOpenOptions { Writable = true }))
        {
            Assert.Equal(HiveState.Replayed, hive.State);
            Assert.False(hive.HasUncommittedChanges);
            Assert.Equal(CommitResult.Nothing, hive.Commit());
        }

        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(hivePath)));
    }

    [Fact]
    public void A_dirty_hive_without_logs_is_refused_and_forcing_it_then_committing_marks_it_clean()
    {
        using var dir = new TemporaryDirectory();
        var hivePath = Corpus.CopyTo(dir.Path, "ezregistry/SECURITY");

        var refusal = Assert.Throws<DirtyHiveException>(() => Hive.Open(hivePath, new HiveOpenOptions { Writable = true }));
        Assert.Contains("347/346", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("--force-dirty", refusal.Message, StringComparison.Ordinal);

        using (var hive = Hive.Open(hivePath, new HiveOpenOptions { Writable = true, ForceDirty = true }))
        {
            Assert.Equal(HiveState.ForcedDirty, hive.State);
            hive.Root.SetValue("Marker", RegistryValueType.DWord, RegistryData.DWord(1));
            hive.Commit();
        }

        using var reopened = Hive.Open(hivePath);
        Assert.Equal(HiveState.Clean, reopened.State);
        Assert.Equal(348u, reopened.PrimarySequence);
        Assert.Equal(1u, reopened.Root.GetValue("marker")!.AsUInt32());
    }

    private static string Dump(Hive hive) => TreeDump.Of(hive);
}
