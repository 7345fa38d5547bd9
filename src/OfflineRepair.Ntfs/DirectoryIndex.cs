using System.Numerics;

namespace OfflineRepair.Ntfs;

/// <summary>
/// A directory's $I30 index: a B+ tree whose root is in $INDEX_ROOT and whose other nodes are INDX blocks
/// of $INDEX_ALLOCATION, with a $BITMAP marking the blocks in use. Names collate by the volume's $UpCase.
/// A hostile tree may point back at a node already visited or nest without end: both are refused.
/// </summary>
internal sealed class DirectoryIndex
{
    private const string IndexName = "$I30";
    private readonly NtfsVolume volume;
    private readonly NtfsFile directory;
    private readonly IndexRoot root;
    private readonly Stream? allocation;
    private readonly byte[]? bitmap;
    private readonly int vcnShift;

    public DirectoryIndex(NtfsVolume volume, NtfsFile directory)
    {
        this.volume = volume;
        this.directory = directory;
        var rootValue = directory.ReadResidentValue(AttributeType.IndexRoot, IndexName)
            ?? throw new NtfsFormatException("directory", $"record {directory.RecordNumber}", "has no $I30 $INDEX_ROOT: not a directory");
        root = IndexRoot.Parse(rootValue, directory.RecordNumber);
        if (root.IndexedType != AttributeType.FileName || root.CollationRule != IndexRoot.CollationFileName)
        {
            throw new NtfsFormatException("index root", $"record {directory.RecordNumber}", "the $I30 index does not collate file names");
        }

        if (directory.HasAttribute(AttributeType.IndexAllocation, IndexName))
        {
            allocation = directory.OpenAttribute(AttributeType.IndexAllocation, IndexName);
            if (directory.HasAttribute(AttributeType.Bitmap, IndexName))
            {
                using var bitmapStream = directory.OpenAttribute(AttributeType.Bitmap, IndexName);
                var blocks = (allocation.Length / root.BlockSize) + 1;
                bitmap = new byte[(int)Math.Min(Math.Min(bitmapStream.Length, (blocks / 8) + 8), 1 << 24)];
                bitmapStream.ReadExactly(bitmap);
            }
        }

        // Blocks smaller than a cluster are addressed in 512-byte units, bigger ones in clusters.
        vcnShift = root.BlockSize < volume.BootSector.ClusterSize
            ? NtfsLayout.IndexBlock.SmallBlockVcnShift
            : BitOperations.Log2((ulong)volume.BootSector.ClusterSize);
    }

    /// <summary>Finds a name (case-insensitively under $UpCase, as Windows does); null when absent.</summary>
    public IndexEntry? Find(string name)
    {
        var upcase = volume.Upcase;
        var visited = new HashSet<long>();
        var entries = root.Entries;
        for (var depth = 0; ; depth++)
        {
            long? next = null;
            foreach (var entry in entries)
            {
                if (entry.Key is null)
                {
                    next = entry.SubnodeVcn;
                    break;
                }

                var order = upcase.Compare(name, entry.Key.Name);
                if (order == 0)
                {
                    return entry;
                }

                if (order < 0)
                {
                    next = entry.SubnodeVcn;
                    break;
                }
            }

            if (next is null)
            {
                return null;
            }

            entries = ReadNode(next.Value, visited, depth);
        }
    }

    /// <summary>Every entry of the index in collation order (DOS-only names included; the caller filters).</summary>
    public IReadOnlyList<IndexEntry> All()
    {
        var result = new List<IndexEntry>();
        var visited = new HashSet<long>();
        Walk(root.Entries, visited, 0, result);
        return result;
    }

    private void Walk(IReadOnlyList<IndexEntry> entries, HashSet<long> visited, int depth, List<IndexEntry> result)
    {
        foreach (var entry in entries)
        {
            if (entry.SubnodeVcn is { } vcn)
            {
                Walk(ReadNode(vcn, visited, depth), visited, depth + 1, result);
            }

            if (entry.Key is not null)
            {
                result.Add(entry);
            }
        }
    }

    private IReadOnlyList<IndexEntry> ReadNode(long vcn, HashSet<long> visited, int depth)
    {
        var where = $"record {directory.RecordNumber}, VCN {vcn}";
        if (depth >= NtfsLayout.Limits.MaxIndexDepth)
        {
            throw new NtfsFormatException("index", where, $"the tree is deeper than {NtfsLayout.Limits.MaxIndexDepth} levels");
        }

        if (!visited.Add(vcn))
        {
            throw new NtfsFormatException("index", where, "sub-node VCNs form a loop (a node is reached twice)");
        }

        if (allocation is null)
        {
            throw new NtfsFormatException("index", where, "an entry points to a sub-node but the directory has no $INDEX_ALLOCATION");
        }

        if (vcn > (long.MaxValue >> vcnShift) || (vcn << vcnShift) > allocation.Length - root.BlockSize)
        {
            throw new NtfsFormatException("index", where, $"sub-node lies past the end of $INDEX_ALLOCATION ({allocation.Length} bytes)");
        }

        var offset = vcn << vcnShift;
        if (bitmap is not null)
        {
            var blockNumber = offset / root.BlockSize;
            if (blockNumber / 8 >= bitmap.Length || (bitmap[blockNumber / 8] & (1 << (int)(blockNumber % 8))) == 0)
            {
                throw new NtfsFormatException("index", where, "sub-node is not marked in use in the index $BITMAP");
            }
        }

        var block = new byte[root.BlockSize];
        allocation.Position = offset;
        allocation.ReadExactly(block);
        var entries = IndexNode.Parse(block, vcn, directory.RecordNumber, out _);
        return entries;
    }
}
