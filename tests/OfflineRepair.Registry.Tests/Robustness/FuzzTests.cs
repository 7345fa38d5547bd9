using System.Text;
using OfflineRepair.Registry.Checking;
using OfflineRepair.Registry.Tests.Commit;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Registry.Tests.Robustness;

/// <summary>
/// 10,000 deterministic mutations of small real hives (and one made by our writer), each read
/// completely (tree, values, class names, times), checked by HiveChecker and, for every second, edited
/// and committed on a MemoryStream. Only HiveFormatException may come out of damaged input; no case
/// may hang, allocate what a lying size field asks for, or commit an edit that failed half-way.
/// The cases run once (shared by the tests below), spread over the cores, each under a watchdog.
/// </summary>
public sealed class FuzzTests
{
    private const int Cases = 10_000;
    private const int WritableEvery = 2;
    private const int BaseSeed = 0x0FF1CE;
    private static readonly TimeSpan PerCaseLimit = TimeSpan.FromSeconds(5);
    private static readonly int Workers = Math.Max(2, Environment.ProcessorCount);

    /// <summary>The largest input is 256 KiB; reading it all, twice over, is far below this.</summary>
    private const long AllocationLimit = 256L << 20;

    private static readonly HiveOpenOptions ReadForced = new() { ForceDirty = true };
    private static readonly HiveOpenOptions WriteForced = new() { ForceDirty = true, Writable = true, Clock = FixedClock.Default };

    private static readonly Lazy<IReadOnlyList<HiveMap>> Maps = new(BuildMaps);
    private static readonly Lazy<FuzzReport> Report = new(RunAll);

    private readonly ITestOutputHelper _output;

    public FuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void Mutated_hives_raise_only_HiveFormatException()
    {
        var report = Summarize();
        var bugs = report.Bugs("exception");
        Assert.True(bugs.Count == 0, $"{bugs.Count} case(s) threw something other than HiveFormatException:\n" + Describe(bugs));
    }

    [Fact]
    public void Mutated_hives_never_hang()
    {
        var report = Summarize();
        Assert.True(report.Run.Hung.Count == 0, $"{report.Run.Hung.Count} case(s) ran longer than {PerCaseLimit.TotalSeconds} s: " +
            string.Join("; ", report.Run.Hung.Select(Label)));
    }

    [Fact]
    public void Mutated_hives_never_allocate_what_a_lying_size_asks_for()
    {
        var report = Summarize();
        var bugs = report.Bugs("memory");
        Assert.True(bugs.Count == 0, $"{bugs.Count} case(s) ran out of memory or allocated more than {AllocationLimit >> 20} MiB:\n" + Describe(bugs));
    }

    [Fact]
    public void An_edit_that_fails_half_way_on_a_damaged_hive_is_never_committed()
    {
        var report = Summarize();
        var bugs = report.Bugs("partial edit");
        Assert.True(bugs.Count == 0, $"{bugs.Count} case(s): an edit threw HiveFormatException after changing the image, and Commit then wrote that half-done edit:\n" + Describe(bugs));
    }

    [Fact]
    public void Edits_of_a_hive_that_reads_fine_and_is_sound_commit_a_sound_hive()
    {
        var report = Summarize();
        var bugs = report.Bugs("corrupting commit");
        Assert.True(bugs.Count == 0, $"{bugs.Count} case(s): the mutated hive read completely and HiveChecker found it sound, every edit succeeded, yet the committed hive is broken:\n" + Describe(bugs));
    }

    [Fact]
    public void A_successful_commit_on_a_damaged_hive_always_leaves_a_clean_header()
    {
        var report = Summarize();
        var bugs = report.Bugs("dirty after commit");
        Assert.True(bugs.Count == 0, $"{bugs.Count} case(s):\n" + Describe(bugs));
    }

    [Fact]
    public void The_mutations_reach_both_readable_and_rejected_hives_within_a_minute()
    {
        var report = Summarize();
        int done = report.Run.Outcomes.Count(o => o is not null);
        int rejected = report.Run.Outcomes.Count(o => o is not null && o.Outcome.Contains("HiveFormatException", StringComparison.Ordinal));
        int fine = report.Run.Outcomes.Count(o => o is not null && o.Outcome.StartsWith("read fine", StringComparison.Ordinal));
        Assert.True(done >= Cases - report.Run.Hung.Count, $"{done} of {Cases} cases finished");
        var harness = report.Bugs("harness");
        Assert.True(harness.Count == 0, "the fuzz harness itself failed:\n" + Describe(harness));
        Assert.True(rejected > Cases / 10, $"only {rejected} cases raised HiveFormatException: the mutations barely damage anything");
        Assert.True(fine > Cases / 10, $"only {fine} cases read fine: the mutations never leave a readable hive");
        Assert.True(report.Run.Elapsed < TimeSpan.FromSeconds(60), $"{Cases} cases took {report.Run.Elapsed}");
    }

