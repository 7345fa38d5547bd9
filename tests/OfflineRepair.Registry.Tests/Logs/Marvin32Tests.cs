using System.Buffers.Binary;
using OfflineRepair.Registry.Logs;

namespace OfflineRepair.Registry.Tests.Logs;

/// <summary>Marvin32 against published vectors and against the hashes Windows wrote into real logs.</summary>
public sealed class Marvin32Tests
{
    // Published Marvin32 test vectors (the 64-bit variant, high lane in the upper half): seed, input
    // bytes in hex, expected hash. They cover every tail length 0..3 the registry data never uses.
    [Theory]
    [InlineData(0x004FB61A001BDBCCUL, "", 0x30ED35C100CD3C7DUL)]
    [InlineData(0x004FB61A001BDBCCUL, "af", 0x48E73FC77D75DDC1UL)]
    [InlineData(0x004FB61A001BDBCCUL, "e70f", 0xB5F6E1FC485DBFF8UL)]
    [InlineData(0x004FB61A001BDBCCUL, "37f495", 0xF0B07C789B8CF7E8UL)]
    [InlineData(0x004FB61A001BDBCCUL, "8642dc59", 0x7008F2E87E9CF556UL)]
    [InlineData(0x004FB61A001BDBCCUL, "153fb79826", 0xE6C08C6DA2AFA997UL)]
    [InlineData(0x004FB61A001BDBCCUL, "0932e6246c47", 0x6F04BF1A5EA24060UL)]
    [InlineData(0x004FB61A001BDBCCUL, "ab427ea8d10fc7", 0xE11847E4F0678C41UL)]
    [InlineData(0x804FB61A001BDBCCUL, "", 0x10A9D5D3996FD65DUL)]
    [InlineData(0x804FB61A801BDBCCUL, "00FF00FF00FF00", 0x71876F2EFB1B0EE8UL)]
    [InlineData(0x804FB61A801BDBCCUL, "FF00FF00", 0xD3BEC7726B057943UL)]
    public void Compute_MatchesPublishedVectors(ulong seed, string hex, ulong expected)
    {
        Assert.Equal(expected, Marvin32.Compute(Convert.FromHexString(hex), seed));
    }

    /// <summary>
    /// Every entry the replay applied, in every corpus hive with new-format logs, carries Hash-1 and
    /// Hash-2 equal to ours: the hash is proven on Windows' own data, not only on vectors.
    /// </summary>
    [Theory]
    [MemberData(nameof(CorpusHive.WithNewFormatLogs), MemberType = typeof(CorpusHive))]
    public void EveryAppliedCorpusEntry_HasMatchingHashes(string primary, string[] logs)
    {
        var hive = CorpusHive.Load(primary, logs);
        var result = HiveRecovery.Recover(hive.Primary, hive.Logs);
        Assert.NotNull(result);

        int verified = 0;
        foreach (var name in result.LogsApplied)
        {
            var data = hive.Logs.Single(l => l.Name == name).Data;
            uint expected = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(4));
            int offset = 512;

            // Walk the entries with this test's own reading of the layout, independent of NewFormatLog.
            while (offset + 40 <= data.Length && BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset)) == 0x454C7648)
            {
                int size = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(offset + 4));
                uint sequence = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset + 12));
                if (sequence != expected || SequenceNumber.IsBefore(result.LastSequence, sequence))
                {
                    break;
                }

                var entry = data.AsSpan(offset, size);
                Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(entry[24..]), Marvin32.Compute(entry[40..], Marvin32.RegistryLogSeed));
                Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(entry[32..]), Marvin32.Compute(entry[..32], Marvin32.RegistryLogSeed));
                verified++;
                expected++;
                offset += size;
            }
        }

        Assert.Equal(result.EntriesApplied, verified);
    }

    /// <summary>
    /// Stale logs are Windows' data too: every HvLE entry in every corpus log, applied or not, passes
    /// the full entry validation, and each log's entries form one unbroken chain.
    /// </summary>
    [Theory]
    [InlineData("museum/Win11/SAM.LOG1", 1)]
    [InlineData("museum/Win11/SAM.LOG2", 1)]
    [InlineData("museum/Win11/BCD-Template.LOG", 1)]
    [InlineData("museum/Win11/DEFAULT.LOG1", 2)]
    [InlineData("museum/Win11/DEFAULT.LOG2", 2)]
    [InlineData("dfwinreg/NTUSER.DAT.LOG", 1)]
    [InlineData("regipy/transactions_ntuser.dat.log2.xz", 1)]
    [InlineData("regipy/transactions_ntuser.dat.log1.xz", 23)]
    [InlineData("regipy/SYSTEM_B.LOG2.xz", 20)]
    public void EveryCorpusEntry_IncludingStaleOnes_Validates(string log, int entries)
    {
        var data = File.ReadAllBytes(CorpusHive.CorpusFile(log));
        var file = NewFormatLog.TryOpen(new HiveLogFile(log, data), HiveRecovery.MaxHiveBinsSize);
        Assert.NotNull(file);

        var chain = file.ReadChain(HiveRecovery.MaxHiveBinsSize);

        Assert.Equal(entries, chain.Count);
        int next = chain[^1].LogOffset + chain[^1].Size;
        Assert.False(next + 4 <= data.Length && BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(next)) == NewFormatLog.EntrySignature, "an entry follows the chain");
    }

    [Theory]
    [InlineData(4)]        // entry size field (covered by Hash-2)
    [InlineData(12)]       // sequence number (covered by Hash-2)
    [InlineData(24)]       // Hash-1 itself
    [InlineData(33)]       // Hash-2 itself
    [InlineData(40)]       // first page reference (covered by Hash-1)
    [InlineData(600)]      // page data (covered by Hash-1)
    public void CorruptedByte_MakesTheEntryRejected(int byteInEntry)
    {
        var hive = CorpusHive.Load("yarp/NewDirtyHive1/NewDirtyHive", "yarp/NewDirtyHive1/NewDirtyHive.LOG1");
        var log = (byte[])hive.Logs[0].Data.Clone();
        Assert.True(NewFormatLog.TryReadEntry(log, 512, HiveRecovery.MaxHiveBinsSize, out var intact, out _));
        Assert.Equal(2u, intact.Sequence);

        log[512 + byteInEntry] ^= 0x20;

        Assert.False(NewFormatLog.TryReadEntry(log, 512, HiveRecovery.MaxHiveBinsSize, out _, out var problem));
        Assert.NotEmpty(problem);

        // With its only entry rejected, LOG1 contributes nothing: the hive has no usable log.
        Assert.Null(HiveRecovery.Recover(hive.Primary, [new HiveLogFile("NewDirtyHive.LOG1", log)]));
    }
}
