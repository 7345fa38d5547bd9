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
}
