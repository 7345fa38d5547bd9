using OfflineRepair.Registry.Checking;
using OfflineRepair.Registry.Tests.Oracles;

namespace OfflineRepair.Registry.Tests.Properties;

/// <summary>
/// Hundreds of random inserts and deletes under one key, so that leaves fill up, split into an ri,
/// and empty out: afterwards the subkeys are exactly the model's in Windows' order (our reader and
/// hivex), the checker finds nothing new, and no leaf the writer made holds more than 507 entries.
/// </summary>
public sealed class BulkSubkeyEditTests
{
    private const int Cases = 10;

    [Fact]
    public void Bulk_subkey_edits_on_a_new_v1_5_hive_give_exactly_the_model_in_lh_leaves_of_at_most_507()
    {
        var start = EmptyHive.Create("ROOT", 5, FixedClock.Time);
        PropertyRun.Check(BulkEditScripts.Scripts(), Cases, 86028121, 104395301, script =>
        {
            var shape = Run(start, "bulk", script);

            Assert.All(shape.Leaves, leaf => Assert.Equal("lh", leaf.Kind));
            Assert.All(shape.Leaves, leaf => Assert.InRange(leaf.Count, 1, 507));
            Assert.True(shape.Kind is "ri" or "lh" or "", $"list kind {shape.Kind}");
        });
    }

    [Fact]
    public void Bulk_subkey_edits_on_yarp_ManySubkeysHive_give_exactly_the_model()
    {
        var start = CorpusFiles.Bytes("yarp/ManySubkeysHive");
        // Fewer, smaller cases here: lookups in li leaves cost a name comparison per entry, so thousands of inserts take seconds.
        PropertyRun.Check(SmallBulkEditScripts.Scripts(), 6, 122949829, 141650939, script =>
        {
            var shape = Run(start, "key_with_many_subkeys", script);

            Assert.All(shape.Leaves, leaf => Assert.Equal("li", leaf.Kind));
            Assert.All(shape.Leaves, leaf => Assert.InRange(leaf.Count, 1, 951));
        });
    }

    private static (string Kind, IReadOnlyList<(string Kind, int Count)> Leaves) Run(byte[] start, string parentPath, BulkScript script)
    {
        ModelKey model;
        HiveCheckReport before;
        using (var original = Hive.Load(start))
        {
            model = ModelKey.FromDump(TreeDump.Of(original));
            before = HiveChecker.Check(original);
        }

        using var stream = new MemoryStream();
        stream.Write(start);
        using (var hive = Hive.Open(stream, "bulk", options: new HiveOpenOptions { Writable = true }))
        {
            var h = new ModelledHive(hive, model);
            h.CreateKey(parentPath);
            foreach (var edit in script.Edits)
            {
                switch (edit)
                {
                    case InsertMany insert:
                        foreach (var name in insert.Names())
                        {
                            h.CreateKey(parentPath + "\\" + name);
                        }

                        break;
                    case DeleteAt delete:
                        foreach (double fraction in delete.Fractions)
                        {
                            var children = model.Find(parentPath)!.Children;
                            if (children.Count > 0)
                            {
                                Assert.True(h.DeleteKeyTree(parentPath + "\\" + children[(int)(fraction * children.Count)].Name));
                            }
                        }

                        break;
                    case BulkCommit:
                        hive.Commit();
                        break;
                }
            }

            hive.Commit();
        }

        var bytes = stream.ToArray();
        using var reopened = Hive.Load(bytes);
        var expected = model.Render();
        TreeDump.AssertSame(expected, TreeDump.WithValuesSorted(TreeDump.Of(reopened)), "model", "our reader after reopening");
        Soundness.AssertNoNewDamage(reopened, before);
        TreeDump.AssertSame(expected, TreeDump.WithValuesSorted(HivexOracle.Dump(bytes)), "model", "hivex");
        return HiveInternals.SubkeyListShape(reopened.OpenKey(parentPath)!);
    }
}
