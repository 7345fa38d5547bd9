using System.Buffers.Binary;
using B = OfflineRepair.Ntfs.NtfsLayout.IndexBlock;

namespace OfflineRepair.Ntfs;

/// <summary>An "INDX" block of $INDEX_ALLOCATION: one non-root node of the index B+ tree, fixups removed.</summary>
public static class IndexNode
{
    internal static IReadOnlyList<IndexEntry> Parse(Span<byte> block, long vcn, long recordNumber, out bool hasSubnodes)
    {
        var where = $"index block VCN {vcn} of record {recordNumber}";
        if (block.Length < B.Header + NtfsLayout.IndexHeader.Size)
        {
            throw new NtfsFormatException("index block", where, "block is too short");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(block) != B.Magic)
        {
            throw new NtfsFormatException("index block", where, "signature is not \"INDX\"");
        }

        var problem = UpdateSequence.TryApply(block);
        if (problem is not null)
        {
            throw new NtfsFormatException("index block", where, "update sequence: " + problem);
        }

        var stored = BinaryPrimitives.ReadInt64LittleEndian(block[B.Vcn..]);
        if (stored != vcn)
        {
            throw new NtfsFormatException("index block", where, $"block says it is VCN {stored}");
        }

        return IndexEntry.ParseNode(block[B.Header..], where, out hasSubnodes);
    }
}
