using OfflineRepair.Registry.Cells;
using OfflineRepair.Registry.Checking;
using OfflineRepair.Registry.Names;

namespace OfflineRepair.Registry.Tests.Tree;

public sealed class SubkeyIndexTests
{
    private static Hive NewHive(uint minor) =>
        Hive.Open(new MemoryStream(EmptyHive.Create("ROOT", minor, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc))), "test", options: new HiveOpenOptions { Writable = true });

    private static ushort RootListKind(Hive hive, RegistryKey key)
    {
        var nk = hive.Image.Cell(key.Cell, "key node");
        return SubkeyList.Kind(hive.Image.Cell(KeyNode.SubkeyList(nk), "list"));
    }

    [Theory]
    [InlineData(5u, SubkeyList.HashLeaf)]
    [InlineData(6u, SubkeyList.HashLeaf)]
    [InlineData(4u, SubkeyList.FastLeaf)]
    [InlineData(3u, SubkeyList.FastLeaf)]
    public void A_new_list_has_the_kind_Windows_uses_for_the_hive_version(uint minor, ushort expected)
    {
        using var hive = NewHive(minor);
        var key = hive.Root.CreateSubkey("Parent");
        key.CreateSubkey("Child");

        Assert.Equal(expected, RootListKind(hive, key));
    }

    [Fact]
    public void A_full_leaf_splits_under_an_index_root_and_stays_sorted()
    {
        using var hive = NewHive(5);
        var parent = hive.Root.CreateSubkey("Many");
        var names = Enumerable.Range(0, SubkeyList.MaxLeafEntries + 1).Select(i => $"K{(i * 7919) % 10007:D5}").ToList();
        foreach (var name in names)
        {
            parent.CreateSubkey(name);
        }

        Assert.Equal(SubkeyList.IndexRoot, RootListKind(hive, parent));
        var stored = parent.GetSubkeys().Select(k => k.Name).ToList();
        Assert.Equal(names.Order(RegistryNameComparer.Instance), stored);
        Assert.True(HiveChecker.Check(hive).IsSound, HiveChecker.Check(hive).ToString());
    }

    [Fact]
    public void Inserting_into_an_index_root_keeps_order_across_leaves_and_splits_again()
    {
        using var hive = NewHive(5);
        var parent = hive.Root.CreateSubkey("Many");
        for (int i = 0; i < 1600; i++)
        {
            parent.CreateSubkey($"N{i:D4}");
        }

        // Names that land before, between and after the existing leaves.
        foreach (var name in new[] { "A", "N0500a", "N1000_", "Zzz", "N0000!" })
        {
            parent.CreateSubkey(name);
        }

        var report = HiveChecker.Check(hive);
        Assert.True(report.IsSound, report.ToString());
        Assert.Empty(report.Warnings);
        Assert.Equal(1605, parent.SubkeyCount);
        Assert.NotNull(parent.OpenSubkey("n0500A"));
    }

    [Fact]
    public void Deleting_every_subkey_frees_the_lists_and_leaves_no_unreachable_cells()
    {
        using var hive = NewHive(5);
        var parent = hive.Root.CreateSubkey("Many");
        for (int i = 0; i < 700; i++)
        {
            parent.CreateSubkey($"N{i:D4}").SetValue("v", RegistryValueType.DWord, RegistryData.DWord((uint)i));
        }

        for (int i = 699; i >= 0; i -= 1)
        {
            Assert.True(parent.DeleteSubkeyTree($"n{i:D4}"));
        }

        var report = HiveChecker.Check(hive);
        Assert.True(report.IsSound, report.ToString());
        Assert.Empty(report.UnreachableCells);
        Assert.Equal(0, parent.SubkeyCount);
        Assert.Empty(parent.GetSubkeys());
    }

    [Fact]
    public void Names_that_differ_only_under_dotnet_casing_are_distinct_keys()
    {
        using var hive = NewHive(5);
        hive.Root.CreateSubkey("\u00B5"); // micro sign: Windows does not fold it to Greek capital mu
        hive.Root.CreateSubkey("\u039C");
        hive.Root.CreateSubkey("\u00FF"); // y with diaeresis: Windows folds it to U+0178

        Assert.Equal(3, hive.Root.SubkeyCount);
        Assert.Equal("\u00FF", hive.Root.CreateSubkey("\u0178").Name);
        Assert.Equal(3, hive.Root.SubkeyCount);
        Assert.True(HiveChecker.Check(hive).IsSound);
    }
}
