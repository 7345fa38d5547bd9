using System.Buffers.Binary;
using OfflineRepair.Ntfs.ViewIndexes;
using S = OfflineRepair.Ntfs.NtfsLayout.Secure;

namespace OfflineRepair.Ntfs.Security;

/// <summary>
/// Where a descriptor lies in $SDS: the 20-byte header every $SDS entry starts with (hash, security id, offset of
/// the primary copy, length of header plus descriptor), which $SII and $SDH entries repeat as their data. Also
/// builds those index entries: $SII keyed by the id, $SDH by hash then id, with the "II" padding Windows writes.
/// </summary>
internal readonly record struct SecurityEntry(uint Hash, uint SecurityId, long Offset, uint Length)
{
    /// <summary>Bytes of the descriptor itself (the entry length less its header).</summary>
    public int DescriptorLength => (int)Length - S.EntryHeaderSize;

    public static SecurityEntry Parse(ReadOnlySpan<byte> header) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(header[S.EntryHash..]),
        BinaryPrimitives.ReadUInt32LittleEndian(header[S.EntrySecurityId..]),
        BinaryPrimitives.ReadInt64LittleEndian(header[S.EntryOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(header[S.EntryLength..]));

    /// <summary>The data of a $SII or $SDH entry, checked to hold a whole header.</summary>
    public static SecurityEntry FromIndexEntry(byte[] entry, string where)
    {
        var data = ViewIndexEntry.Data(entry);
        if (data.Length < S.EntryHeaderSize)
        {
            throw new NtfsFormatException("security index", where, $"an entry holds {data.Length} bytes of data, not the {S.EntryHeaderSize} of an $SDS header");
        }

        return Parse(data);
    }

    public byte[] ToHeader()
    {
        var header = new byte[S.EntryHeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(S.EntryHash), Hash);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(S.EntrySecurityId), SecurityId);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(S.EntryOffset), Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(S.EntryLength), Length);
        return header;
    }

    public static byte[] SiiKey(uint securityId)
    {
        var key = new byte[S.SiiKeyLength];
        BinaryPrimitives.WriteUInt32LittleEndian(key, securityId);
        return key;
    }

    public static byte[] SdhKey(uint hash, uint securityId)
    {
        var key = new byte[S.SdhKeyLength];
        BinaryPrimitives.WriteUInt32LittleEndian(key, hash);
        BinaryPrimitives.WriteUInt32LittleEndian(key.AsSpan(4), securityId);
        return key;
    }

    public byte[] ToSiiEntry() => ViewIndexEntry.Create(SiiKey(SecurityId), ToHeader());

    public byte[] ToSdhEntry()
    {
        var padding = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(padding, S.SdhPadding);
        return ViewIndexEntry.Create(SdhKey(Hash, SecurityId), ToHeader(), padding);
    }
}
