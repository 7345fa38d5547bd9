using System.Buffers.Binary;
using System.Numerics;
using B = OfflineRepair.Ntfs.NtfsLayout.IndexBlock;
using H = OfflineRepair.Ntfs.NtfsLayout.IndexHeader;
using R = OfflineRepair.Ntfs.NtfsLayout.IndexRoot;

namespace OfflineRepair.Ntfs.ViewIndexes;

/// <summary>
/// A view index of a file (<c>$SII</c> and <c>$SDH</c> of $Secure): a B+ tree whose root is in $INDEX_ROOT and
/// whose other nodes are INDX blocks of $INDEX_ALLOCATION, a $BITMAP marking the blocks in use, keys ordered by
/// the root's collation rule. Reading finds a key or walks a key range; insertion (ViewIndex.Insert.cs) plans the
/// new and changed nodes. Every node is read at most once per object; a tree that points back at a node it has
/// already visited, or nests deeper than any real one, is a format error rather than a hang.
/// </summary>
internal sealed partial class ViewIndex
{
    private readonly NtfsVolume volume;
    private readonly NtfsFile file;
    private readonly string name;
    private readonly string where;
    private readonly byte[] rootHeader;
    private readonly bool rootInBaseRecord;
    private readonly int vcnShift;
    private readonly Dictionary<long, ViewIndexNode> blocks = [];
    private List<DataRun>? allocationRuns;
    private long allocationSize;
    private long allocationAllocated;
    private int allocationExtents;
    private long allocationRecord;
    private byte[]? bitmap;
    private bool bitmapResident;
    private long bitmapRecord;
    private long bitmapAllocated;
    private List<DataRun> bitmapRuns = [];

    /// <summary>Reads the index <paramref name="name"/> of <paramref name="file"/> (its attributes as read now): the
    /// root is parsed at once, blocks when first needed. The collation rule must be <paramref name="collation"/>.</summary>
    public ViewIndex(NtfsVolume volume, NtfsFile file, string name, uint collation)
    {
        this.volume = volume;
        this.file = file;
        this.name = name;
        where = $"{name} of record {file.RecordNumber}";
        var root = file.Attributes.FirstOrDefault(a => a.Type == AttributeType.IndexRoot && a.Name == name && a.IsResident)
            ?? throw Error("index", "has no resident $INDEX_ROOT");
        rootInBaseRecord = root.RecordNumber == file.RecordNumber;
        var value = root.Value.Span;
        if (value.Length < R.Header + H.Size)
        {
            throw Error("index root", $"value is only {value.Length} bytes");
        }

        rootHeader = value[..R.Header].ToArray();
        Collation = BinaryPrimitives.ReadUInt32LittleEndian(value[R.CollationRule..]);
        if (Collation != collation)
        {
            throw Error("index root", $"collation rule is 0x{Collation:X}, expected 0x{collation:X}");
        }

        var blockSize = BinaryPrimitives.ReadUInt32LittleEndian(value[R.BlockSize..]);
        if (blockSize < NtfsLayout.UpdateSequenceStride || blockSize > 65536 || !BitOperations.IsPow2(blockSize))
        {
            throw Error("index root", $"index block size {blockSize} is not valid");
        }

        BlockSize = (int)blockSize;
        Root = ViewIndexNode.Parse(value[R.Header..], -1, null, Collation, $"$INDEX_ROOT {where}");

        // Blocks smaller than a cluster are addressed in 512-byte units, bigger ones in clusters.
        var clusterSize = volume.BootSector.ClusterSize;
        vcnShift = BlockSize < clusterSize ? B.SmallBlockVcnShift : BitOperations.Log2((ulong)clusterSize);
        LoadAllocation();
        LoadBitmap();
    }

    public uint Collation { get; }

    public int BlockSize { get; }

    public ViewIndexNode Root { get; private set; }

