using System.Buffers.Binary;
using E = OfflineRepair.Ntfs.NtfsLayout.IndexEntry;
using V = OfflineRepair.Ntfs.NtfsLayout.ViewEntry;

namespace OfflineRepair.Ntfs.ViewIndexes;

/// <summary>
/// One entry of a view index, kept as its raw bytes: a 16-byte header (where the data lies in the entry, length,
/// key length, flags), the key, the data, and for an entry of an inner node the VCN of the child holding the keys
/// that sort before it in its last 8 bytes. The last entry of every node has no key ("end"). Entries are moved
/// between nodes whole, so the bytes Windows wrote (padding such as $SDH's "II") travel with them.
/// </summary>
internal static class ViewIndexEntry
{
    public static int Length(ReadOnlySpan<byte> entry) => BinaryPrimitives.ReadUInt16LittleEndian(entry[E.Length..]);

    public static ushort Flags(ReadOnlySpan<byte> entry) => BinaryPrimitives.ReadUInt16LittleEndian(entry[E.Flags..]);

    public static bool IsEnd(ReadOnlySpan<byte> entry) => (Flags(entry) & E.FlagLast) != 0;

    public static bool HasSubnode(ReadOnlySpan<byte> entry) => (Flags(entry) & E.FlagHasSubnode) != 0;

    public static ReadOnlySpan<byte> Key(ReadOnlySpan<byte> entry) =>
        entry.Slice(E.Key, BinaryPrimitives.ReadUInt16LittleEndian(entry[E.KeyLength..]));

    public static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> entry) =>
        entry.Slice(BinaryPrimitives.ReadUInt16LittleEndian(entry[V.DataOffset..]), BinaryPrimitives.ReadUInt16LittleEndian(entry[V.DataLength..]));

    public static long? Subnode(ReadOnlySpan<byte> entry) =>
        HasSubnode(entry) ? BinaryPrimitives.ReadInt64LittleEndian(entry[(Length(entry) - V.SubnodeVcnSize)..]) : null;

    /// <summary>A leaf entry: header, key at 0x10, data right after the key (both as given), 8-aligned.</summary>
    public static byte[] Create(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> padding = default)
    {
        var dataOffset = E.Key + key.Length;
        var bytes = new byte[AttributeBuilder.Align8(dataOffset + data.Length + padding.Length)];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(V.DataOffset), (ushort)dataOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(V.DataLength), (ushort)data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(E.Length), (ushort)bytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(E.KeyLength), (ushort)key.Length);
        key.CopyTo(bytes.AsSpan(E.Key));
        data.CopyTo(bytes.AsSpan(dataOffset));
        padding.CopyTo(bytes.AsSpan(dataOffset + data.Length));
        return bytes;
    }

    /// <summary>The end entry of a node, pointing to <paramref name="subnode"/> when the node has children.</summary>
    public static byte[] End(long? subnode)
    {
        var bytes = new byte[E.Key + (subnode is null ? 0 : V.SubnodeVcnSize)];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(E.Length), (ushort)bytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(E.Flags), (ushort)(E.FlagLast | (subnode is null ? 0 : E.FlagHasSubnode)));
        if (subnode is { } vcn)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(E.Key), vcn);
        }

        return bytes;
    }

    /// <summary>The entry pointing to <paramref name="subnode"/> (the VCN added or replaced), or, with null, to no child.</summary>
    public static byte[] WithSubnode(ReadOnlySpan<byte> entry, long? subnode)
    {
        var bare = Length(entry) - (HasSubnode(entry) ? V.SubnodeVcnSize : 0);
        var bytes = new byte[bare + (subnode is null ? 0 : V.SubnodeVcnSize)];
        entry[..bare].CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(E.Length), (ushort)bytes.Length);
        var flags = (ushort)(Flags(entry) & ~E.FlagHasSubnode);
        if (subnode is { } vcn)
        {
            flags |= E.FlagHasSubnode;
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(bare), vcn);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(E.Flags), flags);
        return bytes;
    }

    /// <summary>
    /// Checks one entry of a node (<paramref name="rest"/> runs from the entry to the end of the node's used bytes)
    /// and returns its length: header inside the node, length 8-aligned, key and data inside the entry (before a
    /// sub-node VCN), the sub-node flag agreeing with the node's, the VCN not negative.
    /// </summary>
    public static int Check(ReadOnlySpan<byte> rest, bool nodeHasSubnodes, string where, int offset)
    {
        if (rest.Length < E.Key)
        {
            throw Error(where, offset, "the node ends inside an entry header (no end entry)");
        }

        var length = Length(rest);
        var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(rest[E.KeyLength..]);
        var subnode = HasSubnode(rest);
        var end = IsEnd(rest);
        var body = length - (subnode ? V.SubnodeVcnSize : 0);
        if (length < E.Key + (subnode ? V.SubnodeVcnSize : 0) || length % 8 != 0 || length > rest.Length)
        {
            throw Error(where, offset, $"entry length {length} is not valid");
        }

        if (subnode != nodeHasSubnodes)
        {
            throw Error(where, offset, "entry and node disagree on whether there are sub-nodes");
        }

        if (!end)
        {
            int dataOffset = BinaryPrimitives.ReadUInt16LittleEndian(rest[V.DataOffset..]);
            int dataLength = BinaryPrimitives.ReadUInt16LittleEndian(rest[V.DataLength..]);
            if (E.Key + keyLength > body || (dataLength > 0 && (dataOffset < E.Key || dataOffset + dataLength > body)))
            {
                throw Error(where, offset, $"key ({keyLength} bytes) or data ({dataLength} bytes at 0x{dataOffset:X}) runs past the entry of {length} bytes");
            }
        }

        if (subnode && BinaryPrimitives.ReadInt64LittleEndian(rest[body..]) < 0)
        {
            throw Error(where, offset, "sub-node VCN is negative");
        }

        return length;
    }

    private static NtfsFormatException Error(string where, int offset, string problem) =>
        new("index node", $"{where}, header offset 0x{offset:X}", problem);
}
