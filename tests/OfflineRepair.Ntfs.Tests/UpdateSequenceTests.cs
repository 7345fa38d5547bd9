using System.Buffers.Binary;

namespace OfflineRepair.Ntfs.Tests;

public sealed class UpdateSequenceTests
{
    private static byte[] Protected(int size)
    {
        var block = new byte[size];
        for (var i = 0; i < size; i++)
        {
            block[i] = (byte)(i * 7);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(4), 0x30);
        BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(6), (ushort)((size / 512) + 1));
        BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(0x30), 0x0042);
        Support.Fixups.Protect(block);
        return block;
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(4096)]
    public void Restores_the_saved_words(int size)
    {
        var block = Protected(size);
        var original = (byte[])block.Clone();
        Support.Fixups.Remove(original);
        Assert.Null(UpdateSequence.TryApply(block));
        Assert.Equal(original, block);
        Assert.Equal(unchecked((byte)(510 * 7)), block[510]);
    }

    [Fact]
    public void A_torn_block_is_named()
    {
        var block = Protected(4096);
        block[(3 * 512) + 510] ^= 1;
        Assert.Contains("block 3", UpdateSequence.TryApply(block), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_count_is_refused()
    {
        var block = Protected(1024);
        BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(6), 9);
        Assert.NotNull(UpdateSequence.TryApply(block));
    }

    [Theory]
    [InlineData(1024, (ushort)0x0042, (ushort)0x0043)]
    [InlineData(4096, (ushort)0xFFFF, (ushort)1)]
    [InlineData(1024, (ushort)0, (ushort)1)]
    public void Protect_raises_the_number_once_and_matches_an_independent_protector(int size, ushort before, ushort after)
    {
        var block = Protected(size);
        Assert.Null(UpdateSequence.TryApply(block));
        BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(0x30), before);
        var plain = (byte[])block.Clone();

        Assert.Equal(after, UpdateSequence.Protect(block));

        var expected = (byte[])plain.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(expected.AsSpan(0x30), after);
        Support.Fixups.Protect(expected);
        Assert.Equal(expected, block);
        Assert.Null(UpdateSequence.TryApply(block));
        Assert.Equal(plain.AsSpan(0x32).ToArray(), block.AsSpan(0x32).ToArray());
    }
}