    private static HiveMap Map(int index) => Maps.Value[index % Maps.Value.Count];

    private static string Label(int index)
    {
        var map = Map(index);
        var (_, description) = HiveMutator.Mutate(map, new Random(BaseSeed + index));
        return $"case {index} (seed {BaseSeed + index}, {map.Name}: {description})";
    }

    private static string Describe(IReadOnlyList<(int Index, CaseOutcome Outcome)> bugs)
    {
        var text = new StringBuilder();
        foreach (var group in bugs.GroupBy(b => Signature(b.Outcome.Bug!)).Take(15))
        {
            var (index, outcome) = group.First();
            text.Append($"[{group.Count()} case(s)] {Label(index)}\n  {outcome.Bug}\n");
            foreach (var (other, otherOutcome) in group.Skip(1).Take(4))
            {
                text.Append($"  also {Label(other)}: {otherOutcome.Bug!.Split('\n')[0]}\n");
            }
        }

        return text.ToString();
    }

    /// <summary>Groups findings by exception type and the first engine frame, so one bug is listed once.</summary>
    private static string Signature(string bug)
    {
        var lines = bug.Split('\n');
        var frame = lines.FirstOrDefault(l => l.Contains("OfflineRepair.Registry.", StringComparison.Ordinal) && !l.Contains(".Tests.", StringComparison.Ordinal)) ?? "";
        return lines[0].Split(" while ")[0] + "|" + frame.Trim();
    }

    private FuzzReport Summarize()
    {
        var report = Report.Value;
        _output.WriteLine($"{Cases} cases over {Maps.Value.Count} hives ({string.Join(", ", Maps.Value.Select(m => m.Name))}) in {report.Run.Elapsed.TotalSeconds:F1} s, {Workers} worker(s)");
        foreach (var (outcome, count) in report.Run.Outcomes.Where(o => o is not null).GroupBy(o => o!.Outcome).Select(g => (g.Key, g.Count())).OrderByDescending(p => p.Item2))
        {
            _output.WriteLine($"  {count,6}  {outcome}");
        }

        var slowest = report.Run.Outcomes.Select((o, i) => (o, i)).Where(p => p.o is not null).MaxBy(p => p.o!.Elapsed);
        var hungriest = report.Run.Outcomes.Select((o, i) => (o, i)).Where(p => p.o is not null).MaxBy(p => p.o!.AllocatedBytes);
        _output.WriteLine($"slowest case {slowest.i}: {slowest.o!.Elapsed.TotalMilliseconds:F0} ms; most allocating case {hungriest.i}: {hungriest.o!.AllocatedBytes >> 10} KiB");
        _output.WriteLine($"hung: {report.Run.Hung.Count}; findings: {string.Join(", ", report.Findings.GroupBy(f => f.Outcome.Bug!.Split(':')[0]).Select(g => $"{g.Key} x{g.Count()}"))}");
        return report;
    }

    private static FuzzReport RunAll()
    {
        _ = Maps.Value;
        var run = FuzzRunner.Run(Cases, RunCase, PerCaseLimit, Workers);
        return new FuzzReport(run);
    }

    private static CaseOutcome RunCase(int index)
    {
        var map = Map(index);
        var random = new Random(BaseSeed + index);
        var (bytes, _) = HiveMutator.Mutate(map, random);
        string read;
        try
        {
            read = Read(bytes);
        }
        catch (Exception e) when (e is not HiveFormatException)
        {
            return Bug("read", e);
        }

        if (index % WritableEvery != 0)
        {
            return new CaseOutcome(read);
        }

        try
        {
            return Write(bytes, random, read);
        }
        catch (Exception e) when (e is not HiveFormatException)
        {
            return Bug("write", e);
        }
    }

    private static CaseOutcome Bug(string stage, Exception e)
    {
        string kind = e is OutOfMemoryException or InsufficientExecutionStackException ? "memory" : "exception";
        var frames = (e.StackTrace ?? "").Split('\n').Take(8).Select(l => l.Trim());
        return new CaseOutcome($"BUG {kind}", $"{kind}: {e.GetType().FullName} while {(stage == "read" ? "reading" : "editing/committing")}: {e.Message}\n    " + string.Join("\n    ", frames));
    }

    /// <summary>Loads (forcing a dirty header), walks every key and value, runs the checker; returns what happened.</summary>
    private static string Read(byte[] bytes)
    {
        Hive hive;
        try
        {
            hive = Hive.Load(bytes, "fuzz", options: ReadForced);
        }
        catch (HiveFormatException)
        {
            return "load: HiveFormatException";
        }

        using (hive)
        {
            string walk;
            try
            {
                Walk(hive);
                walk = "read fine";
            }
            catch (HiveFormatException)
            {
                walk = "walk: HiveFormatException";
            }

            string checker;
            try
            {
                checker = HiveChecker.Check(hive).IsSound ? "sound" : "problems";
            }
            catch (HiveFormatException)
            {
                checker = "HiveFormatException";
            }

            return $"{walk}, checker {checker}";
        }
    }

