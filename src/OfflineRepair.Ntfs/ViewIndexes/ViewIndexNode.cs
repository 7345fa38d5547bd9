using System.Buffers.Binary;
using B = OfflineRepair.Ntfs.NtfsLayout.IndexBlock;
using H = OfflineRepair.Ntfs.NtfsLayout.IndexHeader;
using M = OfflineRepair.Ntfs.NtfsLayout.MultiSector;

namespace OfflineRepair.Ntfs.ViewIndexes;

/// <summary>
/// One node of a view index B+ tree, as a list of whole entries (the end entry last): the root, kept in
/// $INDEX_ROOT, or an INDX block of $INDEX_ALLOCATION. Insertion edits the list; <see cref="ToBlock"/> and
/// <see cref="EntryBytes"/> turn it back into bytes. An existing block keeps its header (LSN, update sequence
/// number, where its entries start); a new block gets the header Windows gives one.
/// </summary>
internal sealed class ViewIndexNode
{
    private readonly byte[]? original;

    private ViewIndexNode(long vcn, bool hasSubnodes, List<byte[]> entries, byte[]? original, int entriesOffset)
    {
        Vcn = vcn;
        HasSubnodes = hasSubnodes;
        Entries = entries;
        this.original = original;
        EntriesOffset = entriesOffset;
    }

    /// <summary>The block's VCN in $INDEX_ALLOCATION; -1 for the root.</summary>
    public long Vcn { get; }

    public bool IsRoot => Vcn < 0;

    public bool HasSubnodes { get; set; }

    /// <summary>The node's entries in collation order, the end entry last.</summary>
    public List<byte[]> Entries { get; set; }

    /// <summary>Where the entries start, from the INDEX_HEADER.</summary>
    public int EntriesOffset { get; }

    public bool Dirty { get; set; }

    /// <summary>A block that is not on disk yet (written before the nodes that will point to it).</summary>
    public bool IsNew => original is null && !IsRoot;

    public int EntryBytes => Entries.Sum(e => e.Length);

    /// <summary>Parses a node from its INDEX_HEADER (<paramref name="header"/> ends where the node's bytes end).</summary>
    public static ViewIndexNode Parse(ReadOnlySpan<byte> header, long vcn, byte[]? block, uint collation, string where)
    {
        if (header.Length < H.Size)
        {
            throw new NtfsFormatException("index node", where, "index header runs past the node");
        }

        var entriesOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[H.EntriesOffset..]);
        var indexLength = BinaryPrimitives.ReadUInt32LittleEndian(header[H.IndexLength..]);
        var allocated = BinaryPrimitives.ReadUInt32LittleEndian(header[H.AllocatedSize..]);
        var hasSubnodes = (BinaryPrimitives.ReadUInt32LittleEndian(header[H.Flags..]) & H.FlagHasSubnodes) != 0;
        if (entriesOffset < H.Size || entriesOffset % 8 != 0 || indexLength > (uint)header.Length || entriesOffset >= indexLength || allocated < indexLength)
        {
            throw new NtfsFormatException("index node", where,
                $"entries (offset 0x{entriesOffset:X}, length 0x{indexLength:X}, allocated 0x{allocated:X}) do not fit the node of {header.Length} bytes");
        }

        var entries = new List<byte[]>();
        var offset = (int)entriesOffset;
        var minimumKey = ViewCollation.MinimumKeyLength(collation);
        while (true)
        {
            var rest = header[offset..(int)indexLength];
            var length = ViewIndexEntry.Check(rest, hasSubnodes, where, offset);
            var entry = rest[..length];
            if (!ViewIndexEntry.IsEnd(entry) && ViewIndexEntry.Key(entry).Length < minimumKey)
            {
                throw new NtfsFormatException("index node", $"{where}, header offset 0x{offset:X}",
                    $"key of {ViewIndexEntry.Key(entry).Length} bytes is too short for collation rule 0x{collation:X}");
            }

            entries.Add(entry.ToArray());
            if (ViewIndexEntry.IsEnd(entry))
            {
                break;
            }

            offset += length;
        }

        return new ViewIndexNode(vcn, hasSubnodes, entries, block, (int)entriesOffset);
    }

    /// <summary>A new, empty INDX block at <paramref name="vcn"/> (only its end entry until entries are moved in).</summary>
    public static ViewIndexNode NewBlock(long vcn, int blockSize, bool hasSubnodes)
    {
        var entriesOffset = AttributeBuilder.Align8(B.UpdateSequenceArray + (2 * UpdateSequenceCount(blockSize))) - B.Header;
        return new ViewIndexNode(vcn, hasSubnodes, [ViewIndexEntry.End(null)], null, entriesOffset) { Dirty = true };
    }

    /// <summary>The root node to put in a new $INDEX_ROOT value (entries offset right after the INDEX_HEADER).</summary>
    public static ViewIndexNode NewRoot(bool hasSubnodes, List<byte[]> entries) => new(-1, hasSubnodes, entries, null, H.Size);

    /// <summary>Whether the entries fit a block of <paramref name="blockSize"/> bytes.</summary>
    public bool FitsBlock(int blockSize) => EntriesOffset + EntryBytes <= blockSize - B.Header;

    /// <summary>The INDEX_HEADER and entries, as the root's value holds them after its 16-byte root header.</summary>
    public byte[] ToRootHeaderAndEntries()
    {
        var bytes = new byte[EntriesOffset + EntryBytes];
        WriteHeaderAndEntries(bytes, bytes.Length);
        return bytes;
    }

    /// <summary>The whole INDX block (fixups not applied): the old header kept, or a new one; unused bytes zeroed.</summary>
    public byte[] ToBlock(int blockSize)
    {
        var block = new byte[blockSize];
        if (original is not null)
        {
            // The block header, and between the INDEX_HEADER and the entries the update sequence array (its number
            // goes up from the one on disk when the block is protected).
            original.AsSpan(0, B.Header).CopyTo(block);
            var between = B.Header + H.Size;
            original.AsSpan(between, B.Header + EntriesOffset - between).CopyTo(block.AsSpan(between));
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(block, B.Magic);
            BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(M.UpdateSequenceOffset), B.UpdateSequenceArray);
            BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(M.UpdateSequenceCount), (ushort)UpdateSequenceCount(blockSize));
            BinaryPrimitives.WriteInt64LittleEndian(block.AsSpan(B.Vcn), Vcn);
        }

        WriteHeaderAndEntries(block.AsSpan(B.Header), blockSize - B.Header);
        return block;
    }

    private void WriteHeaderAndEntries(Span<byte> header, int allocated)
    {
        var used = EntriesOffset + EntryBytes;
        BinaryPrimitives.WriteUInt32LittleEndian(header[H.EntriesOffset..], (uint)EntriesOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(header[H.IndexLength..], (uint)used);
        BinaryPrimitives.WriteUInt32LittleEndian(header[H.AllocatedSize..], (uint)allocated);
        BinaryPrimitives.WriteUInt32LittleEndian(header[H.Flags..], HasSubnodes ? H.FlagHasSubnodes : 0);
        var offset = EntriesOffset;
        foreach (var entry in Entries)
        {
            entry.CopyTo(header[offset..]);
            offset += entry.Length;
        }

        // Nothing of entries that moved elsewhere stays behind in the node's slack.
        header[offset..allocated].Clear();
    }

    private static int UpdateSequenceCount(int blockSize) => (blockSize / NtfsLayout.UpdateSequenceStride) + 1;
}
