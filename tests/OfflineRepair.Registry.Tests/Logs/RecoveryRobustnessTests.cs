using System.Buffers.Binary;
using System.Diagnostics;
using OfflineRepair.Registry.Format;
using OfflineRepair.Registry.Logs;

namespace OfflineRepair.Registry.Tests.Logs;

/// <summary>
/// Hostile logs: whatever the bytes, Recover returns or throws HiveFormatException, quickly, without
/// touching its inputs and without allocating what a forged size asks for.
/// </summary>
public sealed class RecoveryRobustnessTests
{
    private const int Mutations = 2000;

    [Fact]
    public void MutatedNewDirtyHive1Logs_NeverCrashHangOrModifyInputs()
    {
        var hive = CorpusHive.Load("yarp/NewDirtyHive1/NewDirtyHive", "yarp/NewDirtyHive1/NewDirtyHive.LOG1", "yarp/NewDirtyHive1/NewDirtyHive.LOG2");
        var originals = hive.Logs.Select(l => l.Data).ToArray();
        var entryOffsets = originals.Select(EntryOffsets).ToArray();
        var random = new Random(0x5EED);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;

        for (int i = 0; i < Mutations; i++)
        {
            var logs = originals.Select(d => (byte[])d.Clone()).ToArray();
            int target = random.Next(logs.Length);
            string kind = Mutate(random, ref logs[target], entryOffsets[target]);
            if (random.Next(4) == 0)
            {
                // Sometimes damage the other log too, so both chains are hostile at once.
                int other = 1 - target;
                Mutate(random, ref logs[other], entryOffsets[other]);
            }

            var primary = (byte[])hive.Primary.Clone();
            var primarySnapshot = (byte[])primary.Clone();
            var logSnapshots = logs.Select(l => (byte[])l.Clone()).ToArray();
            var input = new[] { new HiveLogFile("NewDirtyHive.LOG1", logs[0]), new HiveLogFile("NewDirtyHive.LOG2", logs[1]) };

            var watch = Stopwatch.StartNew();
            string outcome;
            try
            {
                var result = HiveRecovery.Recover(primary, input);
                outcome = result is null ? "null" : $"last {result.LastSequence}";
                if (result is not null)
                {
                    AssertConsistent(result);
                }
            }
            catch (HiveFormatException)
            {
                outcome = "HiveFormatException";
            }
            catch (Exception e)
            {
                Assert.Fail($"mutation {i} ({kind}) threw {e.GetType().Name}: {e.Message}");
                throw;
            }

            watch.Stop();
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            Assert.True(primary.AsSpan().SequenceEqual(primarySnapshot), $"mutation {i} ({kind}) modified the primary");
            for (int l = 0; l < logs.Length; l++)
            {
                Assert.True(logs[l].AsSpan().SequenceEqual(logSnapshots[l]), $"mutation {i} ({kind}) modified log {l}");
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.True(slowest < TimeSpan.FromSeconds(2), $"slowest recovery took {slowest}");
        Assert.True(total.Elapsed < TimeSpan.FromSeconds(60), $"{Mutations} recoveries took {total.Elapsed}");

        // The mutations must reach every outcome, or they test nothing: untouched full replay, a
        // shortened chain (LOG1's entry only, last 2... or a prefix of LOG2) and no usable log.
        Assert.True(outcomes.GetValueOrDefault("last 5") > 0, Describe(outcomes));
        Assert.True(outcomes.Keys.Count(k => k.StartsWith("last ", StringComparison.Ordinal) && k != "last 5") > 0, Describe(outcomes));
        Assert.True(outcomes.GetValueOrDefault("null") > 0, Describe(outcomes));
    }

    [Theory]
    [InlineData(0x7FFF_F000u)]
    [InlineData(0xFFFF_F000u)]
    [InlineData(0x0800_0000u)]
    public void ValidlyHashedEntry_ClaimingAHugeHiveBinsSize_IsRejectedNotAllocated(uint binsSize)
    {
        var hive = CorpusHive.Load("yarp/NewDirtyHive1/NewDirtyHive", "yarp/NewDirtyHive1/NewDirtyHive.LOG1", "yarp/NewDirtyHive1/NewDirtyHive.LOG2");
        var log2 = (byte[])hive.Logs[1].Data.Clone();
        int second = EntryOffsets(log2)[1];
        BinaryPrimitives.WriteUInt32LittleEndian(log2.AsSpan(second + 16), binsSize);
        Rehash(log2, second);
        Assert.False(NewFormatLog.TryReadEntry(log2, second, maxHiveBinsSize: 1 << 20, out _, out var problem));
        Assert.Contains("exceeds", problem, StringComparison.Ordinal);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = HiveRecovery.Recover(hive.Primary, [hive.Logs[0], new HiveLogFile("NewDirtyHive.LOG2", log2)]);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // LOG1's entry 2 and LOG2's entry 3 apply; the forged entry 4 stops the chain.
        Assert.NotNull(result);
        Assert.Equal(3u, result.LastSequence);
        Assert.Equal(2, result.EntriesApplied);
        Assert.True(allocated < 16 << 20, $"allocated {allocated} bytes");
        AssertConsistent(result);
    }

    [Fact]
    public void ValidlyHashedEntry_WithAPageOutsideTheHiveBins_StopsTheChain()
    {
        var hive = CorpusHive.Load("yarp/NewDirtyHive1/NewDirtyHive", "yarp/NewDirtyHive1/NewDirtyHive.LOG1", "yarp/NewDirtyHive1/NewDirtyHive.LOG2");
        var log2 = (byte[])hive.Logs[1].Data.Clone();
        int first = EntryOffsets(log2)[0];
        uint binsSize = BinaryPrimitives.ReadUInt32LittleEndian(log2.AsSpan(first + 16));
        BinaryPrimitives.WriteUInt32LittleEndian(log2.AsSpan(first + 40), binsSize - 512);
        Rehash(log2, first);

        var result = HiveRecovery.Recover(hive.Primary, [hive.Logs[0], new HiveLogFile("NewDirtyHive.LOG2", log2)]);

        Assert.NotNull(result);
        Assert.Equal(2u, result.LastSequence);
        Assert.Equal(["NewDirtyHive.LOG1"], result.LogsApplied);
    }

    [Fact]
    public void ValidlyHashedEntries_GrowingAndShrinkingTheHive_NeverResurrectOldBytes()
    {
        // Entry 3 grows the bins from 20 to 28 KiB and writes its page at 24 KiB, entry 4 shrinks
        // them back to 20 KiB, entry 5 grows them to 28 KiB again: the regrown area must be zero, as
        // on a file that was truncated and extended, not hold entry 3's page.
        var hive = CorpusHive.Load("yarp/NewDirtyHive1/NewDirtyHive", "yarp/NewDirtyHive1/NewDirtyHive.LOG1", "yarp/NewDirtyHive1/NewDirtyHive.LOG2");
        var log2 = (byte[])hive.Logs[1].Data.Clone();
        var offsets = EntryOffsets(log2);
        const int Small = 20_480, Large = 28_672;
        Assert.Equal((uint)Small, BinaryPrimitives.ReadUInt32LittleEndian(log2.AsSpan(offsets[1] + 16)));
        BinaryPrimitives.WriteUInt32LittleEndian(log2.AsSpan(offsets[0] + 16), Large);
        BinaryPrimitives.WriteUInt32LittleEndian(log2.AsSpan(offsets[0] + 40), 24_576);
        Rehash(log2, offsets[0]);
        BinaryPrimitives.WriteUInt32LittleEndian(log2.AsSpan(offsets[2] + 16), Large);
        Rehash(log2, offsets[2]);

        var result = HiveRecovery.Recover(hive.Primary, [hive.Logs[0], new HiveLogFile("NewDirtyHive.LOG2", log2)]);

        Assert.NotNull(result);
        Assert.Equal(5u, result.LastSequence);
        Assert.Equal(4, result.EntriesApplied);
        Assert.Equal(BaseBlock.Size + Large, result.Image.Length);
        Assert.True(result.Image.AsSpan(BaseBlock.Size + Small).IndexOfAnyExcept((byte)0) < 0, "bytes past the shrunk end came back");
    }

    private static string Describe(Dictionary<string, int> outcomes) =>
        string.Join(", ", outcomes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}"));

    private static void AssertConsistent(RecoveryResult result)
    {
        var image = result.Image;
        Assert.True(image.Length >= BaseBlock.Size);
        Assert.Equal((uint)(image.Length - BaseBlock.Size), BaseBlock.HiveBinsSize(image));
        Assert.Equal(result.LastSequence, BaseBlock.PrimarySequence(image));
        Assert.Equal(result.LastSequence, BaseBlock.SecondarySequence(image));
        Assert.Equal(BaseBlock.FileTypePrimary, BaseBlock.FileType(image));
        Assert.True(BaseBlock.ChecksumIsValid(image));
        Assert.InRange(result.EntriesApplied, 1, 4);
    }

    private static string Mutate(Random random, ref byte[] log, int[] entries)
    {
        switch (random.Next(6))
        {
            case 0:
            {
                int flips = random.Next(1, 9);
                for (int f = 0; f < flips && log.Length > 0; f++)
                {
                    log[random.Next(log.Length)] ^= (byte)random.Next(1, 256);
                }

                return $"flip {flips} bytes";
            }

            case 1:
            {
                int length = random.Next(4) == 0 ? random.Next(0, 1024) : random.Next(log.Length);
                log = log[..length];
                return $"truncate to {length}";
            }

            case 2:
            case 3:
            {
                // A forged field in an entry header or page reference, re-hashed half the time so
                // that validation past the hashes is exercised too.
                int entry = entries[random.Next(entries.Length)];
                int[] fields = [4, 8, 12, 16, 20, 40, 44, 48, 52];
                int field = fields[random.Next(fields.Length)];
                uint[] values = [0xFFFFFFFF, 0x80000000, 0x7FFFFFFF, 0x7FFFF000, 0xFFFFF000, 0, 1, 511, 512, 4096, (uint)log.Length, (uint)log.Length + 512, (uint)random.Next()];
                uint value = values[random.Next(values.Length)];
                if (entry + field + 4 <= log.Length)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(log.AsSpan(entry + field), value);
                }

                bool rehash = random.Next(2) == 0;
                if (rehash)
                {
                    Rehash(log, entry);
                }

                return $"entry@{entry} field {field} := 0x{value:X}{(rehash ? " rehashed" : "")}";
            }

            case 4:
            {
                // A forged log header (sequence, bins size, type) with a correct checksum.
                int[] fields = [BaseBlock.PrimarySequenceOffset, BaseBlock.HiveBinsSizeOffset, BaseBlock.FileTypeOffset, BaseBlock.ClusteringFactorOffset];
                int field = fields[random.Next(fields.Length)];
                uint value = (uint)random.Next(4) switch { 0 => 0xFFFFFFFF, 1 => 0x7FFFF000, 2 => 1, _ => (uint)random.Next() };
                if (log.Length >= 512)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(log.AsSpan(field), value);
                    if (field == BaseBlock.PrimarySequenceOffset)
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(log.AsSpan(BaseBlock.SecondarySequenceOffset), value);
                    }

                    BaseBlock.UpdateChecksum(log);
                }

                return $"header field {field} := 0x{value:X}";
            }

            default:
            {
                // Appended garbage, or a copy of the entries (stale duplicates after the chain).
                int extra = random.Next(1, 8) * 512;
                var grown = new byte[log.Length + extra];
                log.CopyTo(grown, 0);
                if (random.Next(2) == 0)
                {
                    random.NextBytes(grown.AsSpan(log.Length));
                }
                else
                {
                    log.AsSpan(512, Math.Min(extra, Math.Max(0, log.Length - 512))).CopyTo(grown.AsSpan(log.Length));
                }

                log = grown;
                return $"append {extra} bytes";
            }
        }
    }

    /// <summary>Recomputes Hash-1 and Hash-2 of the entry at <paramref name="entry"/>, as a forger would.</summary>
    private static void Rehash(byte[] log, int entry)
    {
        if (entry + 40 > log.Length)
        {
            return;
        }

        uint size = BinaryPrimitives.ReadUInt32LittleEndian(log.AsSpan(entry + 4));
        if (size >= 40 && entry + (long)size <= log.Length)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(log.AsSpan(entry + 24), Marvin32.Compute(log.AsSpan(entry + 40, (int)size - 40), Marvin32.RegistryLogSeed));
        }

        BinaryPrimitives.WriteUInt64LittleEndian(log.AsSpan(entry + 32), Marvin32.Compute(log.AsSpan(entry, 32), Marvin32.RegistryLogSeed));
    }

    private static int[] EntryOffsets(byte[] log)
    {
        var offsets = new List<int>();
        int offset = 512;
        while (offset + 40 <= log.Length && BinaryPrimitives.ReadUInt32LittleEndian(log.AsSpan(offset)) == NewFormatLog.EntrySignature)
        {
            offsets.Add(offset);
            offset += BinaryPrimitives.ReadInt32LittleEndian(log.AsSpan(offset + 4));
        }

        return [.. offsets];
    }
}
