using OfflineRepair.Registry.Checking;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Registry.Tests.Commit;

/// <summary>
/// A commit writes the base block twice and only the 4 KiB pages its edits touched: one DWORD in a
/// 12 MB SYSTEM hive costs a few pages, not the file; opening, closing and empty commits write nothing;
/// a commit that appends bins extends the file to exactly 4096 + hive bins size.
/// </summary>
public sealed class PageCountTests
{
    private const int Page = 4096;
    private const string CrashControl = @"ControlSet001\Control\CrashControl";

    private readonly ITestOutputHelper _output;

    public PageCountTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>A few pages of cells (value, key node, list, the free cell split) plus the two base-block writes.</summary>
    private const long SmallEditBudget = (5 * Page) + (2 * Page);

    [Fact]
    public void Replacing_one_dword_in_a_12MB_SYSTEM_hive_writes_a_few_pages_and_nothing_else()
    {
        using var dir = new TemporaryDirectory();
        var path = Corpus.CopyTo(dir.Path, "regipy/SYSTEM.xz", "SYSTEM");
        var original = File.ReadAllBytes(path);

        var (stream, result) = EditAndCommit(path, hive =>
        {
            var key = hive.OpenKey(CrashControl);
            Assert.NotNull(key);
            Assert.Equal(2u, key.GetValue("CrashDumpEnabled")?.AsUInt32());
            Assert.True(key.SetValue("CrashDumpEnabled", RegistryValueType.DWord, RegistryData.DWord(7)), "the value existed and must be replaced");
        });

        AssertSmallCommit(original, path, stream, result);
        Assert.Equal("7", HivexGet(path, CrashControl, "CrashDumpEnabled"));
        AssertReadsBack(path, CrashControl, "CrashDumpEnabled", 7);
    }

    [Fact]
    public void Adding_a_new_dword_to_a_12MB_SYSTEM_hive_writes_a_few_pages_and_nothing_else()
    {
        using var dir = new TemporaryDirectory();
        var path = Corpus.CopyTo(dir.Path, "regipy/SYSTEM.xz", "SYSTEM");
        var original = File.ReadAllBytes(path);

        var (stream, result) = EditAndCommit(path, hive =>
        {
            var key = hive.OpenKey(CrashControl);
            Assert.NotNull(key);
            Assert.Null(key.GetValue("OfflineRepairMarker"));
            Assert.False(key.SetValue("OfflineRepairMarker", RegistryValueType.DWord, RegistryData.DWord(0x12345678)), "the value is new");
        });

        AssertSmallCommit(original, path, stream, result);
        Assert.Equal(((uint)0x12345678).ToString(System.Globalization.CultureInfo.InvariantCulture), HivexGet(path, CrashControl, "OfflineRepairMarker"));
        AssertReadsBack(path, CrashControl, "OfflineRepairMarker", 0x12345678);
        Assert.Equal("2", HivexGet(path, CrashControl, "CrashDumpEnabled"));
    }

