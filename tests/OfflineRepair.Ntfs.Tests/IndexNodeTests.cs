using System.Buffers.Binary;

namespace OfflineRepair.Ntfs.Tests;

public sealed class IndexNodeTests
{
    /// <summary>An INDEX_HEADER followed by one $I30 entry named "a" and the last entry.</summary>
    private static byte[] Node(int entryLength = 0x58)
    {
        var n = new byte[0x10 + 0x58 + 0x10 + 16];
        BinaryPrimitives.WriteUInt32LittleEndian(n, 0x10);
        BinaryPrimitives.WriteUInt32LittleEndian(n.AsSpan(4), 0x10 + 0x58 + 0x10);
        BinaryPrimitives.WriteUInt32LittleEndian(n.AsSpan(8), (uint)n.Length);
        var e = n.AsSpan(0x10);
        BinaryPrimitives.WriteUInt64LittleEndian(e, 64);
        BinaryPrimitives.WriteUInt16LittleEndian(e[8..], (ushort)entryLength);
        BinaryPrimitives.WriteUInt16LittleEndian(e[10..], 0x44);
        e[0x10 + 0x40] = 1; // name length
        e[0x10 + 0x41] = 1; // Win32
        e[0x10 + 0x42] = (byte)'a';
        var last = n.AsSpan(0x10 + 0x58);
        BinaryPrimitives.WriteUInt16LittleEndian(last[8..], 0x10);
        BinaryPrimitives.WriteUInt16LittleEndian(last[12..], 2);
        return n;
    }

    [Fact]
    public void Parses_a_leaf_node()
    {
        var entries = IndexEntry.ParseNode(Node(), "test", out var subnodes);
        Assert.False(subnodes);
        Assert.Equal(2, entries.Count);
        Assert.Equal("a", entries[0].Key!.Name);
        Assert.Equal(FileNameNamespace.Win32, entries[0].Key!.Namespace);
        Assert.True(entries[1].IsLast);
    }

    [Theory]
    [InlineData(0x400)] // past the node
    [InlineData(0x20)] // shorter than its key
    [InlineData(0x5C)] // not 8-aligned
    public void Entries_that_do_not_fit_are_refused(int length)
    {
        var e = Assert.Throws<NtfsFormatException>(() => IndexEntry.ParseNode(Node(length), "test", out _));
        Assert.Equal("index node", e.Structure);
    }

    [Fact]
    public void A_node_without_a_last_entry_is_refused()
    {
        var n = Node();
        n[0x10 + 0x58 + 12] = 0;
        Assert.Throws<NtfsFormatException>(() => IndexEntry.ParseNode(n, "test", out _));
    }
}
