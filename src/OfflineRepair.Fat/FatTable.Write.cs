using System.Buffers.Binary;

namespace OfflineRepair.Fat;

internal sealed partial class FatTable
{
    /// <summary>The longest run of adjacent entries read and written at once; bounds the buffer.</summary>
    private const int MaximumRunEntries = 4096;

    /// <summary>What a writer stores to end a chain.</summary>
    public uint EndOfChainMark => bpb.Type == FatType.Fat32 ? FatLayout.Fat32EndOfChainMark : FatLayout.Fat16EndOfChainMark;

    /// <summary>
    /// Sets entries of data clusters in every FAT copy, or only in the active one when FAT32
    /// mirroring is disabled. The copies are written one after the other (a crash between them
    /// leaves copies that differ, which fsck.fat settles from the first) in runs of adjacent
    /// entries. Each run is first read from the copy it goes to, so every FAT32 entry keeps the
    /// reserved top 4 bits that copy held. FAT[0] and FAT[1] (media byte, clean-shutdown bits) are
    /// never among the entries: only clusters 2 and up are accepted.
    /// </summary>
    public void Write(VolumeWriter writer, IEnumerable<(uint Cluster, uint Value)> entries)
    {
        var sorted = entries.OrderBy(e => e.Cluster).ToList();
        for (int i = 0; i < sorted.Count; i++)
        {
            if (!bpb.IsValidCluster(sorted[i].Cluster) || (i > 0 && sorted[i].Cluster == sorted[i - 1].Cluster))
            {
                throw new InvalidOperationException($"FAT entry {sorted[i].Cluster} is not a data cluster or is set twice in one write");
            }
        }

        var runs = new List<(int Start, int Count)>();
        for (int start = 0; start < sorted.Count;)
        {
            int count = 1;
            while (start + count < sorted.Count && count < MaximumRunEntries && sorted[start + count].Cluster == sorted[start].Cluster + (uint)count)
            {
                count++;
            }

            runs.Add((start, count));
            start += count;
        }

        int[] copies = bpb.MirroringDisabled ? [bpb.ActiveFat] : [.. Enumerable.Range(0, bpb.NumberOfFats)];
        var buffer = new byte[Math.Min(sorted.Count, MaximumRunEntries) * EntrySize];
        foreach (int copy in copies)
        {
            foreach (var (start, count) in runs)
            {
                var run = buffer.AsSpan(0, count * EntrySize);
                uint first = sorted[start].Cluster;
                long offset = bpb.FatCopyOffset(copy) + ((long)first * EntrySize);
                reader.Read(offset, run, Structure);
                for (int i = 0; i < count; i++)
                {
                    SetEntry(run.Slice(i * EntrySize, EntrySize), sorted[start + i].Value);
                }

                writer.Write(offset, run);
                if (copy == bpb.ReadFat)
                {
                    UpdateCachedBlocks(first, run);
                }
            }
        }
    }

    private void SetEntry(Span<byte> entry, uint value)
    {
        if (bpb.Type == FatType.Fat32)
        {
            uint old = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            BinaryPrimitives.WriteUInt32LittleEndian(entry, (old & FatLayout.Fat32ReservedBits) | (value & FatLayout.Fat32EntryMask));
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(entry, (ushort)value);
        }
    }

    /// <summary>Keeps the read cache equal to the copy it caches, so chains and free-space scans see the write.</summary>
    private void UpdateCachedBlocks(uint first, ReadOnlySpan<byte> run)
    {
        for (int at = 0; at < run.Length; at += EntrySize)
        {
            long offset = ((long)first * EntrySize) + at;
            long blockStart = offset / BlockSize * BlockSize;
            if (blocks.TryGetValue(blockStart, out var block))
            {
                run.Slice(at, EntrySize).CopyTo(block.AsSpan((int)(offset - blockStart)));
            }
        }
    }
}
