using System.Buffers.Binary;
using R = OfflineRepair.Ntfs.NtfsLayout.IndexRoot;

namespace OfflineRepair.Ntfs;

/// <summary>$INDEX_ROOT (resident): what the index collates, the size of its INDX blocks, and the root node.</summary>
public sealed record IndexRoot(AttributeType IndexedType, uint CollationRule, int BlockSize, bool HasSubnodes, IReadOnlyList<IndexEntry> Entries)
{
    public const uint CollationFileName = 1;

    internal static IndexRoot Parse(ReadOnlySpan<byte> value, long recordNumber)
    {
        var where = $"$INDEX_ROOT of record {recordNumber}";
        if (value.Length < R.Header + NtfsLayout.IndexHeader.Size)
        {
            throw new NtfsFormatException("index root", $"record {recordNumber}", $"value is only {value.Length} bytes");
        }

        var blockSize = BinaryPrimitives.ReadUInt32LittleEndian(value[R.BlockSize..]);
        if (blockSize < NtfsLayout.UpdateSequenceStride || blockSize > 1024 * 1024 || blockSize % NtfsLayout.UpdateSequenceStride != 0)
        {
            throw new NtfsFormatException("index root", $"record {recordNumber}", $"index block size {blockSize} is not valid");
        }

        var entries = IndexEntry.ParseNode(value[R.Header..], where, out var hasSubnodes);
        return new IndexRoot(
            (AttributeType)BinaryPrimitives.ReadUInt32LittleEndian(value[R.IndexedType..]),
            BinaryPrimitives.ReadUInt32LittleEndian(value[R.CollationRule..]),
            (int)blockSize,
            hasSubnodes,
            entries);
    }
}
