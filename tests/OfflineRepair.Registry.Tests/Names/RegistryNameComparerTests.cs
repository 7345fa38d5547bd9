using OfflineRepair.Registry.Names;
using OfflineRepair.Registry.Tests.Oracles;

namespace OfflineRepair.Registry.Tests.Names;

/// <summary>Name comparison and lh hashes as Windows computes them, checked on real hives.</summary>
public sealed class RegistryNameComparerTests
{
    [Fact]
    public void Micro_sign_and_capital_mu_are_different_names_though_OrdinalIgnoreCase_calls_them_equal()
    {
        Assert.Equal(0, string.Compare("µ", "Μ", StringComparison.OrdinalIgnoreCase));
        Assert.False(RegistryNameComparer.NamesEqual("µ", "Μ"));
        Assert.False(RegistryNameComparer.Instance.Equals("Kµ", "KΜ"));
        Assert.True(RegistryNameComparer.CompareNames("µ", "Μ") < 0);
        Assert.NotEqual(RegistryNameComparer.LhHash("µ"), RegistryNameComparer.LhHash("Μ"));
    }

    [Fact]
    public void Surrogate_pairs_are_compared_unfolded_though_OrdinalIgnoreCase_folds_them()
    {
        const string deseretCapital = "\U00010410";
        const string deseretSmall = "\U00010438";

        Assert.Equal(0, string.Compare(deseretCapital, deseretSmall, StringComparison.OrdinalIgnoreCase));
        Assert.False(RegistryNameComparer.NamesEqual(deseretCapital, deseretSmall));
    }

    [Theory]
    [InlineData("ÿ", "Ÿ")]
    [InlineData("μ", "Μ")]
    [InlineData("straße", "STRAßE")]
    [InlineData("ключ", "КЛЮЧ")]
    [InlineData("ControlSet001", "CONTROLSET001")]
    public void Names_that_differ_only_by_Windows_case_are_equal_with_equal_hashes(string left, string right)
    {
        Assert.True(RegistryNameComparer.NamesEqual(left, right));
        Assert.Equal(0, RegistryNameComparer.Instance.Compare(left, right));
        Assert.Equal(RegistryNameComparer.Instance.GetHashCode(left), RegistryNameComparer.Instance.GetHashCode(right));
        Assert.Equal(WindowsNames.LhHash(left), RegistryNameComparer.LhHash(right));
    }

    [Theory]
    [InlineData("a", "Z")]
    [InlineData("Z", "[")]
    [InlineData("Z", "_")]
    [InlineData("z", "`")]
    [InlineData("ab", "abc")]
    [InlineData("µ", "ÿ")]
    [InlineData("ÿ", "Μ")]
    public void Names_sort_by_their_Windows_uppercase_code_units_shorter_prefix_first(string first, string second)
    {
        Assert.True(RegistryNameComparer.CompareNames(first, second) < 0);
        Assert.True(RegistryNameComparer.CompareNames(second, first) > 0);
        Assert.Equal(Math.Sign(WindowsNames.Compare(first, second)), Math.Sign(RegistryNameComparer.CompareNames(first, second)));
    }

    public static TheoryData<string> CleanHives() =>
    [
        "regipy/SYSTEM.xz",
        "winevt-kb/SYSTEM",
        "regipy/NTUSER.DAT.xz",
        "regipy/BCD.xz",
        "regipy/ntuser_software_partial.xz",
        "ezregistry/BCD",
        "hivex/special",
        "yarp/ManySubkeysHive",
        "yarp/UnicodeHive",
        "museum/Win11/SAM",
        "dfwinreg/NTUSER.DAT",
    ];

    [Theory]
    [MemberData(nameof(CleanHives))]
    public void Every_stored_lh_hash_lf_hint_and_list_order_in_a_Windows_hive_matches_Windows_rules(string corpusFile)
    {
        using var hive = Hive.Open(CorpusFiles.Path(corpusFile));
        int lhEntries = 0;
        int lfEntries = 0;
        int pairs = 0;
        var wrong = new List<string>();
        foreach (var key in hive.EnumerateTree())
        {
            var entries = HiveInternals.LeafEntries(key);
            for (int i = 0; i < entries.Count; i++)
            {
                var (kind, name, extra) = entries[i];
                if (kind == "lh")
                {
                    lhEntries++;
                    if (extra != RegistryNameComparer.LhHash(name) || extra != WindowsNames.LhHash(name))
                    {
                        wrong.Add($"lh hash 0x{extra:X8} of {key.Path}\\{name}: ours 0x{RegistryNameComparer.LhHash(name):X8}, from the Windows table 0x{WindowsNames.LhHash(name):X8}");
                    }
                }
                else if (kind == "lf")
                {
                    lfEntries++;
                    if (!HintMatches(extra, name))
                    {
                        wrong.Add($"lf hint 0x{extra:X8} of {key.Path}\\{name}");
                    }
                }

                if (i > 0)
                {
                    pairs++;
                    if (WindowsNames.Compare(entries[i - 1].ChildName, name) >= 0 || RegistryNameComparer.CompareNames(entries[i - 1].ChildName, name) >= 0)
                    {
                        wrong.Add($"{key.Path}: '{entries[i - 1].ChildName}' stored before '{name}'");
                    }
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(20)));
        Assert.True(lhEntries + lfEntries + pairs > 0 || hive.Root.SubkeyCount == 1, "the hive should have subkey lists to check");
        Assert.True(hive.MinorVersion >= 5 || lhEntries == 0, "lh lists only in hives of minor version 5 and later");
        TestContext.Current.TestOutputHelper?.WriteLine($"{corpusFile}: {lhEntries} lh hashes, {lfEntries} lf hints, {pairs} ordered pairs checked");
    }

    /// <summary>The lf hint: the first four characters as stored (0 above U+00FF, 0-padded), compared case-insensitively as Windows does.</summary>
    private static bool HintMatches(uint hint, string name)
    {
        for (int i = 0; i < 4; i++)
        {
            char stored = (char)((hint >> (8 * i)) & 0xFF);
            char expected = i < name.Length && name[i] <= 0xFF ? name[i] : '\0';
            if (WindowsNames.Upcase(stored) != WindowsNames.Upcase(expected))
            {
                return false;
            }
        }

        return true;
    }
}
