using OfflineRepair.Registry.Checking;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Registry.Tests.Checking;

public sealed class HiveCheckerTests
{
    public static TheoryData<string> CleanCorpusHives() =>
    [
        "regipy/SYSTEM.xz",
        "regipy/BCD.xz",
        "regipy/NTUSER.DAT.xz",
        "regipy/SAM.xz",
        "ezregistry/BCD",
        "ezregistry/SAM",
        "hivex/special",
        "yarp/BigDataHive",
        "yarp/EmptyHive",
        "yarp/ManySubkeysHive",
        "yarp/MultiSzHive",
        "yarp/UnicodeHive",
        "winevt-kb/SYSTEM",
        "dfwinreg/NTUSER.DAT",
        "museum/Win11/SAM",
        "museum/Win11/BCD-Template",
    ];

    [Theory]
    [MemberData(nameof(CleanCorpusHives))]
    public void Windows_made_hives_keep_every_rule(string corpusFile)
    {
        using var hive = Hive.Load(File.ReadAllBytes(Corpus.File(corpusFile)), corpusFile);

        var report = HiveChecker.Check(hive);

        Assert.True(report.IsSound, report.ToString());
        Assert.True(report.Keys > 0);
    }

    [Fact]
    public void A_misordered_leaf_is_reported()
    {
        var bytes = File.ReadAllBytes(Corpus.File("yarp/ManySubkeysHive"));
        using var clean = Hive.Load(bytes);
        var parent = clean.Root.GetSubkeys().First(k => k.SubkeyCount > 2);
        var children = parent.GetSubkeys();

        // Swap the first two entries of the first leaf in place: every structure stays valid but the order.
        int leafFileOffset = 4096 + (int)FirstLeafOf(bytes, parent);
        var first = bytes.AsSpan(leafFileOffset + 4 + 4, 8).ToArray();
        bytes.AsSpan(leafFileOffset + 4 + 12, 8).CopyTo(bytes.AsSpan(leafFileOffset + 4 + 4));
        first.CopyTo(bytes.AsSpan(leafFileOffset + 4 + 12));

        using var broken = Hive.Load(bytes);
        var report = HiveChecker.Check(broken);

        Assert.False(report.IsSound);
        Assert.Contains(report.Problems, p => p.Contains("out of Windows order", StringComparison.Ordinal) && p.Contains(children[0].Name, StringComparison.Ordinal));
    }

    private static uint FirstLeafOf(byte[] file, RegistryKey key)
    {
        int nk = 4096 + (int)key.Cell + 4;
        uint list = BitConverter.ToUInt32(file, nk + 28);
        int listData = 4096 + (int)list + 4;
        bool indexRoot = file[listData] == (byte)'r' && file[listData + 1] == (byte)'i';
        return indexRoot ? BitConverter.ToUInt32(file, listData + 4) : list;
    }
}
