using OfflineRepair.Registry.Checking;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Registry.Tests.Commit;

/// <summary>
/// A commit interrupted at every possible point (each write failing, each write torn in half, each
/// flush failing, the file extension failing) leaves a file that is either the old hive, the fully
/// committed new hive, or a dirty hive that is refused (no logs lie beside the copy) - never a clean
/// hive with other content. Checked with our reader and with hivex.
/// </summary>
public sealed class FaultInjectionTests
{
    private readonly ITestOutputHelper _output;

    public FaultInjectionTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public enum Fault
    {
        Write,
        TornWrite,
        Flush,
        SetLength,
    }

    /// <summary>The edit scenarios: a few edits on real hives, two of them growing the hive.</summary>
    public static TheoryData<string> Scenarios() => ["BCD edits", "BCD edits with growth", "ManySubkeys insert with growth"];

    public static TheoryData<string, Fault> ScenariosAndFaults()
    {
        var data = new TheoryData<string, Fault>();
        foreach (var scenario in new[] { "BCD edits", "BCD edits with growth", "ManySubkeys insert with growth" })
        {
            foreach (var fault in Enum.GetValues<Fault>())
            {
                if (fault == Fault.SetLength && !scenario.Contains("growth", StringComparison.Ordinal))
                {
                    continue;
                }

                data.Add(scenario, fault);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ScenariosAndFaults))]
    public void An_interrupted_commit_leaves_the_old_hive_the_new_hive_or_a_refused_dirty_hive(string scenarioName, Fault fault)
    {
        var scenario = Scenario.Get(scenarioName);
        using var dir = new TemporaryDirectory();
        var path = dir.File(scenario.FileName);
        var expected = Expected.For(scenario);

        int points = fault switch
        {
            Fault.Write or Fault.TornWrite => expected.Writes,
            Fault.Flush => expected.Flushes,
            _ => expected.SetLengths,
        };
        Assert.True(points > 0, $"a commit of '{scenarioName}' makes no {fault} call to interrupt");

        var outcomes = new List<string>();
        var failures = new List<string>();
        for (int n = 1; n <= points; n++)
        {
            File.WriteAllBytes(path, expected.Old);
            using (var stream = InstrumentedStream.OverFile(path))
            {
                Arm(stream, fault, n);
                using var hive = Hive.Open(stream, path, logs: null, options: PageCountTests.Writable());
                scenario.Edit(hive);
                var error = Assert.ThrowsAny<IOException>(() => hive.Commit());
                Assert.True(stream.Failed, $"{fault} #{n}: Commit threw an IOException that was not the injected one: {error}");
                Assert.True(hive.HasUncommittedChanges, $"{fault} #{n}: a failed commit must leave the changes pending");
            }

            var (state, failure) = Classify(path, expected, $"{scenarioName}, {fault} #{n}");
            outcomes.Add($"{fault} #{n}: {state}");
            if (failure is not null)
            {
                failures.Add(failure);
            }
        }

        _output.WriteLine($"{scenarioName}: {expected.Writes} writes, {expected.Flushes} flushes, {expected.SetLengths} SetLength per commit");
        foreach (var outcome in outcomes)
        {
            _output.WriteLine(outcome);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));

        if (fault is Fault.Write or Fault.TornWrite)
        {
            // The interruption points must reach the middle of the commit, or the test proves nothing.
            Assert.Contains(outcomes, o => o.Contains(": dirty", StringComparison.Ordinal));
        }

