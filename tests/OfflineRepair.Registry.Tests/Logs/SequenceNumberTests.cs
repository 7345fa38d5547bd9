using System.Buffers.Binary;
using OfflineRepair.Registry.Format;
using OfflineRepair.Registry.Logs;

namespace OfflineRepair.Registry.Tests.Logs;

public sealed class SequenceNumberTests
{
    [Theory]
    [InlineData(1u, 2u, true)]
    [InlineData(2u, 1u, false)]
    [InlineData(5u, 5u, false)]
    [InlineData(0xFFFFFFFFu, 0u, true)]
    [InlineData(0u, 0xFFFFFFFFu, false)]
    [InlineData(0xFFFFFF00u, 0x10u, true)]
    public void IsBefore_AllowsForWrapAround(uint a, uint b, bool expected)
    {
        Assert.Equal(expected, SequenceNumber.IsBefore(a, b));
        Assert.Equal(!expected, SequenceNumber.IsAtOrAfter(a, b));
    }

    [Fact]
    public void Replay_FollowsTheChainAcrossTheWrapOfTheSequenceNumber()
    {
        // NewDirtyHive1 renumbered so that its sequence numbers 2..5 become 0xFFFFFFFF, 0, 1, 2:
        // LOG1 (0xFFFFFFFF) must still count as the earlier log and LOG2 (0) as its continuation.
        var hive = CorpusHive.Load("yarp/NewDirtyHive1/NewDirtyHive", "yarp/NewDirtyHive1/NewDirtyHive.LOG1", "yarp/NewDirtyHive1/NewDirtyHive.LOG2");
        const uint shift = 0xFFFFFFFD;
        var primary = (byte[])hive.Primary.Clone();
        Renumber(primary, shift);
        var logs = hive.Logs.Select(l =>
        {
            var data = (byte[])l.Data.Clone();
            Renumber(data, shift);
            for (int offset = 512; offset + 40 <= data.Length && BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset)) == NewFormatLog.EntrySignature;)
            {
                int size = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(offset + 4));
                var entry = data.AsSpan(offset, size);
                BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], unchecked(BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]) + shift));
                BinaryPrimitives.WriteUInt64LittleEndian(entry[32..], Marvin32.Compute(entry[..32], Marvin32.RegistryLogSeed));
                offset += size;
            }

            return new HiveLogFile(l.Name, data);
        }).ToList();
        Assert.Equal(0xFFFFFFFFu, BaseBlock.PrimarySequence(logs[0].Data));
        Assert.Equal(0u, BaseBlock.PrimarySequence(logs[1].Data));

        var wrapped = HiveRecovery.Recover(primary, logs);
        var plain = HiveRecovery.Recover(hive.Primary, hive.Logs);

        Assert.NotNull(wrapped);
        Assert.NotNull(plain);
        Assert.Equal(2u, wrapped.LastSequence);
        Assert.Equal(4, wrapped.EntriesApplied);
        Assert.Equal(["NewDirtyHive.LOG1", "NewDirtyHive.LOG2"], wrapped.LogsApplied);
        Assert.True(plain.Image.AsSpan(BaseBlock.Size).SequenceEqual(wrapped.Image.AsSpan(BaseBlock.Size)));
    }

    private static void Renumber(byte[] baseBlock, uint shift)
    {
        BaseBlock.SetPrimarySequence(baseBlock, unchecked(BaseBlock.PrimarySequence(baseBlock) + shift));
        BaseBlock.SetSecondarySequence(baseBlock, unchecked(BaseBlock.SecondarySequence(baseBlock) + shift));
        BaseBlock.UpdateChecksum(baseBlock);
    }
}