    [Fact]
    public void Opening_writable_and_closing_without_edits_writes_nothing()
    {
        using var dir = new TemporaryDirectory();
        var path = Corpus.CopyTo(dir.Path, "regipy/BCD.xz", "BCD");
        var original = File.ReadAllBytes(path);

        using (var stream = InstrumentedStream.OverFile(path))
        {
            using (var hive = Hive.Open(stream, path, logs: null, options: Writable()))
            {
                Assert.True(hive.IsWritable);
                Assert.False(hive.HasUncommittedChanges);
                _ = TreeDump.Of(hive); // reading every key and value must not dirty anything
                Assert.False(hive.HasUncommittedChanges);
            }

            AssertNoIo(stream);
        }

        using (Hive.Open(path, Writable()))
        {
        }

        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_commit_with_no_changes_writes_nothing()
    {
        using var dir = new TemporaryDirectory();
        var path = Corpus.CopyTo(dir.Path, "regipy/SYSTEM.xz", "SYSTEM");
        var original = File.ReadAllBytes(path);

        using (var stream = InstrumentedStream.OverFile(path))
        using (var hive = Hive.Open(stream, path, logs: null, options: Writable()))
        {
            var result = hive.Commit();

            Assert.Equal(0, result.BytesWritten);
            Assert.Equal(0, result.PagesWritten);
            AssertNoIo(stream);
        }

        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public void Disposing_a_hive_with_uncommitted_edits_writes_nothing()
    {
        using var dir = new TemporaryDirectory();
        var path = Corpus.CopyTo(dir.Path, "regipy/BCD.xz", "BCD");
        var original = File.ReadAllBytes(path);

        using (var stream = InstrumentedStream.OverFile(path))
        {
            using (var hive = Hive.Open(stream, path, logs: null, options: Writable()))
            {
                hive.Root.CreateKey(@"Objects\{00000000-0000-0000-0000-000000000001}").SetValue("Uncommitted", RegistryValueType.DWord, RegistryData.DWord(1));
                hive.OpenKey("Description")!.SetValue("Big", RegistryValueType.Binary, Pattern(100_000, seed: 5)); // appends a bin
                Assert.True(hive.HasUncommittedChanges);
            }

            AssertNoIo(stream);
        }

        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_second_commit_after_a_successful_one_writes_nothing()
    {
        using var dir = new TemporaryDirectory();
        var path = Corpus.CopyTo(dir.Path, "regipy/BCD.xz", "BCD");

        using var stream = InstrumentedStream.OverFile(path);
        using var hive = Hive.Open(stream, path, logs: null, options: Writable());
        hive.OpenKey("Description")!.SetValue("System", RegistryValueType.DWord, RegistryData.DWord(0));
        var first = hive.Commit();
        Assert.True(first.BytesWritten > 0);
        var afterFirst = File.ReadAllBytes(path);
        stream.ResetCounters();

        var second = hive.Commit();

        Assert.Equal(0, second.BytesWritten);
        AssertNoIo(stream);
        Assert.Equal(afterFirst, File.ReadAllBytes(path));
    }

    public static TheoryData<string, string> GrowthCases() => new()
    {
        { "regipy/BCD.xz", "Description" },       // version 1.3: the value is one 200 KB cell in a new bin
        { "hivex/special", "abcd_äöüß" },         // version 1.5: big data, 13 segments in new bins
    };

    [Theory]
    [MemberData(nameof(GrowthCases))]
    public void A_commit_that_appends_bins_extends_the_file_to_the_bins_size_and_hivex_reads_it(string corpusFile, string keyPath)
    {
        using var dir = new TemporaryDirectory();
        var path = Corpus.CopyTo(dir.Path, corpusFile, "hive");
        var original = File.ReadAllBytes(path);
        int oldBinsSize;
        using (var before = Hive.Load(original))
        {
            oldBinsSize = before.HiveBinsSize;
            Assert.Equal(Page + oldBinsSize, original.Length); // no slack: the file must grow
        }

        var data = Pattern(200 * 1024, seed: 42);
        int newBinsSize = 0;
        var (stream, result) = EditAndCommit(path, hive =>
        {
            var key = hive.OpenKey(keyPath);
            Assert.NotNull(key);
            key.SetValue("Big", RegistryValueType.Binary, data);
            newBinsSize = hive.HiveBinsSize;
        });

        var after = File.ReadAllBytes(path);
        _output.WriteLine($"bins 0x{oldBinsSize:X} -> 0x{newBinsSize:X}, file {original.Length} -> {after.Length} bytes, {stream.BytesWritten} bytes in {stream.WriteCalls} writes");
        Assert.True(newBinsSize >= oldBinsSize + data.Length, $"bins grew from {oldBinsSize} to {newBinsSize} for {data.Length} bytes");
        Assert.Equal(Page + (long)newBinsSize, after.Length);
        Assert.Equal(1, stream.SetLengthCalls);
        Assert.True(stream.BytesWritten <= SmallEditBudget + (newBinsSize - oldBinsSize), $"{stream.BytesWritten} bytes written for {newBinsSize - oldBinsSize} bytes of new bins");
        Assert.Equal(result.BytesWritten, stream.BytesWritten);
        AssertUntouchedOutsideWrites(original, after, stream.Writes);

        using (var reopened = Hive.Open(path))
        {
            Assert.Equal(HiveState.Clean, reopened.State);
            Assert.Equal(data, reopened.OpenKey(keyPath)!.GetValue("Big")!.Data);
            Assert.True(HiveChecker.Check(reopened).IsSound, HiveChecker.Check(reopened).ToString());
            var ours = TreeDump.Of(reopened);
            var hivex = TreeDump.ByHivex(path);
            Assert.True(string.Equals(ours, hivex, StringComparison.Ordinal), "hivex reads another tree than ours: " + TreeDump.FirstDifference(ours, hivex));
        }
    }

    internal static HiveOpenOptions Writable() => new() { Writable = true, Clock = FixedClock.Default };

    internal static byte[] Pattern(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Every byte outside the recorded writes is what it was before the commit.</summary>
    internal static void AssertUntouchedOutsideWrites(byte[] before, byte[] after, IReadOnlyList<WriteRecord> writes)
    {
        var covered = new bool[Math.Max(before.Length, after.Length)];
        foreach (var write in writes)
        {
            Array.Fill(covered, true, (int)write.Offset, write.Length);
        }

        for (int i = 0; i < before.Length; i++)
        {
            if (!covered[i] && (i >= after.Length || before[i] != after[i]))
            {
                Assert.Fail($"byte at 0x{i:X} changed (0x{before[i]:X2} -> {(i < after.Length ? $"0x{after[i]:X2}" : "cut off")}) although no write covered it");
            }
        }
    }

    private static (InstrumentedStream Stream, CommitResult Result) EditAndCommit(string path, Action<Hive> edit)
    {
        var stream = InstrumentedStream.OverFile(path);
        try
        {
            using var hive = Hive.Open(stream, path, logs: null, options: Writable());
            edit(hive);
            Assert.True(hive.HasUncommittedChanges);
            var result = hive.Commit();
            Assert.False(hive.HasUncommittedChanges);
            return (stream, result);
        }
        finally
        {
            stream.Dispose();
        }
    }

    private void AssertSmallCommit(byte[] original, string path, InstrumentedStream stream, CommitResult result)
    {
        var after = File.ReadAllBytes(path);
        _output.WriteLine($"{stream.BytesWritten} bytes in {stream.WriteCalls} writes ({string.Join(", ", stream.Writes.Select(w => $"0x{w.Offset:X}+{w.Length}"))}), {stream.FlushCalls} flushes, file {after.Length} bytes");
        Assert.Equal(original.Length, after.Length);
        Assert.True(stream.BytesWritten <= SmallEditBudget, $"{stream.BytesWritten} bytes written ({stream.Writes.Count} writes: {string.Join(", ", stream.Writes.Select(w => $"0x{w.Offset:X}+{w.Length}"))})");
        Assert.Equal(result.BytesWritten, stream.BytesWritten);
        Assert.Equal(0, stream.SetLengthCalls);

        // The base block goes out twice, first and last; every other write is whole pages.
        Assert.True(stream.Writes.Count >= 3, $"{stream.Writes.Count} writes");
        Assert.Equal(new WriteRecord(0, Page), stream.Writes[0]);
        Assert.Equal(new WriteRecord(0, Page), stream.Writes[^1]);
        Assert.All(stream.Writes.Skip(1).SkipLast(1), w =>
        {
            Assert.True(w.Offset >= Page && w.Offset % Page == 0 && w.Length % Page == 0, $"write 0x{w.Offset:X}+{w.Length} is not whole pages after the base block");
        });
        Assert.True(stream.FlushCalls >= 3, $"{stream.FlushCalls} flushes: the two-phase commit needs one after each step");

        AssertUntouchedOutsideWrites(original, after, stream.Writes);

        using var hive = Hive.Open(path);
        Assert.Equal(HiveState.Clean, hive.State);
        Assert.Equal(hive.PrimarySequence, hive.SecondarySequence);
        using var before = Hive.Load(original);
        Assert.Equal(before.PrimarySequence + 1, hive.PrimarySequence);
    }

    private static void AssertReadsBack(string path, string keyPath, string valueName, uint expected)
    {
        using var hive = Hive.Open(path);
        Assert.Equal(expected, hive.OpenKey(keyPath)!.GetValue(valueName)!.AsUInt32());
        var report = HiveChecker.Check(hive);
        Assert.True(report.IsSound, report.ToString());
    }

    private static void AssertNoIo(InstrumentedStream stream)
    {
        Assert.Equal(0, stream.WriteCalls);
        Assert.Equal(0, stream.BytesWritten);
        Assert.Equal(0, stream.SetLengthCalls);
        Assert.Equal(0, stream.FlushCalls);
    }

    private static string HivexGet(string path, string keyPath, string valueName)
    {
        var hivexget = Tools.Require("hivexget", "libhivex-bin");
        var result = Tools.Run(hivexget, [path, keyPath, valueName], timeoutSeconds: 120);
        Assert.True(result.ExitCode == 0, $"hivexget failed: {result.StandardError}");
        return result.StandardOutput.Trim();
    }
}
