using OfflineRepair.Registry;
using OfflineRepair.Targets;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Targets;

public sealed class HiveContentTests
{
    [Theory]
    [InlineData("regipy/SYSTEM.xz", HiveFileKind.System)]
    [InlineData("winevt-kb/SYSTEM", HiveFileKind.System)]
    [InlineData("regipy/SYSTEM_WIN_10_1709.xz", HiveFileKind.System)]
    [InlineData("ezregistry/BCD", HiveFileKind.Bcd)]
    [InlineData("regipy/BCD.xz", HiveFileKind.Bcd)]
    [InlineData("dfwinreg/NTUSER.DAT", HiveFileKind.Unknown)]
    [InlineData("ezregistry/SAM", HiveFileKind.Unknown)]
    public void Corpus_hives_are_told_by_their_keys(string corpusFile, HiveFileKind expected)
    {
        Assert.Equal(expected, HiveContent.DetectFile(Corpus.File(corpusFile)));
    }

    [Fact]
    public void A_SOFTWARE_hive_is_told_by_Microsoft_Windows_NT_CurrentVersion_or_by_Microsoft_and_Classes()
    {
        using var byVersion = Hive.Load(EmptyHive.Create("ROOT"), options: new HiveOpenOptions());
        Assert.Equal(HiveFileKind.Unknown, HiveContent.Detect(byVersion));

        using var dir = new TemporaryDirectory();
        var file = dir.File("soft");
        File.WriteAllBytes(file, EmptyHive.Create("ROOT"));
        using (var hive = Hive.Open(file, new HiveOpenOptions { Writable = true }))
        {
            hive.Root.CreateKey("Microsoft");
            hive.Root.CreateKey("Classes");
            hive.Commit();
        }

        Assert.Equal(HiveFileKind.Software, HiveContent.DetectFile(file));
    }
}