    private static void Walk(Hive hive)
    {
        int keys = 0;
        foreach (var key in hive.EnumerateTree())
        {
            _ = key.ClassName;
            _ = key.LastWriteTime;
            _ = key.SubkeyCount + key.ValueCount;
            var values = key.GetValues();
            foreach (var value in values)
            {
                _ = value.Data.Length + (int)value.Type + value.Name.Length;
            }

            if (keys++ < 10)
            {
                // Look-ups by name go through the hash and hint paths the walk does not.
                foreach (var child in key.GetSubkeys().Take(4))
                {
                    _ = key.OpenSubkey(child.Name);
                }

                foreach (var value in values.Take(4))
                {
                    _ = key.GetValue(value.Name);
                }
            }
        }

        _ = hive.OpenKey(@"no\such\key");
    }

    /// <summary>Opens writable over a MemoryStream copy, tries edits and a commit, and checks what was written.</summary>
    private static CaseOutcome Write(byte[] bytes, Random random, string read)
    {
        var memory = new MemoryStream();
        memory.Write(bytes);
        using var stream = new InstrumentedStream(memory);
        Hive hive;
        try
        {
            hive = Hive.Open(stream, "fuzz", logs: null, options: WriteForced);
        }
        catch (HiveFormatException)
        {
            return new CaseOutcome(read + "; open writable: HiveFormatException");
        }

        using (hive)
        {
            string? failedEdit = null;
            bool imageChangedByFailedEdit = false;
            foreach (var (name, edit) in Edits(random))
            {
                var before = hive.ToArray();
                try
                {
                    edit(hive);
                }
                catch (HiveFormatException e)
                {
                    failedEdit = $"{name}: {e.Message}";
                    imageChangedByFailedEdit = !before.AsSpan().SequenceEqual(hive.ToArray());
                    break;
                }
            }

            bool committed;
            string? refused = null;
            try
            {
                hive.Commit();
                committed = true;
            }
            catch (HiveFormatException)
            {
                committed = false;
            }
            catch (InvalidOperationException e) when (failedEdit is not null)
            {
                // Documented: after an edit failed, the hive refuses to edit or write anything more.
                committed = false;
                refused = e.Message;
            }

            if (failedEdit is not null && imageChangedByFailedEdit && stream.BytesWritten > 0)
            {
                return new CaseOutcome("BUG partial edit", $"partial edit: '{failedEdit}' changed the image before throwing, and Commit then wrote {stream.BytesWritten} bytes of it");
            }

            if (refused is not null)
            {
                return stream.BytesWritten == 0
                    ? new CaseOutcome($"{read}; an edit: HiveFormatException, commit refused")
                    : new CaseOutcome("BUG partial edit", $"partial edit: Commit refused ('{refused}') but still wrote {stream.BytesWritten} bytes");
            }

            string edits = failedEdit is null ? "edits ok" : "an edit: HiveFormatException";
            if (!committed)
            {
                return new CaseOutcome($"{read}; {edits}, commit: HiveFormatException");
            }

            if (stream.BytesWritten == 0)
            {
                return new CaseOutcome($"{read}; {edits}, nothing to commit");
            }

            // What was committed must be a clean hive: reading it without ForceDirty must not find it dirty.
            var written = memory.ToArray();
            bool soundBefore = read == "read fine, checker sound" && failedEdit is null;
            try
            {
                using var reread = Hive.Load(written, "committed");
                Walk(reread);
                if (soundBefore && HiveChecker.Check(reread) is { IsSound: false } report)
                {
                    return new CaseOutcome("BUG corrupting commit", $"corrupting commit: the hive read fine and was sound, the edits succeeded, and the committed hive breaks the rules: {report}");
                }

                return new CaseOutcome($"{read}; {edits}, committed, rereads fine");
            }
            catch (DirtyHiveException e)
            {
                return new CaseOutcome("BUG dirty after commit", $"dirty after commit: the commit succeeded but the file reads as dirty: {e.Message}");
            }
            catch (HiveFormatException e) when (soundBefore)
            {
                return new CaseOutcome("BUG corrupting commit", $"corrupting commit: the hive read fine and was sound, the edits succeeded, and the committed hive no longer reads: {e.Message}");
            }
            catch (HiveFormatException)
            {
                return new CaseOutcome($"{read}; {edits}, committed, reread: HiveFormatException");
            }
        }
    }

