using OfflineRepair.Registry.Tests.Oracles;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Registry.Tests.Reading;

/// <summary>
/// Our whole-tree reading of every usable corpus hive equals libguestfs hivex's (python3-hivex):
/// key paths, value names, raw type numbers and data bytes, in stored order.
/// </summary>
public sealed class ReaderMatchesHivexTests
{
    /// <summary>Clean hives, including ones with stale logs beside them in the corpus (which must be ignored).</summary>
    public static TheoryData<string> CleanHives() =>
    [
        "regipy/SYSTEM.xz",
        "regipy/BCD.xz",
        "regipy/NTUSER.DAT.xz",
        "regipy/SAM.xz",
        "regipy/ntuser_software_partial.xz",
        "ezregistry/BCD",
        "ezregistry/SAM",
        "hivex/special",
        "yarp/BigDataHive",
        "yarp/EmptyHive",
        "yarp/ManySubkeysHive",
        "yarp/MultiSzHive",
        "yarp/UnicodeHive",
        "yarp/NewDirtyHive1/RecoveredHive_Windows10",
        "yarp/OldDirtyHive/RecoveredHive_Windows7",
        "winevt-kb/SYSTEM",
        "dfwinreg/NTUSER.DAT",
        "museum/Win11/SAM",
        "museum/Win11/BCD-Template",
    ];

    /// <summary>Dirty hives with their logs (copied beside the hive under these names, so Hive.Open finds them).</summary>
    public static TheoryData<string, string[]> ReplayableHives() => new()
    {
        { "regipy/SYSTEM_B.xz", ["regipy/SYSTEM_B.LOG1.xz", "regipy/SYSTEM_B.LOG2.xz"] },
        { "regipy/UsrClass.dat.xz", ["regipy/UsrClass.dat.LOG1.xz", "regipy/UsrClass.dat.LOG2.xz"] },
        { "regipy/transactions_NTUSER.DAT.xz", ["regipy/transactions_ntuser.dat.log1.xz", "regipy/transactions_ntuser.dat.log2.xz"] },
        { "museum/Win10/SECURITY", ["museum/Win10/SECURITY.LOG1"] },
        { "museum/Win11/BBI", ["museum/Win11/BBI.LOG1", "museum/Win11/BBI.LOG2"] },
        { "museum/Win11/DEFAULT", ["museum/Win11/DEFAULT.LOG1", "museum/Win11/DEFAULT.LOG2"] },
        { "museum/Win11/SECURITY", ["museum/Win11/SECURITY.LOG1", "museum/Win11/SECURITY.LOG2"] },
        { "yarp/NewDirtyHive1/NewDirtyHive", ["yarp/NewDirtyHive1/NewDirtyHive.LOG1", "yarp/NewDirtyHive1/NewDirtyHive.LOG2"] },
        { "yarp/NewDirtyHive2/NewDirtyHive", ["yarp/NewDirtyHive2/NewDirtyHive.LOG1", "yarp/NewDirtyHive2/NewDirtyHive.LOG2"] },
        { "yarp/OldDirtyHive/OldDirtyHive", ["yarp/OldDirtyHive/OldDirtyHive.LOG1", "yarp/OldDirtyHive/OldDirtyHive.LOG2"] },
    };

    /// <summary>Dirty hives the corpus has no logs for.</summary>
    public static TheoryData<string> DirtyHivesWithoutLogs() =>
    [
        "regipy/SYSTEM_WIN_10_1709.xz",
        "regipy/SECURITY.xz",
        "ezregistry/SECURITY",
    ];

    [Theory]
    [MemberData(nameof(CleanHives))]
    public void Clean_hive_reads_exactly_as_hivex_reads_it(string corpusFile)
    {
        var path = CorpusFiles.Path(corpusFile);
        var expected = HivexOracle.Dump(path);

        using var hive = Hive.Open(path);
        var ours = TreeDump.Of(hive);

        Assert.Equal(HiveState.Clean, hive.State);
        TreeDump.AssertSame(expected, ours, "hivex", "ours");
    }

    [Theory]
    [MemberData(nameof(ReplayableHives))]
    public void Dirty_hive_is_replayed_from_its_logs_and_reads_as_hivex_reads_the_replayed_bytes(string corpusFile, string[] logs)
    {
        using var folder = new TemporaryDirectory();
        var path = CorpusFiles.CopyTo(folder.Path, corpusFile, StripPacking(corpusFile));
        foreach (var log in logs)
        {
            CorpusFiles.CopyTo(folder.Path, log, StripPacking(log));
        }

        using var hive = Hive.Open(path);
        var ours = TreeDump.Of(hive);
        var replayed = hive.ToArray();

        Assert.Equal(HiveState.Replayed, hive.State);
        Assert.NotNull(hive.Recovery);
        // hivex does not replay logs: it reads the bytes our replay produced.
        TreeDump.AssertSame(HivexOracle.Dump(replayed), ours, "hivex on our replayed bytes", "ours");
    }

    [Theory]
    [MemberData(nameof(DirtyHivesWithoutLogs))]
    public void Dirty_hive_without_logs_is_refused_and_when_forced_reads_as_hivex_reads_it(string corpusFile)
    {
        using var folder = new TemporaryDirectory();
        var path = CorpusFiles.CopyTo(folder.Path, corpusFile, StripPacking(corpusFile));

        var refusal = Assert.Throws<DirtyHiveException>(() => Hive.Open(path));
        using var hive = Hive.Open(path, new HiveOpenOptions { ForceDirty = true });
        var ours = TreeDump.Of(hive);

        Assert.Equal(path, refusal.Hive);
        Assert.Equal(HiveState.ForcedDirty, hive.State);
        // hivex ignores the sequence numbers and reads the file as it is, as ForceDirty does.
        TreeDump.AssertSame(HivexOracle.Dump(path), ours, "hivex", "ours (forced)");
    }

    [Fact]
    public void Deliberately_corrupted_hive_fails_the_full_walk_with_a_format_error_or_reads_as_hivex_reads_it()
    {
        var path = CorpusFiles.Path("regipy/corrupted_system_hive.xz");

        List<string>? ours = null;
        HiveFormatException? error = null;
        try
        {
            using var hive = Hive.Open(path);
            ours = TreeDump.Of(hive);
        }
        catch (HiveFormatException e)
        {
            error = e;
        }

        if (error is not null)
        {
            TestContext.Current.TestOutputHelper?.WriteLine("our reader stops with: " + error.Message);
            Assert.False(string.IsNullOrEmpty(error.Structure));
            Assert.True(error.Offset is >= -1 and < 3444736 + 4096, $"offset 0x{error.Offset:X} of '{error.Message}' is outside the file");
            return;
        }

        var hivex = HivexOracle.TryDump(path);
        Assert.True(hivex.Succeeded, $"we read the deliberately corrupted hive to the end ({ours!.Count} lines) but hivex refuses it: {hivex.Error}");
        TreeDump.AssertSame(hivex.Lines, ours!, "hivex", "ours");
    }

    private static string StripPacking(string corpusFile)
    {
        var name = Path.GetFileName(corpusFile);
        return name.EndsWith(".xz", StringComparison.Ordinal) ? name[..^3] : name;
    }
}
