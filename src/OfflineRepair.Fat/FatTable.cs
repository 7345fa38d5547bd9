using System.Buffers.Binary;

namespace OfflineRepair.Fat;

/// <summary>
/// The FAT, read on demand through a small block cache (memory stays bounded on large volumes), and
/// the cluster chains it links. The copy read is the first, or on FAT32 with mirroring disabled the
/// active one (the others are stale there by design).
/// </summary>
internal sealed partial class FatTable
{
    private const string Structure = "FAT";
    private const int BlockSize = 4096;
    private const int MaximumCachedBlocks = 64;

    private readonly VolumeReader reader;
    private readonly BiosParameterBlock bpb;
    private readonly Dictionary<long, byte[]> blocks = [];
    private readonly long tableOffset;

    public FatTable(VolumeReader reader, BiosParameterBlock bpb)
    {
        this.reader = reader;
        this.bpb = bpb;
        tableOffset = bpb.FatCopyOffset(bpb.ReadFat);
    }

    private int EntrySize => bpb.Type == FatType.Fat32 ? 4 : 2;

    private uint EndOfChain => bpb.Type == FatType.Fat32 ? FatLayout.Fat32EndOfChain : FatLayout.Fat16EndOfChain;

    private uint Bad => bpb.Type == FatType.Fat32 ? FatLayout.Fat32Bad : FatLayout.Fat16Bad;

    /// <summary>Byte offset of a cluster's entry in the FAT that is read.</summary>
    public long EntryOffset(uint cluster) => tableOffset + ((long)cluster * EntrySize);

    /// <summary>The entry of a cluster; FAT32 entries lose their reserved top 4 bits.</summary>
    public uint this[uint cluster]
    {
        get
        {
            long offset = (long)cluster * EntrySize;
            long blockStart = offset / BlockSize * BlockSize;
            var block = Block(blockStart);
            int inBlock = (int)(offset - blockStart);
            return bpb.Type == FatType.Fat32
                ? BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(inBlock)) & FatLayout.Fat32EntryMask
                : BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(inBlock));
        }
    }

    public bool IsEndOfChain(uint entry) => entry >= EndOfChain;

    /// <summary>
    /// The clusters from <paramref name="first"/> to the end-of-chain mark, at most <paramref name="limit"/>
    /// of them (a file needs no more than its size covers). A cluster seen twice, a free or bad cluster,
    /// or a number outside the volume is corruption; the chain can never be longer than the cluster count,
    /// so the walk always ends.
    /// </summary>
    public ClusterChain ReadChain(uint first, long limit, string owner)
    {
        if (!bpb.IsValidCluster(first))
        {
            throw new FatFormatException(owner, 0, $"first cluster {first} is outside clusters 2..{bpb.MaximumCluster}");
        }

        var clusters = new List<uint>();
        var seen = new HashSet<uint>();
        uint cluster = first;
        while (true)
        {
            if (!seen.Add(cluster))
            {
                throw new FatFormatException(Structure, EntryOffset(clusters[^1]), $"the cluster chain of {owner} loops back to cluster {cluster}");
            }

            clusters.Add(cluster);
            if (clusters.Count >= limit)
            {
                return new ClusterChain(clusters, Complete: false);
            }

            uint next = this[cluster];
            if (IsEndOfChain(next))
            {
                return new ClusterChain(clusters, Complete: true);
            }

            if (next == FatLayout.FreeCluster)
            {
                throw new FatFormatException(Structure, EntryOffset(cluster), $"the cluster chain of {owner} runs into free cluster {cluster}'s entry 0");
            }

            if (next == Bad)
            {
                throw new FatFormatException(Structure, EntryOffset(cluster), $"the cluster chain of {owner} runs into a bad-cluster mark after cluster {cluster}");
            }

            if (!bpb.IsValidCluster(next))
            {
                throw new FatFormatException(Structure, EntryOffset(cluster), $"the cluster chain of {owner} points from cluster {cluster} to {next}, outside clusters 2..{bpb.MaximumCluster}");
            }

            cluster = next;
        }
    }

    private byte[] Block(long blockStart)
    {
        if (blocks.TryGetValue(blockStart, out var cached))
        {
            return cached;
        }

        if (blocks.Count >= MaximumCachedBlocks)
        {
            blocks.Clear();
        }

        // The FAT length was checked against the cluster count, so every valid cluster's entry lies inside it.
        int length = (int)Math.Min(BlockSize, bpb.FatLength - blockStart);
        var block = new byte[BlockSize];
        reader.Read(tableOffset + blockStart, block.AsSpan(0, length), Structure);
        blocks[blockStart] = block;
        return block;
    }
}

/// <summary>The clusters of a chain in order; <see cref="Complete"/> when it was followed to its end-of-chain mark.</summary>
internal sealed record ClusterChain(IReadOnlyList<uint> Clusters, bool Complete);