    /// <summary>A random selection, in random order, of the edits a repair makes, on keys picked at random.</summary>
    private static List<(string Name, Action<Hive> Edit)> Edits(Random random)
    {
        string[] newNames = ["FuzzKey", "0", "zzzz", "Äpfel", "M", "日本"];
        int[] lengths = [0, 3, 4, 8, 100, 5000, 20_000];
        var all = new List<(string, Action<Hive>)>
        {
            ("SetValue DWORD", h => Pick(h, random, _ => true).SetValue("FuzzValue", RegistryValueType.DWord, RegistryData.DWord(0x12345678))),
            ("replace a value", h =>
            {
                var key = Pick(h, random, k => k.ValueCount > 0);
                var values = key.GetValues();
                string name = values.Count > 0 ? values[random.Next(values.Count)].Name : "FuzzValue";
                key.SetValue(name, RegistryValueType.Binary, new byte[lengths[random.Next(lengths.Length)]]);
            }),
            ("CreateSubkey new", h => Pick(h, random, _ => true).CreateSubkey(newNames[random.Next(newNames.Length)]).SetValue("Inner", RegistryValueType.String, RegistryData.String("fuzz"))),
            ("CreateSubkey existing", h =>
            {
                var key = Pick(h, random, k => k.SubkeyCount > 0);
                var children = key.GetSubkeys();
                if (children.Count > 0)
                {
                    key.CreateSubkey(children[random.Next(children.Count)].Name);
                }
            }),
            ("DeleteValue", h =>
            {
                var key = Pick(h, random, k => k.ValueCount > 0);
                var values = key.GetValues();
                if (values.Count > 0)
                {
                    key.DeleteValue(values[random.Next(values.Count)].Name);
                }
            }),
            ("DeleteSubkeyTree", h =>
            {
                var key = Pick(h, random, k => k.SubkeyCount > 0);
                var children = key.GetSubkeys();
                if (children.Count > 0)
                {
                    key.DeleteSubkeyTree(children[random.Next(children.Count)].Name);
                }
            }),
            ("SetValue 20 KB", h => Pick(h, random, _ => true).SetValue("FuzzBig", RegistryValueType.Binary, new byte[20_000])),
            ("CreateKey path", h => Pick(h, random, _ => true).CreateKey(@"Fuzz\A\B")),
        };

        return all.OrderBy(_ => random.Next()).Take(random.Next(2, 6)).ToList();
    }

    /// <summary>A key chosen at random among the first keys the walk reaches (the root when none fits or the walk fails at once).</summary>
    private static RegistryKey Pick(Hive hive, Random random, Func<RegistryKey, bool> fits)
    {
        var keys = new List<RegistryKey>();
        try
        {
            foreach (var key in hive.EnumerateTree())
            {
                if (fits(key))
                {
                    keys.Add(key);
                }

                if (keys.Count >= 64)
                {
                    break;
                }
            }
        }
        catch (HiveFormatException)
        {
            // a damaged tree: choose among the keys reached before the damage
        }

        return keys.Count > 0 ? keys[random.Next(keys.Count)] : hive.Root;
    }

    private static IReadOnlyList<HiveMap> BuildMaps() =>
    [
        HiveMap.Build("hivex/special", File.ReadAllBytes(Corpus.File("hivex/special"))),
        HiveMap.Build("yarp/EmptyHive", File.ReadAllBytes(Corpus.File("yarp/EmptyHive"))),
        HiveMap.Build("regipy/BCD", File.ReadAllBytes(Corpus.File("regipy/BCD.xz"))),
        HiveMap.Build("yarp/MultiSzHive", File.ReadAllBytes(Corpus.File("yarp/MultiSzHive"))),
        HiveMap.Build("museum/Win11/BCD-Template", File.ReadAllBytes(Corpus.File("museum/Win11/BCD-Template"))),
        HiveMap.Build("synthetic 20 keys", SyntheticHive.Create()),
    ];

    private sealed class FuzzReport
    {
        public FuzzReport(FuzzRunner.Result run)
        {
            Run = run;
            Findings = run.Outcomes.Select((o, i) => (i, o)).Where(p => p.o?.Bug is not null)
                .Select(p => (p.i, p.o!)).ToList();
            for (int i = 0; i < run.Outcomes.Length; i++)
            {
                if (run.Outcomes[i] is { } o && o.Bug is null && o.AllocatedBytes > AllocationLimit)
                {
                    Findings.Add((i, o with { Bug = $"memory: the case allocated {o.AllocatedBytes >> 20} MiB ({o.Outcome})" }));
                }
            }
        }

        public FuzzRunner.Result Run { get; }

        public List<(int Index, CaseOutcome Outcome)> Findings { get; }

        public IReadOnlyList<(int Index, CaseOutcome Outcome)> Bugs(string kind) =>
            Findings.Where(f => f.Outcome.Bug!.StartsWith(kind + ":", StringComparison.Ordinal)).ToList();
    }
}
