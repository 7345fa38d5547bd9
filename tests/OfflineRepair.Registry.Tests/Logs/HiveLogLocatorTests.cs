using OfflineRepair.Registry.Logs;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Registry.Tests.Logs;

public sealed class HiveLogLocatorTests
{
    [Fact]
    public void FindBeside_MatchesLogNamesInAnyCase_InLog1Log2LogOrder()
    {
        using var folder = new TemporaryDirectory();
        var hivePath = CorpusHive.CopyTo(folder.Path, "yarp/NewDirtyHive1/NewDirtyHive", "SYSTEM");
        CorpusHive.CopyTo(folder.Path, "yarp/NewDirtyHive1/NewDirtyHive.LOG2", "system.log2");
        CorpusHive.CopyTo(folder.Path, "yarp/NewDirtyHive1/NewDirtyHive.LOG1", "System.Log1");
        File.WriteAllBytes(folder.File("system.LOG"), []);
        File.WriteAllBytes(folder.File("SYSTEM.LOG3"), [1, 2, 3]);
        File.WriteAllBytes(folder.File("SYSTEM2.LOG1"), [1, 2, 3]);
        File.WriteAllBytes(folder.File("xSYSTEM.LOG1"), [1, 2, 3]);
        Directory.CreateDirectory(folder.File("SYSTEM.LOG2"));

        var logs = HiveLogLocator.FindBeside(hivePath);

        Assert.Equal(["System.Log1", "system.log2", "system.LOG"], logs.Select(l => l.Name));
        Assert.Equal(File.ReadAllBytes(CorpusHive.CorpusFile("yarp/NewDirtyHive1/NewDirtyHive.LOG1")), logs[0].Data);
        Assert.Empty(logs[2].Data);

        // Found this way, the logs recover the hive just as when passed by hand.
        var result = HiveRecovery.Recover(File.ReadAllBytes(hivePath), logs);
        Assert.NotNull(result);
        Assert.Equal(5u, result.LastSequence);
        Assert.Equal(["System.Log1", "system.log2"], result.LogsApplied);
    }

    [Fact]
    public void FindBeside_SeveralSpellingsOnACaseSensitiveFileSystem_ReturnsAllExactFirst()
    {
        using var folder = new TemporaryDirectory();
        var hivePath = CorpusHive.CopyTo(folder.Path, "yarp/NewDirtyHive1/NewDirtyHive", "SYSTEM");
        CorpusHive.CopyTo(folder.Path, "yarp/NewDirtyHive1/NewDirtyHive.LOG1", "system.log1");
        File.WriteAllBytes(folder.File("SYSTEM.LOG1"), []);
        if (new DirectoryInfo(folder.Path).GetFiles().Length < 3)
        {
            Assert.Skip("the temporary folder's file system ignores letter case");
        }

        CorpusHive.CopyTo(folder.Path, "yarp/NewDirtyHive1/NewDirtyHive.LOG2", "System.LOG2");

        var logs = HiveLogLocator.FindBeside(hivePath);

        Assert.Equal(["SYSTEM.LOG1", "system.log1", "System.LOG2"], logs.Select(l => l.Name));

        // The empty exact-case file is simply unusable; the real log beside it still counts.
        var result = HiveRecovery.Recover(File.ReadAllBytes(hivePath), logs);
        Assert.NotNull(result);
        Assert.Equal(["system.log1", "System.LOG2"], result.LogsApplied);
    }

    [Fact]
    public void FindBeside_LowerCaseLogsOfAMixedCaseHive()
    {
        using var folder = new TemporaryDirectory();
        var hivePath = CorpusHive.CopyTo(folder.Path, "regipy/transactions_NTUSER.DAT.xz");
        CorpusHive.CopyTo(folder.Path, "regipy/transactions_ntuser.dat.log1.xz");
        CorpusHive.CopyTo(folder.Path, "regipy/transactions_ntuser.dat.log2.xz");

        var logs = HiveLogLocator.FindBeside(hivePath);

        Assert.Equal(["transactions_ntuser.dat.log1", "transactions_ntuser.dat.log2"], logs.Select(l => l.Name));
        Assert.Equal(588u, HiveRecovery.Recover(File.ReadAllBytes(hivePath), logs)?.LastSequence);
    }

    [Fact]
    public void FindBeside_MissingFolderOrNoLogs_GivesAnEmptyList()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllBytes(folder.File("SOFTWARE"), new byte[8192]);

        Assert.Empty(HiveLogLocator.FindBeside(folder.File("SOFTWARE")));
        Assert.Empty(HiveLogLocator.FindBeside(Path.Combine(folder.Path, "no-such-folder", "SYSTEM")));
    }
}