    /// <summary>The entry whose key collates equal to <paramref name="key"/>, or null.</summary>
    public byte[]? Find(ReadOnlySpan<byte> key)
    {
        var node = Root;
        var visited = new HashSet<long>();
        for (var depth = 1; ; depth++)
        {
            long? next = null;
            foreach (var entry in node.Entries)
            {
                if (ViewIndexEntry.IsEnd(entry))
                {
                    next = ViewIndexEntry.Subnode(entry);
                    break;
                }

                var order = ViewCollation.Compare(Collation, key, ViewIndexEntry.Key(entry));
                if (order == 0)
                {
                    return entry;
                }

                if (order < 0)
                {
                    next = ViewIndexEntry.Subnode(entry);
                    break;
                }
            }

            if (next is not { } vcn)
            {
                return null;
            }

            node = Child(vcn, visited, depth);
        }
    }

    /// <summary>Every entry with a key from <paramref name="low"/> to <paramref name="high"/> (inclusive; null = no
    /// bound), in collation order, visiting only the subtrees that can hold such keys.</summary>
    public List<byte[]> Range(byte[]? low, byte[]? high)
    {
        var result = new List<byte[]>();
        Collect(Root, low, high, result, [], 0);
        return result;
    }

    private void Collect(ViewIndexNode node, byte[]? low, byte[]? high, List<byte[]> result, HashSet<long> visited, int depth)
    {
        foreach (var entry in node.Entries)
        {
            var end = ViewIndexEntry.IsEnd(entry);

            // This entry's child holds the keys between the previous entry's key and this one's.
            if (ViewIndexEntry.Subnode(entry) is { } vcn && (end || low is null || ViewCollation.Compare(Collation, ViewIndexEntry.Key(entry), low) > 0))
            {
                Collect(Child(vcn, visited, depth + 1), low, high, result, visited, depth + 1);
            }

            if (end)
            {
                return;
            }

            var key = ViewIndexEntry.Key(entry);
            if (high is not null && ViewCollation.Compare(Collation, key, high) > 0)
            {
                return;
            }

            if (low is null || ViewCollation.Compare(Collation, key, low) >= 0)
            {
                result.Add(entry);
            }
        }
    }

    /// <summary>The block at <paramref name="vcn"/> as a child on the current walk: each node once, bounded depth.</summary>
    private ViewIndexNode Child(long vcn, HashSet<long> visited, int depth)
    {
        if (depth >= NtfsLayout.Limits.MaxIndexDepth)
        {
            throw Error("index", $"the tree is deeper than {NtfsLayout.Limits.MaxIndexDepth} levels");
        }

        if (!visited.Add(vcn))
        {
            throw Error("index", $"sub-node VCNs form a loop (VCN {vcn} is reached twice)");
        }

        return Block(vcn);
    }

    /// <summary>Reads (once) and checks the INDX block at <paramref name="vcn"/>.</summary>
    private ViewIndexNode Block(long vcn)
    {
        if (blocks.TryGetValue(vcn, out var cached))
        {
            return cached;
        }

        var location = $"VCN {vcn} of {where}";
        if (allocationRuns is null)
        {
            throw new NtfsFormatException("index", location, "an entry points to a sub-node but the index has no $INDEX_ALLOCATION");
        }

        if (vcn > (long.MaxValue >> vcnShift) || (vcn << vcnShift) > allocationSize - BlockSize || (vcn << vcnShift) % BlockSize != 0)
        {
            throw new NtfsFormatException("index", location, $"sub-node is not a block inside $INDEX_ALLOCATION ({allocationSize} bytes)");
        }

        var start = vcn << vcnShift;
        if (bitmap is not null && !IsBlockInUse(start / BlockSize))
        {
            throw new NtfsFormatException("index", location, "sub-node is not marked in use in the index $BITMAP");
        }

        var block = new byte[BlockSize];
        foreach (var piece in RunMapping.Map(allocationRuns, volume.BootSector.ClusterSize, start, BlockSize, location))
        {
            volume.ReadAt(piece.VolumeOffset, block.AsSpan((int)(piece.AttributeOffset - start), piece.Length));
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(block) != B.Magic)
        {
            throw new NtfsFormatException("index block", location, "signature is not \"INDX\"");
        }

        var problem = UpdateSequence.TryApply(block);
        if (problem is not null)
        {
            throw new NtfsFormatException("index block", location, "update sequence: " + problem);
        }

        var stored = BinaryPrimitives.ReadInt64LittleEndian(block.AsSpan(B.Vcn));
        if (stored != vcn)
        {
            throw new NtfsFormatException("index block", location, $"block says it is VCN {stored}");
        }

        var allocated = BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(B.Header + H.AllocatedSize));
        if (allocated + B.Header != BlockSize)
        {
            throw new NtfsFormatException("index block", location, $"allocated size 0x{allocated:X} does not fill the {BlockSize}-byte block");
        }

