using OfflineRepair.Registry.Tests.Oracles;

namespace OfflineRepair.Registry.Tests.Properties;

/// <summary>
/// Random edit sequences applied to a hive and to a plain model: after the commit the reopened hive
/// holds exactly the model (by our reader and by hivex), the checker finds nothing (no warning, no
/// unreferenced cell), and each commit advanced the sequence numbers by one. Fixed seeds keep the
/// runs deterministic; a failure prints the shrunk edit list.
/// </summary>
public sealed class RandomEditTests
{
    private const int Cases = 35;

    [Fact]
    public void Random_edits_on_a_new_v1_5_hive_give_exactly_the_model()
    {
        var start = EmptyHive.Create("ROOT", 5, FixedClock.Time);
        PropertyRun.Check(EditScripts.Scripts(), Cases, 15485863, 32452843, script => Run(start, script));
    }

    [Fact]
    public void Random_edits_on_yarp_EmptyHive_v1_3_give_exactly_the_model()
    {
        var start = CorpusFiles.Bytes("yarp/EmptyHive");
        PropertyRun.Check(EditScripts.Scripts(), Cases, 49979687, 67867967, script => Run(start, script));
    }

    private static void Run(byte[] start, EditScript script)
    {
        using var stream = new MemoryStream();
        stream.Write(start);
        uint sequence;
        ModelKey model;
        using (var hive = Hive.Open(stream, "random", options: new HiveOpenOptions { Writable = true }))
        {
            sequence = hive.PrimarySequence;
            model = new ModelKey(hive.RootName);
            var h = new ModelledHive(hive, model);
            foreach (var edit in script.Edits)
            {
                Apply(h, edit, ref sequence);
            }

            Apply(h, new CommitEdit(), ref sequence);
        }

        var bytes = stream.ToArray();
        using var reopened = Hive.Load(bytes);
        var expected = model.Render();
        Assert.Equal(HiveState.Clean, reopened.State);
        Assert.Equal(sequence, reopened.PrimarySequence);
        Assert.Equal(sequence, reopened.SecondarySequence);
        TreeDump.AssertSame(expected, TreeDump.WithValuesSorted(TreeDump.Of(reopened)), "model", "our reader after reopening");
        Soundness.AssertPristine(reopened);
        TreeDump.AssertSame(expected, TreeDump.WithValuesSorted(HivexOracle.Dump(bytes)), "model", "hivex");
    }

    private static void Apply(ModelledHive h, Edit edit, ref uint sequence)
    {
        switch (edit)
        {
            case CreateKeyEdit e:
                h.CreateKey(e.Path);
                break;
            case SetValueEdit e:
                h.SetValue(e.Path, e.Name, e.Type, e.Data());
                break;
            case DeleteValueEdit e:
                h.DeleteValue(e.Path, e.Name);
                break;
            case DeleteKeyTreeEdit e:
                h.DeleteKeyTree(e.Path);
                break;
            case CommitEdit:
                bool changes = h.Hive.HasUncommittedChanges;
                var result = h.Hive.Commit();
                if (changes)
                {
                    sequence++;
                    Assert.Equal(sequence, result.Sequence);
                }
                else
                {
                    Assert.Same(CommitResult.Nothing, result);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(edit), edit, "unknown edit");
        }
    }
}
