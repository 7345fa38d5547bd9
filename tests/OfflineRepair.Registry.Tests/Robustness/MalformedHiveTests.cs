using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using OfflineRepair.Registry.Cells;
using OfflineRepair.Registry.Checking;
using OfflineRepair.Registry.Format;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Registry.Tests.Robustness;

/// <summary>
/// One hand-made defect per test, each a hazard named in regf.md §4 item 15 or a rule of §1: the
/// hive is refused with a HiveFormatException naming the broken structure, quickly, and the file
/// opened writable is left byte for byte as it was.
/// </summary>
public sealed class MalformedHiveTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);
    private static readonly HiveOpenOptions Writable = new() { Writable = true };

    [Fact]
    public void A_root_cell_offset_past_the_hive_bins_is_refused()
    {
        var bytes = Bcd();
        SetHeader(bytes, BaseBlock.RootCellOffset, (uint)BaseBlock.HiveBinsSize(bytes) + 0x1000);

        var error = AssertRefusedWithoutWriting(bytes);

        Assert.Equal("root key node", error.Structure);
    }

    [Fact]
    public void A_root_cell_smaller_than_a_key_node_is_refused()
    {
        var bytes = Bcd();
        var map = HiveMap.Build("BCD", bytes);
        uint small = map.Cells.First(c => c.RawSize is < 0 and >= -16).Offset;
        SetHeader(bytes, BaseBlock.RootCellOffset, small);

        var error = AssertRefusedWithoutWriting(bytes);

        Assert.Equal("key node", error.Structure);
        Assert.Contains("smaller than a key node", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_name_length_past_its_cell_is_refused()
    {
        var bytes = Bcd();
        uint objects = CellOf(bytes, "Objects");
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(HiveMap.Data(objects) + KeyNode.NameLengthField), 0xFFFF);

        var error = AssertRefusedWithoutWriting(bytes, hive => hive.Root.CreateSubkey("Objects"));

        Assert.Equal("key node", error.Structure);
        Assert.Equal(HiveMap.File(objects), error.Offset);
    }

    [Fact]
    public void A_value_count_larger_than_its_value_list_cell_is_refused()
    {
        var bytes = Bcd();
        uint description = CellOf(bytes, "Description");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HiveMap.Data(description) + KeyNode.ValueCountField), 100_000);

        var error = AssertRefusedWithoutWriting(bytes, hive => hive.OpenKey("Description")!.SetValue("New", RegistryValueType.DWord, RegistryData.DWord(1)));

        Assert.Equal("value list", error.Structure);
    }

    [Fact]
    public void A_subkey_list_count_past_its_cell_is_refused()
    {
        var bytes = Bcd();
        uint list = SubkeyListOf(bytes, "Objects");
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(HiveMap.Data(list) + 2), 0xFFFF);

        var error = AssertRefusedWithoutWriting(bytes, hive => hive.OpenKey("Objects")!.CreateSubkey("{new}"));

        Assert.Equal("lf list", error.Structure); // regipy BCD is version 1.3: lf leaves
        Assert.Equal(HiveMap.File(list), error.Offset);
    }

    [Fact]
    public void An_index_root_entry_pointing_at_an_index_root_is_refused()
    {
        var bytes = Bcd();
        uint list = SubkeyListOf(bytes, "Objects");
        WriteRi(bytes, list, list);

        var error = AssertRefusedWithoutWriting(bytes, hive => hive.OpenKey("Objects")!.CreateSubkey("{new}"));

        Assert.Equal("ri list", error.Structure);
    }

    [Fact]
    public void Two_index_roots_pointing_at_each_other_are_refused()
    {
        var bytes = Bcd();
        uint objects = SubkeyListOf(bytes, "Objects");
        uint elements = SubkeyListOf(bytes, @"Objects\{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}");
        WriteRi(bytes, objects, elements);
        WriteRi(bytes, elements, objects);

        var error = AssertRefusedWithoutWriting(bytes, hive => hive.OpenKey("Objects")!.DeleteSubkeyTree("{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}"));

        Assert.Equal("ri list", error.Structure);
    }

    [Fact]
    public void A_key_listing_itself_as_a_subkey_is_refused_as_a_cycle()
    {
        var bytes = Bcd();
        uint objects = CellOf(bytes, "Objects");
        uint list = SubkeyListOf(bytes, "Objects");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HiveMap.Data(list) + 4), objects); // first lf entry

        var error = AssertRefusedWithoutWriting(bytes);

        Assert.Equal("key node", error.Structure);
        Assert.Contains("cycle", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_a_key_that_lists_itself_as_a_subkey_fails_without_writing()
    {
        var bytes = Bcd();
        uint objects = CellOf(bytes, "Objects");
        uint list = SubkeyListOf(bytes, "Objects");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HiveMap.Data(list) + 4), objects);

        AssertRefusedWithoutWriting(bytes, hive => hive.Root.DeleteSubkeyTree("Objects"), readFirst: false);
    }

    [Fact]
    public void A_key_listing_the_root_as_a_subkey_is_refused_as_a_cycle()
    {
        var bytes = Bcd();
        uint list = SubkeyListOf(bytes, @"Objects\{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HiveMap.Data(list) + 4), BaseBlock.RootCell(bytes));

        var error = AssertRefusedWithoutWriting(bytes);

        Assert.Equal("key node", error.Structure);
    }

    [Fact]
    public void A_big_data_segment_count_that_does_not_match_the_length_is_refused()
    {
        var bytes = SyntheticHive.Create();
        var map = HiveMap.Build("synthetic", bytes);
        uint db = Assert.Single(map.BigDataCells);
        int at = HiveMap.Data(db) + 2;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at)) + 1));

        var error = AssertRefusedWithoutWriting(bytes, hive => hive.OpenKey("Big")!.SetValue("Blob", RegistryValueType.Binary, new byte[10]));

        Assert.Equal("big data", error.Structure);
        Assert.Equal(HiveMap.File(db), error.Offset);
    }

    [Fact]
    public void A_hive_bin_recording_the_wrong_offset_is_refused()
    {
        var bytes = Bcd();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(BaseBlock.Size + 0x2000 + 4), 0x3000);

        var error = AssertRefusedWithoutWriting(bytes);

        Assert.Equal("hive bin", error.Structure);
        Assert.Equal(BaseBlock.Size + 0x2000, error.Offset);
    }

    [Fact]
    public void A_hive_bins_size_larger_than_the_file_is_refused()
    {
        var bytes = Bcd();
        SetHeader(bytes, BaseBlock.HiveBinsSizeOffset, BaseBlock.HiveBinsSize(bytes) + 0x1000);

        var error = AssertRefusedWithoutWriting(bytes);

        Assert.Equal("base block", error.Structure);
        Assert.Equal(BaseBlock.HiveBinsSizeOffset, error.Offset);
    }

    [Fact]
    public void A_hive_bin_of_size_zero_is_refused()
    {
        var bytes = Bcd();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(BaseBlock.Size + 0x1000 + 8), 0);

        var error = AssertRefusedWithoutWriting(bytes);

        Assert.Equal("hive bin", error.Structure);
        Assert.Equal(BaseBlock.Size + 0x1000, error.Offset);
    }

    [Fact]
    public void A_value_cell_of_size_zero_is_refused_when_read()
    {
        var bytes = Bcd();
        uint value;
        using (var hive = Hive.Load(bytes))
        {
            value = hive.Values.ValueOffsets(hive.OpenKey("Description")!.Cell)[0]; // KeyName
        }

        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan((int)HiveMap.File(value)), 0);

        var error = AssertRefusedWithoutWriting(bytes, hive => hive.OpenKey("Description")!.DeleteValue("KeyName"));

        Assert.Equal("value", error.Structure);
        Assert.Equal(HiveMap.File(value), error.Offset);
    }

    [Fact]
    public void A_free_cell_of_size_zero_does_not_loop_forever_and_stops_allocation()
    {
        var bytes = Bcd();
        var map = HiveMap.Build("BCD", bytes);
        uint free = map.Cells.First(c => c.RawSize > 0).Offset;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan((int)HiveMap.File(free)), 0);

        // Reading never walks free cells; the checker and the allocator do, and must stop at once.
        RunWithin(() =>
        {
            using var hive = Hive.Load(bytes);
            ReadEverything(hive);
            var report = HiveChecker.Check(hive);
            Assert.Contains(report.Problems, p => p.Contains("does not tile", StringComparison.Ordinal));
        });
        var error = AssertRefusedWithoutWriting(bytes, hive => hive.Root.CreateSubkey("Needs a cell"));

        Assert.Equal("cell", error.Structure);
        Assert.Equal(HiveMap.File(free), error.Offset);
    }

    [Fact]
    public void An_allocated_cell_of_size_zero_in_a_bin_does_not_loop_forever()
    {
        var bytes = Bcd();
        var map = HiveMap.Build("BCD", bytes);
        uint unreferenced = map.Cells.Last(c => c.RawSize < 0).Offset;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan((int)HiveMap.File(unreferenced)), 0);

        RunWithin(() =>
        {
            using var hive = Hive.Load(bytes);
            var report = HiveChecker.Check(hive);
            Assert.False(report.IsSound);
        });
        AssertRefusedWithoutWriting(bytes, hive =>
        {
            hive.Root.CreateSubkey("Needs a cell");
            hive.Commit();
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(4095)]
    public void A_file_shorter_than_a_base_block_is_refused(int length)
    {
        var bytes = Bcd()[..length];

        var error = AssertRefusedWithoutWriting(bytes);

        Assert.Equal("base block", error.Structure);
    }

    [Fact]
    public void A_dirty_header_in_a_file_shorter_than_a_base_block_is_refused_as_malformed()
    {
        var bytes = Bcd()[..4095];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(BaseBlock.PrimarySequenceOffset), 1000);

        var error = AssertRefusedWithoutWriting(bytes);

        Assert.Equal("base block", error.Structure);
    }

    public static TheoryData<string> NotHives() => ["text", "zeros", "random", "elf", "log"];

    [Theory]
    [MemberData(nameof(NotHives))]
    public void A_file_that_is_not_a_hive_is_refused(string kind)
    {
        byte[] bytes = kind switch
        {
            "text" => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Windows Registry Editor Version 5.00\r\n[HKEY_LOCAL_MACHINE\\SYSTEM]\r\n", 300))),
            "zeros" => new byte[16384],
            "random" => Commit.PageCountTests.Pattern(16384, seed: 99),
            "elf" => File.ReadAllBytes("/bin/true"),
            _ => File.ReadAllBytes(Corpus.File("museum/Win11/SAM.LOG1")), // a transaction log, not a primary file
        };

        var error = AssertRefusedWithoutWriting(bytes);

        Assert.Equal("base block", error.Structure);
    }

    [Fact]
    public void A_commit_after_an_edit_failed_half_way_writes_nothing()
    {
        // Deleting System frees Services and its five subkeys first, then meets the broken value
        // list of a later sibling: the image is half edited when the exception comes.
        var bytes = SyntheticHive.Create();
        uint japanese = CellOf(bytes, @"System\日本語");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HiveMap.Data(japanese) + KeyNode.ValueCountField), 100_000);
        using var dir = new TemporaryDirectory();
        var path = dir.File("hive");
        File.WriteAllBytes(path, bytes);
        var hash = SHA256.HashData(bytes);

        RunWithin(() =>
        {
            using var stream = Commit.InstrumentedStream.OverFile(path);
            using var hive = Hive.Open(stream, path, logs: null, options: Writable);
            var before = hive.ToArray();
            var error = Assert.Throws<HiveFormatException>(() => hive.Root.DeleteSubkeyTree("System"));
            Assert.Equal("value list", error.Structure);
            Assert.False(before.AsSpan().SequenceEqual(hive.ToArray()), "the failed deletion was expected to change the image before it failed (else this test tests nothing)");

            try
            {
                var result = hive.Commit();
                Assert.Equal(0, result.BytesWritten);
            }
            catch (InvalidOperationException)
            {
                // The engine documents this: after a failed edit the hive refuses to write.
            }

            Assert.Equal(0, stream.WriteCalls);
            Assert.Equal(0, stream.SetLengthCalls);
        });

        Assert.Equal(hash, SHA256.HashData(File.ReadAllBytes(path)));
    }

    [Fact]
    public void A_security_ring_link_to_itself_is_reported_not_followed_forever()
    {
        var bytes = Bcd();
        var map = HiveMap.Build("BCD", bytes);
        Assert.True(map.SecurityCells.Count > 1, "the test needs a ring of several sk cells");
        uint sk = map.SecurityCells[1];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HiveMap.Data(sk) + SecurityCell.FlinkField), sk);

        RunWithin(() =>
        {
            using var hive = Hive.Load(bytes);
            ReadEverything(hive);
            var report = HiveChecker.Check(hive);
            Assert.Contains(report.Problems, p => p.Contains("security", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void Creating_a_subkey_whose_existing_entry_has_a_wrong_hash_opens_it_or_is_refused()
    {
        // hivex/special is version 1.5: lh leaves. The second entry's name hash no longer matches
        // "weird™", so a look-up by hash misses it while the sorted insert meets it.
        var bytes = File.ReadAllBytes(Corpus.File("hivex/special"));
        uint list = SubkeyListOf(bytes, "");
        Assert.Equal(SubkeyList.HashLeaf, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(HiveMap.Data(list))));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HiveMap.Data(list) + 4 + 8 + 4), 0xDEADBEEF);
        using var dir = new TemporaryDirectory();
        var path = dir.File("hive");
        File.WriteAllBytes(path, bytes);

        RunWithin(() =>
        {
            using var hive = Hive.Open(path, Writable);
            var existing = hive.Root.GetSubkeys()[1];
            Assert.Equal("weird™", existing.Name);
            Exception? error = null;
            try
            {
                var opened = hive.Root.CreateSubkey("weird™");
                Assert.Equal(existing.Path, opened.Path);
                Assert.Equal(3, hive.Root.SubkeyCount); // opened, not created twice
                hive.Commit();
            }
            catch (Exception e)
            {
                error = e;
            }

            Assert.True(error is null or HiveFormatException, $"CreateSubkey threw {error?.GetType().Name} on a damaged list: {error}");
        });

        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(File.ReadAllBytes(path)));
    }

    [Fact]
    public void A_cell_whose_size_swallows_live_neighbours_is_reported_by_the_checker()
    {
        var (bytes, swallower, swallowed) = SwallowingCell();

        using var hive = Hive.Load(bytes);
        var report = HiveChecker.Check(hive);

        Assert.False(report.IsSound, $"cell 0x{HiveMap.File(swallower):X} now covers {swallowed} live cells, which the tiling walk never sees, yet the checker says: {report}");
    }

    [Fact]
    public void Editing_a_hive_with_a_cell_that_swallows_live_neighbours_never_commits_a_broken_hive()
    {
        var (bytes, swallower, _) = SwallowingCell();
        string before;
        using (var hive = Hive.Load(bytes))
        {
            before = Commit.TreeDump.Of(hive); // every key and value still reads
        }

        using var dir = new TemporaryDirectory();
        var path = dir.File("BCD");
        File.WriteAllBytes(path, bytes);
        string owner = "";
        try
        {
            using var hive = Hive.Open(path, Writable);
            var (key, value) = ValueWithData(hive, swallower);
            owner = key.Path;
            int room = -BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan((int)HiveMap.File(swallower)));

            // Free the big cell, then ask for a cell of its size: first fit hands out the swallowed cells.
            key.DeleteValue(value);
            key.SetValue("Filler", RegistryValueType.Binary, Enumerable.Repeat((byte)0xEE, room - 8).ToArray());
            hive.Commit();
        }
        catch (HiveFormatException)
        {
            Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(File.ReadAllBytes(path)));
            return; // refused: fine
        }

        // Committed: everything but the edited key must read as before.
        string after;
        try
        {
            using var hive = Hive.Open(path);
            after = Commit.TreeDump.Of(hive);
        }
        catch (HiveFormatException e)
        {
            Assert.Fail($"the edit of {owner} was committed as a clean hive that no longer reads: {e.Message}");
            return;
        }

        var lost = before.Split('\n').Except(after.Split('\n')).Where(l => !l.StartsWith("K " + owner + "|", StringComparison.Ordinal)).ToList();
        Assert.True(lost.Count == 0, "committed edit destroyed other keys/values: " + string.Join(" | ", lost.Take(5)));
    }

    private static byte[] Bcd() => File.ReadAllBytes(Corpus.File("regipy/BCD.xz"));

    /// <summary>
    /// regipy BCD with the first value-data cell of its third bin enlarged (size field only) to swallow
    /// the cells after it (live ones among them), up to at least 1 KiB, ending on a cell boundary (more
    /// than any earlier free cell, so first fit picks it once it is freed): the cells still tile
    /// their bin and every key and value still reads, but live cells now sit inside another cell.
    /// </summary>
    private static (byte[] Bytes, uint Swallower, int Swallowed) SwallowingCell()
    {
        var bytes = Bcd();
        var map = HiveMap.Build("BCD", bytes);
        var data = map.DataCells.ToHashSet();
        var cells = map.Cells;
        int first = cells.FindIndex(c => data.Contains(c.Offset) && c.Offset is >= 0x2000 and < 0x2800);
        int total = -cells[first].RawSize;
        int next = first + 1;
        int live = 0;
        while (total < 1024)
        {
            live += cells[next].RawSize < 0 ? 1 : 0;
            total += Math.Abs(cells[next].RawSize);
            next++;
        }

        Assert.True(live > 0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan((int)HiveMap.File(cells[first].Offset)), -total);
        return (bytes, cells[first].Offset, live);
    }

    private static (RegistryKey Key, string Value) ValueWithData(Hive hive, uint dataCell)
    {
        foreach (var key in hive.EnumerateTree())
        {
            foreach (uint vk in hive.Values.ValueOffsets(key.Cell))
            {
                var record = hive.Values.Record(vk);
                if (!ValueEntry.IsInline(record) && ValueEntry.DataOffset(record) == dataCell)
                {
                    return (key, ValueEntry.Name(record));
                }
            }
        }

        throw new InvalidOperationException($"no value keeps its data in cell 0x{dataCell:X}");
    }

    /// <summary>
    /// Opens the bytes writable from a file, reads everything and runs the edit (when given) and a
    /// commit: a HiveFormatException must come out within the time limit, and the file must not change.
    /// </summary>
    private static HiveFormatException AssertRefusedWithoutWriting(byte[] bytes, Action<Hive>? edit = null, bool readFirst = true)
    {
        using var dir = new TemporaryDirectory();
        var path = dir.File("hive");
        File.WriteAllBytes(path, bytes);
        var hash = SHA256.HashData(bytes);
        HiveFormatException? error = null;

        RunWithin(() => error = Assert.Throws<HiveFormatException>(() =>
        {
            using var hive = Hive.Open(path, Writable);
            if (readFirst)
            {
                ReadEverything(hive);
            }

            edit?.Invoke(hive);
            hive.Commit();
        }));

        Assert.Equal(hash, SHA256.HashData(File.ReadAllBytes(path)));

        if (edit is null)
        {
            // Read-only loading must refuse it the same way, also when forced past a dirty header.
            RunWithin(() => Assert.Throws<HiveFormatException>(() =>
            {
                using var hive = Hive.Load(bytes, options: new HiveOpenOptions { ForceDirty = true });
                ReadEverything(hive);
            }));
        }

        return error!;
    }

    private static void ReadEverything(Hive hive)
    {
        foreach (var key in hive.EnumerateTree())
        {
            _ = key.ClassName;
            _ = key.LastWriteTime;
            foreach (var value in key.GetValues())
            {
                _ = value.Data;
            }
        }
    }

    private static void RunWithin(Action action)
    {
        var task = Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!task.Wait(Limit, TestContext.Current.CancellationToken))
        {
            Assert.Fail($"did not finish within {Limit.TotalSeconds} s (a hang on malformed input)");
        }

        task.GetAwaiter().GetResult();
    }

    private static void SetHeader(byte[] bytes, int offset, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), value);
        BaseBlock.UpdateChecksum(bytes.AsSpan(0, BaseBlock.Size)); // stays clean: the defect, not the dirty header, must be what is refused
    }

    private static uint CellOf(byte[] bytes, string path)
    {
        using var hive = Hive.Load(bytes);
        return hive.OpenKey(path)!.Cell;
    }

    private static uint SubkeyListOf(byte[] bytes, string path) =>
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(HiveMap.Data(CellOf(bytes, path)) + KeyNode.SubkeyListField));

    private static void WriteRi(byte[] bytes, uint cell, uint entry)
    {
        int at = HiveMap.Data(cell);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), SubkeyList.IndexRoot);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 2), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), entry);
    }
}