        if (fault == Fault.Write)
        {
            Assert.EndsWith(": old", outcomes[0], StringComparison.Ordinal); // the first write failing leaves the file untouched
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void A_commit_retried_on_the_same_hive_after_a_failed_write_leaves_the_new_hive(string scenarioName)
    {
        var scenario = Scenario.Get(scenarioName);
        using var dir = new TemporaryDirectory();
        var path = dir.File(scenario.FileName);
        var expected = Expected.For(scenario);

        foreach (bool torn in new[] { false, true })
        {
            for (int n = 1; n <= expected.Writes; n++)
            {
                File.WriteAllBytes(path, expected.Old);
                using (var stream = InstrumentedStream.OverFile(path))
                {
                    stream.FailOnWrite = n;
                    stream.TearFailingWrite = torn;
                    using var hive = Hive.Open(stream, path, logs: null, options: PageCountTests.Writable());
                    scenario.Edit(hive);
                    Assert.ThrowsAny<IOException>(() => hive.Commit());
                    var retry = hive.Commit();
                    Assert.True(retry.BytesWritten > 0);
                    Assert.False(hive.HasUncommittedChanges);
                }

                using var reopened = Hive.Open(path);
                Assert.Equal(HiveState.Clean, reopened.State);
                string dump = TreeDump.Of(reopened);
                Assert.True(string.Equals(expected.NewDump, dump, StringComparison.Ordinal), $"write #{n}{(torn ? " torn" : "")}, retried: " + TreeDump.FirstDifference(expected.NewDump, dump));
                var report = HiveChecker.Check(reopened);
                Assert.True(report.IsSound, $"write #{n}{(torn ? " torn" : "")}, retried: {report}");
            }
        }
    }

    private static void Arm(InstrumentedStream stream, Fault fault, int n)
    {
        switch (fault)
        {
            case Fault.Write:
                stream.FailOnWrite = n;
                break;
            case Fault.TornWrite:
                stream.FailOnWrite = n;
                stream.TearFailingWrite = true;
                break;
            case Fault.Flush:
                stream.FailOnFlush = n;
                break;
            case Fault.SetLength:
                stream.FailOnSetLength = n;
                break;
        }
    }

    /// <summary>
    /// "old", "new" or "dirty" with no failure; otherwise what is wrong: a clean hive with other
    /// content, a file refused as malformed instead of dirty, any other exception.
    /// </summary>
    private static (string State, string? Failure) Classify(string path, Expected expected, string what)
    {
        string dump;
        try
        {
            using var hive = Hive.Open(path);
            if (hive.State != HiveState.Clean)
            {
                return ("not clean", $"{what}: reopened in state {hive.State} without logs");
            }

            dump = TreeDump.Of(hive);
        }
        catch (DirtyHiveException)
        {
            return ($"dirty ({Forced(path, expected)})", null);
        }
        catch (HiveFormatException e)
        {
            string forced;
            try
            {
                using var hive = Hive.Open(path, new HiveOpenOptions { ForceDirty = true });
                forced = $"ForceDirty opens it ({hive.State})";
            }
            catch (Exception inner)
            {
                forced = $"ForceDirty cannot open it either ({inner.GetType().Name}: {inner.Message})";
            }

            var file = File.ReadAllBytes(path);
            return ("MALFORMED", $"{what}: the file is refused as malformed (HiveFormatException: {e.Message}) instead of as dirty; " +
                $"file {file.Length} bytes, header seq {BitConverter.ToUInt32(file, 4)}/{BitConverter.ToUInt32(file, 8)}, bins size 0x{BitConverter.ToUInt32(file, 40):X}; {forced}");
        }
        catch (Exception e)
        {
            return ("CRASH", $"{what}: reopening threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
        }

        string state;
        if (string.Equals(dump, expected.OldDump, StringComparison.Ordinal))
        {
            state = "old";
        }
        else if (string.Equals(dump, expected.NewDump, StringComparison.Ordinal))
        {
            state = "new";
        }
        else
        {
            return ("WRONG", $"{what}: the file reopens as a CLEAN hive that is neither the old nor the new tree: old {TreeDump.FirstDifference(expected.OldDump, dump)}; new {TreeDump.FirstDifference(expected.NewDump, dump)}");
        }

        // The independent reader must agree, from the bytes on disk.
        string hivex = TreeDump.ByHivex(path);
        string expectedHivex = state == "old" ? expected.OldHivexDump : expected.NewHivexDump;
        if (!string.Equals(expectedHivex, hivex, StringComparison.Ordinal))
        {
            return ("HIVEX DIFFERS", $"{what}: ours reads the {state} tree, hivex another: {TreeDump.FirstDifference(expectedHivex, hivex)}");
        }

        return (state, null);
    }

    /// <summary>For the record only: what ForceDirty makes of a refused dirty file (a mix is expected; that is why it is refused).</summary>
    private static string Forced(string path, Expected expected)
    {
        try
        {
            using var hive = Hive.Open(path, new HiveOpenOptions { ForceDirty = true });
            string dump = TreeDump.Of(hive);
            return dump == expected.OldDump ? "forced: old tree" : dump == expected.NewDump ? "forced: new tree" : "forced: a mixed tree";
        }
        catch (HiveFormatException e)
        {
            return $"forced: HiveFormatException, {e.Structure}: {e.Problem}";
        }
    }

    /// <summary>A named set of edits on a corpus hive.</summary>
    private sealed record Scenario(string Name, string CorpusFile, string FileName, Action<Hive> Edit)
    {
        public static Scenario Get(string name) => name switch
        {
            "BCD edits" => new(name, "regipy/BCD.xz", "BCD", BcdEdits),
            "BCD edits with growth" => new(name, "regipy/BCD.xz", "BCD", hive =>
            {
                BcdEdits(hive);
                hive.OpenKey("Description")!.SetValue("Grown", RegistryValueType.Binary, PageCountTests.Pattern(200 * 1024, seed: 7));
            }),
            "ManySubkeys insert with growth" => new(name, "yarp/ManySubkeysHive", "ManySubkeysHive", hive =>
            {
                var many = hive.Root.GetSubkeys().Single(k => k.Name == "key_with_many_subkeys");
                Assert.Equal(5000, many.SubkeyCount);
                many.CreateSubkey("2500a").SetValue("Inserted", RegistryValueType.String, RegistryData.String("into the ri list"));
                many.CreateSubkey("zzzz last");
                Assert.True(many.DeleteSubkeyTree("1234"));
                many.SetValue("Grown", RegistryValueType.Binary, PageCountTests.Pattern(200 * 1024, seed: 8));
            }),
            _ => throw new ArgumentException($"no scenario '{name}'", nameof(name)),
        };

        private static void BcdEdits(Hive hive)
        {
            var objects = hive.OpenKey("Objects")!;
            Assert.True(hive.OpenKey("Description")!.SetValue("TreatAsSystem", RegistryValueType.DWord, RegistryData.DWord(0)));
            hive.Root.CreateKey(@"Objects\{11111111-2222-3333-4444-555555555555}\Elements\12000004")
                .SetValue("Element", RegistryValueType.String, RegistryData.String("Fault injection"));
            Assert.True(objects.DeleteSubkeyTree("{4636856e-540f-4170-a130-a84776f4c654}"));
            Assert.True(hive.OpenKey(@"Objects\{733b62de-f608-11eb-825c-c112f60133ab}\Description")!.DeleteValue("FirmwareVariable"));
        }
    }

    /// <summary>The old and new states of a scenario, and how many writes, flushes and SetLength calls its commit makes.</summary>
    private sealed record Expected(byte[] Old, string OldDump, string OldHivexDump, byte[] New, string NewDump, string NewHivexDump, int Writes, int Flushes, int SetLengths)
    {
        private static readonly Dictionary<string, Expected> Cache = new(StringComparer.Ordinal);

        public static Expected For(Scenario scenario)
        {
            lock (Cache)
            {
                if (!Cache.TryGetValue(scenario.Name, out var expected))
                {
                    expected = Compute(scenario);
                    Cache[scenario.Name] = expected;
                }

                return expected;
            }
        }

        private static Expected Compute(Scenario scenario)
        {
            var old = File.ReadAllBytes(Corpus.File(scenario.CorpusFile));
            using var dir = new TemporaryDirectory();
            var path = dir.File(scenario.FileName);
            File.WriteAllBytes(path, old);
            int writes, flushes, setLengths;
            using (var stream = InstrumentedStream.OverFile(path))
            {
                using var hive = Hive.Open(stream, path, logs: null, options: PageCountTests.Writable());
                scenario.Edit(hive);
                hive.Commit();
                (writes, flushes, setLengths) = (stream.WriteCalls, stream.FlushCalls, stream.SetLengthCalls);
            }

            var @new = File.ReadAllBytes(path);
            string oldDump = TreeDump.Of(old);
            string newDump = TreeDump.Of(@new);
            Assert.NotEqual(oldDump, newDump);
            using (var check = Hive.Load(@new))
            {
                var report = HiveChecker.Check(check);
                Assert.True(report.IsSound, report.ToString());
            }

            return new Expected(old, oldDump, TreeDump.ByHivex(old), @new, newDump, TreeDump.ByHivex(@new), writes, flushes, setLengths);
        }
    }
}
