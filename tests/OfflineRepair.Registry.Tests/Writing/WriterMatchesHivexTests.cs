using OfflineRepair.Registry.Checking;
using OfflineRepair.Registry.Tests.Oracles;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Registry.Tests.Writing;

/// <summary>
/// Edits committed to copies of real Windows hives: afterwards hivex (python3-hivex) and our reader
/// both see exactly the original tree plus the edits, the checker finds no problem and no new
/// warning or unreferenced cell, and the sequence numbers are equal and one higher.
/// </summary>
public sealed class WriterMatchesHivexTests
{
    [Fact]
    public void Edits_to_regipy_SYSTEM_v1_5_with_lh_and_ri_lists_are_what_hivex_reads_back()
    {
        int expectedFreedSecurity = 0;
        EditAndVerify("regipy/SYSTEM.xz", h =>
        {
            string edits = EditCatalogue.Apply(h, @"ControlSet001\Services");

            // Values of the original hive: replace one, delete one.
            h.SetValue("Select", "Current", (uint)RegistryValueType.DWord, RegistryData.DWord(1));
            Assert.True(h.DeleteValue("Select", "Failed"));

            // CriticalDeviceDatabase is an ri of full lh leaves (507, ..., 13): inserts at the start,
            // in the middle and at the end split leaves and change the ri.
            const string ri = @"ControlSet001\Control\CriticalDeviceDatabase";
            Assert.Equal("ri", HiveInternals.SubkeyListShape(h.Hive.OpenKey(ri)!).Kind);
            for (int i = 0; i < 40; i++)
            {
                h.CreateKey($@"{ri}\!OfflineRepair first {i:D2}");
                h.CreateKey($@"{ri}\PCI#VEN_8086&DEV_7111 OfflineRepair middle {i:D2}");
                h.CreateKey($@"{ri}\~OfflineRepair last {i:D2}");
            }

            // A key holding the last reference to its security cell (unlinked and freed with it),
            // and a whole control set (deleted across an ri).
            var privateKey = HiveInternals.KeyWithPrivateSecurity(h.Hive, 50);
            Assert.NotNull(privateKey);
            var controlSet2 = h.Hive.OpenKey("ControlSet002")!;
            expectedFreedSecurity = HiveInternals.SecurityCellsFreedByDeleting(privateKey.Value.Key, controlSet2);
            Assert.True(expectedFreedSecurity >= 1);
            Assert.True(h.DeleteKeyTree(privateKey.Value.Key.Path));
            Assert.True(h.DeleteKeyTree("controlset002"));
            return edits;
        },
        (written, after) =>
        {
            Assert.Equal(193 - expectedFreedSecurity, after.SecurityCells);
            var riShape = HiveInternals.SubkeyListShape(written.OpenKey(@"ControlSet001\Control\CriticalDeviceDatabase")!);
            Assert.Equal("ri", riShape.Kind);
            Assert.All(riShape.Leaves, leaf => Assert.InRange(leaf.Count, 1, 507));
            Assert.True(riShape.Leaves.Count > 6, $"inserts into full leaves should have split them: {riShape.Leaves.Count} leaves");
        });
    }

