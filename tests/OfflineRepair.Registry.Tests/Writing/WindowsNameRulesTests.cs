using OfflineRepair.Registry.Checking;
using OfflineRepair.Registry.Tests.Oracles;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Registry.Tests.Writing;

/// <summary>
/// Key names that need Windows' own uppercase table: 'µ' (U+00B5) and 'Μ' (U+039C) are different
/// names to Windows although .NET folds them together, 'ÿ' (U+00FF) and 'Ÿ' (U+0178) are the same
/// name; and punctuation between 'Z' and 'a' sorts after the letters. Checked by our lookup, the
/// checker's order rule and the order hivex reads back.
/// </summary>
public sealed class WindowsNameRulesTests
{
    public static TheoryData<string> Hives() => ["new v1.5", "new v1.3", "yarp/UnicodeHive", "regipy/BCD.xz"];

    [Theory]
    [MemberData(nameof(Hives))]
    public void Micro_sign_and_capital_mu_are_two_keys_while_y_diaeresis_and_its_capital_are_one(string source)
    {
        using var folder = new TemporaryDirectory();
        var path = MakeHive(folder, source);
        using (var hive = Hive.Open(path, new HiveOpenOptions { Writable = true }))
        {
            var parent = hive.Root.CreateSubkey("names");
            var micro = parent.CreateSubkey("µ");
            var capitalMu = parent.CreateSubkey("Μ");
            var yDiaeresis = parent.CreateSubkey("ÿ");
            var capitalYDiaeresis = parent.CreateSubkey("Ÿ");

            Assert.NotEqual(micro.Cell, capitalMu.Cell);
            Assert.Equal(yDiaeresis.Cell, capitalYDiaeresis.Cell);
            Assert.Equal("ÿ", capitalYDiaeresis.Name);
            Assert.Equal("Μ", parent.OpenSubkey("μ")!.Name); // Greek small mu folds to capital mu
            Assert.Equal(3, parent.SubkeyCount);
            hive.Commit();
        }

        using var written = Hive.Open(path);
        var names = written.OpenKey("names")!;
        Assert.Equal("µ", names.OpenSubkey("µ")!.Name);
        Assert.Equal("Μ", names.OpenSubkey("Μ")!.Name);
        Assert.Equal("ÿ", names.OpenSubkey("Ÿ")!.Name);
        Assert.Equal(["µ", "ÿ", "Μ"], names.GetSubkeys().Select(k => k.Name)); // upcased: 00B5 < 0178 < 039C
        Assert.Equal(["µ", "ÿ", "Μ"], HivexChildren(path, "names"));
        var report = HiveChecker.Check(written);
        Assert.True(report.IsSound, report.ToString());
    }

    [Theory]
    [MemberData(nameof(Hives))]
    public void Punctuation_between_Z_and_a_sorts_after_the_letters_as_Windows_uppercases(string source)
    {
        string[] created = ["`", "_", "b", "^", "]", "Y", "[", "Z", "a", "z_", "Z[", "za"];
        string[] windowsOrder = ["a", "b", "Y", "Z", "za", "Z[", "z_", "[", "]", "^", "_", "`"];
        using var folder = new TemporaryDirectory();
        var path = MakeHive(folder, source);
        using (var hive = Hive.Open(path, new HiveOpenOptions { Writable = true }))
        {
            var parent = hive.Root.CreateSubkey("order");
            foreach (var name in created)
            {
                parent.CreateSubkey(name);
            }

            hive.Commit();
        }

        using var written = Hive.Open(path);
        var order = written.OpenKey("order")!;
        Assert.Equal(windowsOrder, order.GetSubkeys().Select(k => k.Name));
        Assert.Equal(windowsOrder, HivexChildren(path, "order"));
        Assert.Equal(windowsOrder, created.Order(Comparer<string>.Create(WindowsNames.Compare)));
        // strcasecmp's lower-casing order (hivex before 2021, RHBZ 1648520) puts "[" before "a": Windows would not find such keys.
        Assert.NotEqual(windowsOrder, created.Order(Comparer<string>.Create((x, y) => string.CompareOrdinal(x.ToLowerInvariant(), y.ToLowerInvariant()))));
        foreach (var name in created)
        {
            Assert.Equal(name, order.OpenSubkey(name)!.Name);
        }

        var report = HiveChecker.Check(written);
        Assert.True(report.IsSound, report.ToString());
    }

    private static string MakeHive(TemporaryDirectory folder, string source)
    {
        var path = folder.File("hive");
        switch (source)
        {
            case "new v1.5":
                File.WriteAllBytes(path, EmptyHive.Create("ROOT", 5));
                return path;
            case "new v1.3":
                File.WriteAllBytes(path, EmptyHive.Create("ROOT", 3));
                return path;
            default:
                return CorpusFiles.CopyTo(folder.Path, source, "hive");
        }
    }

    /// <summary>The names of a root-level key's children in the order hivex returns them (stored order).</summary>
    private static List<string> HivexChildren(string path, string keyName)
    {
        var prefix = "K " + TreeDump.EncodeName(keyName) + "\\";
        return HivexOracle.Dump(path)
            .Where(l => l.StartsWith(prefix, StringComparison.Ordinal) && !l[prefix.Length..].Contains('\\', StringComparison.Ordinal))
            .Select(l => TreeDump.DecodeName(l[prefix.Length..]))
            .ToList();
    }
}