        var node = ViewIndexNode.Parse(block.AsSpan(B.Header), vcn, block, Collation, location);
        blocks[vcn] = node;
        return node;
    }

    private bool IsBlockInUse(long blockIndex) =>
        blockIndex / 8 < bitmap!.Length && (bitmap[blockIndex / 8] & (1 << (int)(blockIndex % 8))) != 0;

    private void LoadAllocation()
    {
        var extents = file.Attributes
            .Where(a => a.Type == AttributeType.IndexAllocation && a.Name == name)
            .OrderBy(a => a.LowestVcn)
            .ToList();
        if (extents.Count == 0)
        {
            return;
        }

        var first = extents[0];
        if (first.IsResident || first.LowestVcn != 0)
        {
            throw Error("index allocation", "$INDEX_ALLOCATION is resident or has no first extent");
        }

        if (first.IsCompressed || first.IsEncrypted || first.IsSparse)
        {
            throw Error("index allocation", "$INDEX_ALLOCATION is compressed, encrypted or sparse");
        }

        allocationRuns = NtfsFile.JoinRuns(extents, $"$INDEX_ALLOCATION {where}");
        var cluster = volume.BootSector.ClusterSize;
        var mapped = allocationRuns.Count == 0 ? 0 : (allocationRuns[^1].Vcn + allocationRuns[^1].Length) * cluster;
        if (first.DataSize > mapped || first.AllocatedSize != mapped)
        {
            throw Error("index allocation", $"$INDEX_ALLOCATION says {first.DataSize} bytes in {first.AllocatedSize} allocated, but its runs map {mapped}");
        }

        allocationSize = first.DataSize;
        allocationAllocated = first.AllocatedSize;
        allocationExtents = extents.Count;
        allocationRecord = first.RecordNumber;
    }

    private void LoadBitmap()
    {
        var attribute = file.Attributes.FirstOrDefault(a => a.Type == AttributeType.Bitmap && a.Name == name && a.LowestVcn == 0);
        if (attribute is null)
        {
            return;
        }

        bitmapRecord = attribute.RecordNumber;
        bitmapResident = attribute.IsResident;
        if (attribute.IsResident)
        {
            bitmap = attribute.Value.ToArray();
            return;
        }

        if (attribute.DataSize > NtfsLayout.Limits.MaxAttributeListBytes || file.Attributes.Count(a => a.Type == AttributeType.Bitmap && a.Name == name) > 1)
        {
            throw Error("index bitmap", $"the non-resident $BITMAP of {attribute.DataSize} bytes is not supported");
        }

        bitmapRuns = [.. attribute.Runs];
        bitmapAllocated = attribute.AllocatedSize;
        using var stream = file.OpenAttribute(AttributeType.Bitmap, name);
        bitmap = new byte[stream.Length];
        stream.ReadExactly(bitmap);
    }

    private NtfsFormatException Error(string structure, string problem) => new(structure, where, problem);
}