    [Fact]
    public void Edits_to_regipy_BCD_v1_3_with_lf_lists_are_what_hivex_reads_back()
    {
        int expectedFreedSecurity = 0;
        EditAndVerify("regipy/BCD.xz", h =>
        {
            var objects = h.Hive.OpenKey("Objects")!.GetSubkeys();
            string edits = EditCatalogue.Apply(h, "Objects");
            Assert.True(h.DeleteKeyTree(@"Objects\" + objects[0].Name.ToLowerInvariant()));
            h.SetValue(@"Objects\" + objects[1].Name + @"\Description", "Type", (uint)RegistryValueType.DWord, RegistryData.DWord(0x10200003));

            var privateKey = HiveInternals.KeyWithPrivateSecurity(h.Hive, 50);
            Assert.NotNull(privateKey);
            expectedFreedSecurity = HiveInternals.SecurityCellsFreedByDeleting(privateKey.Value.Key);
            Assert.True(h.DeleteKeyTree(privateKey.Value.Key.Path));
            return edits;
        },
        (_, after) => Assert.Equal(2 - expectedFreedSecurity, after.SecurityCells));
    }

    [Fact]
    public void Edits_to_yarp_ManySubkeysHive_ri_of_li_leaves_split_and_drop_leaves_as_hivex_reads_back()
    {
        const string parent = "key_with_many_subkeys";
        EditAndVerify("yarp/ManySubkeysHive", h =>
        {
            var before = HiveInternals.SubkeyListShape(h.Hive.OpenKey(parent)!);
            Assert.Equal("ri", before.Kind);
            var children = h.Hive.OpenKey(parent)!.GetSubkeys();
            Assert.Equal(5000, children.Count);

            // Empty the whole second leaf (it leaves the ri), and delete the first and last keys.
            int secondLeafStart = before.Leaves[0].Count;
            foreach (var child in children.Skip(secondLeafStart).Take(before.Leaves[1].Count))
            {
                Assert.True(h.DeleteKeyTree($@"{parent}\{child.Name}"));
            }

            Assert.True(h.DeleteKeyTree($@"{parent}\{children[0].Name}"));
            Assert.True(h.DeleteKeyTree($@"{parent}\{children[^1].Name}"));

            // 600 inserts: before every name, in the middle of one leaf, after every name.
            for (int i = 0; i < 200; i++)
            {
                h.CreateKey($@"{parent}\0 first {i:D3}");
                h.CreateKey($@"{parent}\2500 middle {i:D3}");
                h.CreateKey($@"{parent}\x last {i:D3}");
            }

            // Characters between 'Z' and 'a' sort after letters under Windows' uppercase rule.
            foreach (var name in new[] { "9_", "9[", "9]", "9^", "9`", "9a", "9Z", "9z", "9{", "9~" })
            {
                h.CreateKey($@"{parent}\{name}");
            }

            return EditCatalogue.Apply(h, "");
        },
        (written, _) =>
        {
            var shape = HiveInternals.SubkeyListShape(written.OpenKey(parent)!);
            Assert.Equal("ri", shape.Kind);
            Assert.Equal(5000 - 506 - 2 + 600 + 9, shape.Leaves.Sum(l => l.Count));
            Assert.All(shape.Leaves, leaf => Assert.Equal("li", leaf.Kind));
            // Every leaf the writer made holds 1 to 507 entries; only Windows' own 951-entry leaf, untouched, is bigger.
            Assert.Equal([951], shape.Leaves.Where(leaf => leaf.Count > 507).Select(leaf => leaf.Count));
            Assert.All(shape.Leaves, leaf => Assert.True(leaf.Count >= 1));
            Assert.True(shape.Leaves.Count >= 10, $"600 inserts into full leaves should split some: {shape.Leaves.Count} leaves");
        });
    }

    [Fact]
    public void Edits_to_yarp_BigDataHive_v1_5_db_values_are_what_hivex_reads_back()
    {
        const string key = "key_with_bigdata";
        EditAndVerify("yarp/BigDataHive", h =>
        {
            Assert.Equal("db", HiveInternals.ValueStorage(h.Hive.OpenKey(key)!, "v"));
            h.SetValue(key, "v", (uint)RegistryValueType.Binary, EditCatalogue.Bytes(16344, 1)); // db -> one cell
            h.SetValue(key, "", (uint)RegistryValueType.String, RegistryData.String("small now")); // db -> cell
            h.SetValue(key, "bigger", (uint)RegistryValueType.Binary, EditCatalogue.Bytes(200000, 2));
            h.SetValue(key, "bigger", (uint)RegistryValueType.Binary, EditCatalogue.Bytes(100000, 3)); // db -> fewer segments
            h.SetValue(key, "doomed", (uint)RegistryValueType.Binary, EditCatalogue.Bytes(81725, 4));
            Assert.True(h.DeleteValue(key, "doomed"));
            return EditCatalogue.Apply(h, "");
        },
        (written, _) =>
        {
            var bigData = written.OpenKey(key)!;
            Assert.Equal("cell", HiveInternals.ValueStorage(bigData, "v"));
            Assert.Equal("db", HiveInternals.ValueStorage(bigData, "bigger"));
        });
    }

    [Fact]
    public void Edits_to_yarp_UnicodeHive_Cyrillic_names_are_what_hivex_reads_back()
    {
        int expectedFreedSecurity = 0;
        EditAndVerify("yarp/UnicodeHive", h =>
        {
            // Cyrillic letters fold under Windows' table: these open the existing keys.
            var existing = h.CreateKey(@"ПРИВЕТ\КЛЮЧ");
            Assert.Equal(@"Привет\Ключ", existing.Path);
            h.CreateKey(@"привет\Ёлка");
            Assert.Equal("Ёлка", h.CreateKey(@"Привет\ёлка").Name);
            h.SetValue(@"Привет\ключ", "значение", (uint)RegistryValueType.String, RegistryData.String("да"));
            string edits = EditCatalogue.Apply(h, "Новый ключ");

            var privateKey = HiveInternals.KeyWithPrivateSecurity(h.Hive, 50);
            Assert.NotNull(privateKey);
            Assert.Equal("Привет", privateKey.Value.Key.Path);
            expectedFreedSecurity = HiveInternals.SecurityCellsFreedByDeleting(privateKey.Value.Key);
            Assert.True(h.DeleteKeyTree("ПРИВЕТ"));
            return edits;
        },
        (_, after) =>
        {
            Assert.Equal(1, expectedFreedSecurity);
            Assert.Equal(1, after.SecurityCells);
        });
    }

    [Fact]
    public void A_second_commit_advances_both_sequence_numbers_by_one_again()
    {
        using var folder = new TemporaryDirectory();
        var path = CorpusFiles.CopyTo(folder.Path, "yarp/EmptyHive", "hive");

        uint first;
        uint second;
        using (var hive = Hive.Open(path, new HiveOpenOptions { Writable = true }))
        {
            uint start = hive.PrimarySequence;
            hive.Root.CreateSubkey("one");
            first = hive.Commit().Sequence;
            Assert.Same(CommitResult.Nothing, hive.Commit());
            hive.Root.CreateSubkey("two").SetValue("v", RegistryValueType.DWord, RegistryData.DWord(2));
            second = hive.Commit().Sequence;
            Assert.Equal(start + 1, first);
        }

        using var written = Hive.Open(path);
        Assert.Equal(first + 1, second);
        Assert.Equal(second, written.PrimarySequence);
        Assert.Equal(second, written.SecondarySequence);
        Assert.Equal(["one", "two"], HivexOracle.Dump(path).Where(l => l.StartsWith("K ", StringComparison.Ordinal) && l.Length > 2).Select(l => TreeDump.DecodeName(l[2..])));
    }

    [Fact]
    public void Edits_to_winevt_kb_XP_SYSTEM_with_too_small_max_fields_add_no_warning_and_are_what_hivex_reads_back()
    {
        EditAndVerify("winevt-kb/SYSTEM", h =>
        {
            Assert.NotEmpty(HiveChecker.Check(h.Hive).Warnings);
            string edits = EditCatalogue.Apply(h, @"ControlSet001\Services");
            foreach (var key in h.Hive.EnumerateTree().Where(k => k.ValueCount > 0).Take(200).ToList())
            {
                h.SetValue(key.Path, "OfflineRepair", (uint)RegistryValueType.DWord, RegistryData.DWord(1));
            }

            Assert.True(h.DeleteKeyTree("ControlSet003"));
            return edits;
        },
        (_, after) => Assert.True(after.Keys > 1000));
    }

    [Fact]
    public void Edits_to_a_dirty_hive_replayed_from_its_logs_commit_a_clean_hive_hivex_reads_back()
    {
        EditAndVerify(
            "regipy/UsrClass.dat.xz",
            ["regipy/UsrClass.dat.LOG1.xz", "regipy/UsrClass.dat.LOG2.xz"],
            h =>
            {
                Assert.Equal(HiveState.Replayed, h.Hive.State);
                var first = h.Hive.Root.GetSubkeys()[0];
                Assert.True(h.DeleteKeyTree(first.Path));
                return EditCatalogue.Apply(h, "");
            },
            (written, _) => Assert.Null(written.Recovery));
    }

    [Fact]
    public void Edits_to_a_replayed_v1_5_hive_that_grew_in_the_log_commit_a_clean_hive_hivex_reads_back()
    {
        EditAndVerify(
            "yarp/NewDirtyHive1/NewDirtyHive",
            ["yarp/NewDirtyHive1/NewDirtyHive.LOG1", "yarp/NewDirtyHive1/NewDirtyHive.LOG2"],
            h =>
            {
                Assert.Equal(HiveState.Replayed, h.Hive.State);
                return EditCatalogue.Apply(h, "Key3");
            });
    }

    [Theory]
    [InlineData(3u)]
    [InlineData(4u)]
    [InlineData(5u)]
    [InlineData(6u)]
    public void Edits_to_a_new_hive_of_each_minor_version_are_what_hivex_reads_back_with_no_warning_or_leak(uint minorVersion)
    {
        using var folder = new TemporaryDirectory();
        var path = folder.File("hive");
        File.WriteAllBytes(path, EmptyHive.Create("ROOT", minorVersion, FixedClock.Time));
        var model = ModelKey.FromDump(HivexOracle.Dump(path));
        string editKey;
        using (var hive = Hive.Open(path, new HiveOpenOptions { Writable = true, Clock = new FixedClock() }))
        {
            editKey = EditCatalogue.Apply(new ModelledHive(hive, model), "");
            Assert.Equal(2u, hive.Commit().Sequence);
        }

        using var written = Hive.Open(path);
        TreeDump.AssertSame(model.Render(), TreeDump.WithValuesSorted(HivexOracle.Dump(path)), "model", "hivex after the commit");
        TreeDump.AssertSame(model.Render(), TreeDump.WithValuesSorted(TreeDump.Of(written)), "model", "our reader after the commit");
        Soundness.AssertPristine(written);
        EditCatalogue.AssertStorageForms(written, editKey);
        Assert.Equal(minorVersion, written.MinorVersion);
    }

    [Fact]
    public void Raising_the_largest_subkey_name_field_keeps_its_upper_flag_bits()
    {
        using var folder = new TemporaryDirectory();
        var path = CorpusFiles.CopyTo(folder.Path, "regipy/SYSTEM.xz", "hive");
        var longName = new string('ж', RegistryKey.MaxNameLength);
        var flagged = new List<(string Path, uint Flags)>();
        using (var hive = Hive.Open(path, new HiveOpenOptions { Writable = true }))
        {
            foreach (var key in hive.EnumerateTree().Where(k => HiveInternals.MaxSubkeyNameField(k).Flags != 0).Take(25).ToList())
            {
                flagged.Add((key.Path, HiveInternals.MaxSubkeyNameField(key).Flags));
                key.CreateSubkey(longName);
            }

            hive.Commit();
        }

        using var written = Hive.Open(path);
        Assert.Equal(25, flagged.Count);
        foreach (var (keyPath, flags) in flagged)
        {
            var field = HiveInternals.MaxSubkeyNameField(written.OpenKey(keyPath)!);
            Assert.True(field == (255u * 2, flags), $"{keyPath}: largest-subkey-name field is length {field.Length} flags 0x{field.Flags:X}, expected length 510 flags 0x{flags:X}");
        }

        Assert.True(HiveChecker.Check(written).IsSound);
    }

    private static void EditAndVerify(string corpusFile, Func<ModelledHive, string> edit, Action<Hive, HiveCheckReport> verify) =>
        EditAndVerify(corpusFile, [], edit, verify);

    /// <summary>
    /// Copies a corpus hive (and its logs, under their own names), records hivex's dump of what our
    /// reader holds (the replayed bytes of a dirty hive), the checker's report and the sequence
    /// numbers, applies the edits (which return the catalogue key's path), commits, reopens, and
    /// checks the written file with our reader, hivex and the checker, then runs the test's own checks.
    /// </summary>
    private static void EditAndVerify(string corpusFile, string[] logs, Func<ModelledHive, string> edit, Action<Hive, HiveCheckReport>? verify = null)
    {
        using var folder = new TemporaryDirectory();
        var path = CorpusFiles.CopyTo(folder.Path, corpusFile, "hive");
        foreach (var log in logs)
        {
            var suffix = Path.GetExtension(log.EndsWith(".xz", StringComparison.Ordinal) ? log[..^3] : log);
            CorpusFiles.CopyTo(folder.Path, log, "hive" + suffix);
        }

        HiveCheckReport before;
        uint highestSequence;
        ModelKey model;
        using (var original = Hive.Open(path))
        {
            before = HiveChecker.Check(original);
            highestSequence = Math.Max(original.PrimarySequence, original.SecondarySequence);
            Assert.True(before.IsSound, before.ToString());
            Assert.Equal(logs.Length > 0 ? HiveState.Replayed : HiveState.Clean, original.State);
            model = ModelKey.FromDump(logs.Length > 0 ? HivexOracle.Dump(original.ToArray()) : HivexOracle.Dump(path));
        }

        string editKey;
        CommitResult result;
        using (var hive = Hive.Open(path, new HiveOpenOptions { Writable = true, Clock = new FixedClock() }))
        {
            editKey = edit(new ModelledHive(hive, model));
            result = hive.Commit();
        }

        var expected = model.Render();
        using var written = Hive.Open(path);
        Assert.Equal(HiveState.Clean, written.State);
        Assert.Equal(highestSequence + 1, result.Sequence);
        Assert.Equal(highestSequence + 1, written.PrimarySequence);
        Assert.Equal(highestSequence + 1, written.SecondarySequence);
        TreeDump.AssertSame(expected, TreeDump.WithValuesSorted(HivexOracle.Dump(path)), "model", "hivex after the commit");
        TreeDump.AssertSame(expected, TreeDump.WithValuesSorted(TreeDump.Of(written)), "model", "our reader after the commit");
        var after = Soundness.AssertNoNewDamage(written, before);
        EditCatalogue.AssertStorageForms(written, editKey);
        verify?.Invoke(written, after);
    }
}
