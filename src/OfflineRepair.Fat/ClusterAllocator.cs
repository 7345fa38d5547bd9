namespace OfflineRepair.Fat;

/// <summary>
/// Finds free clusters for growing files. A cluster handed out is reserved in memory until its FAT
/// entry is written (or the file gives it back), so two growths before a flush never take the same
/// one. Placement: first the clusters right after the file's last one, so a file that can stay
/// contiguous does; then from the next-free hint (FSInfo's, when it names a data cluster, else
/// cluster 2) upwards, wrapping once around the volume.
/// </summary>
internal sealed class ClusterAllocator
{
    private readonly FatTable fat;
    private readonly BiosParameterBlock bpb;
    private readonly HashSet<uint> reserved = [];

    public ClusterAllocator(FatTable fat, BiosParameterBlock bpb, uint? hint)
    {
        this.fat = fat;
        this.bpb = bpb;
        Hint = hint is { } h && bpb.IsValidCluster(h) ? h : null;
    }

    /// <summary>Where the next search starts: the cluster after the last one handed out; null until then when FSInfo had no usable hint.</summary>
    public uint? Hint { get; private set; }

    /// <summary>
    /// Reserves <paramref name="count"/> free clusters for a chain that now ends at
    /// <paramref name="after"/> (0 for an empty file), in the order they are to be linked. When the
    /// volume has fewer free clusters, nothing is reserved and the write is refused.
    /// </summary>
    public List<uint> Allocate(uint after, int count, string path)
    {
        if (count > bpb.ClusterCount)
        {
            throw new FatWriteRefusedException(path, $"{count} more clusters are needed but the whole volume has {bpb.ClusterCount}");
        }

        var taken = new List<uint>(count);
        if (bpb.IsValidCluster(after))
        {
            for (uint cluster = after + 1; taken.Count < count && cluster <= bpb.MaximumCluster && IsFree(cluster); cluster++)
            {
                Take(cluster, taken);
            }
        }

        uint next = Hint ?? FatLayout.FirstDataCluster;
        for (long looked = 0; taken.Count < count && looked < bpb.ClusterCount; looked++)
        {
            if (IsFree(next))
            {
                Take(next, taken);
            }

            next = next >= bpb.MaximumCluster ? FatLayout.FirstDataCluster : next + 1;
        }

        if (taken.Count < count)
        {
            reserved.ExceptWith(taken);
            throw new FatWriteRefusedException(path, $"the volume has {taken.Count} free clusters and {count} more are needed");
        }

        if (taken.Count > 0)
        {
            uint last = taken[^1];
            Hint = last >= bpb.MaximumCluster ? FatLayout.FirstDataCluster : last + 1;
        }

        return taken;
    }

    /// <summary>Clusters that are no longer wanted before their FAT entries were written, or whose entries now are.</summary>
    public void Release(IEnumerable<uint> clusters) => reserved.ExceptWith(clusters);

    private bool IsFree(uint cluster) => fat[cluster] == FatLayout.FreeCluster && !reserved.Contains(cluster);

    private void Take(uint cluster, List<uint> taken)
    {
        reserved.Add(cluster);
        taken.Add(cluster);
    }
}
