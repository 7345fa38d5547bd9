using System.Buffers.Binary;
using E = OfflineRepair.Ntfs.NtfsLayout.IndexEntry;
using H = OfflineRepair.Ntfs.NtfsLayout.IndexHeader;

namespace OfflineRepair.Ntfs;

/// <summary>An entry of a $I30 (file name) index node: the file it names, its $FILE_NAME key, and the VCN of the
/// child node holding the names that sort before it. The last entry of a node has no key.</summary>
public sealed record IndexEntry(ulong FileReference, FileNameAttribute? Key, long? SubnodeVcn)
{
    public bool IsLast => Key is null;

    /// <summary>Parses the entries of a node; <paramref name="header"/> starts at the INDEX_HEADER and ends where
    /// the node's bytes end.</summary>
    internal static IReadOnlyList<IndexEntry> ParseNode(ReadOnlySpan<byte> header, string where, out bool hasSubnodes) =>
        ParseNode(header, where, out hasSubnodes, null);

    /// <summary>As above; <paramref name="offsets"/>, when given, receives each entry's offset from the INDEX_HEADER
    /// (the writer patches entries in place there).</summary>
    internal static IReadOnlyList<IndexEntry> ParseNode(ReadOnlySpan<byte> header, string where, out bool hasSubnodes, List<int>? offsets)
    {
        if (header.Length < H.Size)
        {
            throw Error(where, 0, "index header runs past the node");
        }

        var entriesOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[H.EntriesOffset..]);
        var indexLength = BinaryPrimitives.ReadUInt32LittleEndian(header[H.IndexLength..]);
        hasSubnodes = (BinaryPrimitives.ReadUInt32LittleEndian(header[H.Flags..]) & H.FlagHasSubnodes) != 0;
        if (entriesOffset < H.Size || indexLength > (uint)header.Length || entriesOffset >= indexLength)
        {
            throw Error(where, 0, $"entries (offset 0x{entriesOffset:X}, length 0x{indexLength:X}) do not fit the node of {header.Length} bytes");
        }

        var entries = new List<IndexEntry>();
        var offset = (int)entriesOffset;
        var end = (int)indexLength;
        while (true)
        {
            if (offset + E.Key > end)
            {
                throw Error(where, offset, "the node ends without a last entry");
            }

            var entry = header[offset..end];
            int length = BinaryPrimitives.ReadUInt16LittleEndian(entry[E.Length..]);
            int keyLength = BinaryPrimitives.ReadUInt16LittleEndian(entry[E.KeyLength..]);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(entry[E.Flags..]);
            var subnode = (flags & E.FlagHasSubnode) != 0;
            var last = (flags & E.FlagLast) != 0;
            var minimum = E.Key + (last ? 0 : keyLength) + (subnode ? 8 : 0);
            if (length < minimum || length > entry.Length || length % 8 != 0)
            {
                throw Error(where, offset, $"entry length {length} is not valid (key {keyLength} bytes, flags 0x{flags:X})");
            }

            if (subnode != hasSubnodes)
            {
                throw Error(where, offset, "entry and node disagree on whether there are sub-nodes");
            }

            long? vcn = subnode ? BinaryPrimitives.ReadInt64LittleEndian(entry[(length - 8)..]) : null;
            if (vcn < 0)
            {
                throw Error(where, offset, $"sub-node VCN {vcn} is negative");
            }

            offsets?.Add(offset);
            if (last)
            {
                entries.Add(new IndexEntry(0, null, vcn));
                return entries;
            }

            var key = FileNameAttribute.Parse(entry.Slice(E.Key, keyLength), $"{where}, index entry at 0x{offset:X}");
            entries.Add(new IndexEntry(BinaryPrimitives.ReadUInt64LittleEndian(entry[E.FileReference..]), key, vcn));
            offset += length;
        }
    }

    private static NtfsFormatException Error(string where, int offset, string problem) =>
        new("index node", $"{where}, header offset 0x{offset:X}", problem);
}
