namespace OfflineRepair.Ntfs;

/// <summary>A run of clusters on the volume, as the allocator hands them out or takes them back.</summary>
internal readonly record struct ClusterExtent(long Lcn, long Length);

/// <summary>
/// The volume's cluster bitmap ($Bitmap, file 6: bit n, least significant first in each byte, set when cluster n
/// is in use), kept in memory once loaded. Finding clusters changes nothing; <see cref="MarkUsed"/> and
/// <see cref="MarkFree"/> change the bits and write the changed sectors of $Bitmap back at once, so the writer
/// controls the order of bitmap, data and MFT writes.
/// </summary>
internal sealed class ClusterAllocator
{
    private const int SectorSize = 512;
    private readonly NtfsVolume volume;
    private readonly IReadOnlyList<DataRun> runs;
    private readonly byte[] bits;
    private readonly long totalClusters;

    public ClusterAllocator(NtfsVolume volume)
    {
        this.volume = volume;
        totalClusters = volume.BootSector.TotalClusters;
        var file = volume.OpenFile(NtfsLayout.SystemFiles.Bitmap);
        var needed = (totalClusters + 7) / 8;
        var length = file.Length;
        if (length < needed || length > int.MaxValue)
        {
            throw new NtfsFormatException("$Bitmap", "record 6", $"is {length} bytes, but {totalClusters} clusters need {needed}");
        }

        runs = file.JoinedRuns(AttributeType.Data, "");
        bits = new byte[length];
        using var data = file.OpenRead();
        data.ReadExactly(bits);
    }

    public bool IsUsed(long lcn) => lcn >= totalClusters || (bits[lcn >> 3] & (1 << (int)(lcn & 7))) != 0;

    /// <summary>
    /// Chooses <paramref name="count"/> free clusters without marking them: first those right after
    /// <paramref name="continueAfter"/> (the file's last cluster, so its last run just grows), then the first free
    /// run long enough for the rest (outside the MFT zone if one is), and failing that the longest free runs, so
    /// the runlist stays short. Clusters in <paramref name="held"/> count as used: a change that needs clusters for
    /// several attributes chooses them all before marking any, so it can still refuse without writing.
    /// </summary>
    public List<ClusterExtent> Find(long count, long continueAfter, IReadOnlyList<ClusterExtent>? held = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        held ??= [];
        var chosen = new List<ClusterExtent>();
        var remaining = count;
        var skipStart = -1L;
        var skipEnd = -1L;
        if (continueAfter >= 0)
        {
            var lcn = continueAfter + 1;
            var length = 0L;
            while (length < remaining && !IsUsed(lcn + length) && !IsHeld(held, lcn + length))
            {
                length++;
            }

            if (length > 0)
            {
                chosen.Add(new ClusterExtent(lcn, length));
                remaining -= length;
                (skipStart, skipEnd) = (lcn, lcn + length);
            }
        }

        if (remaining == 0)
        {
            return chosen;
        }

        var free = FreeExtents(skipStart, skipEnd, held);
        var firstFit = free.FindIndex(e => e.Length >= remaining && !InMftZone(e));
        if (firstFit < 0)
        {
            firstFit = free.FindIndex(e => e.Length >= remaining);
        }

        if (firstFit >= 0)
        {
            chosen.Add(free[firstFit] with { Length = remaining });
            return chosen;
        }

        var available = free.Sum(e => e.Length);
        if (available < remaining)
        {
            var have = available + (count - remaining);
            throw new NtfsWriteRefusedException(
                $"the volume has {have} free clusters of {volume.BootSector.ClusterSize} bytes but {count} are needed: free some space on it, then try again");
        }

        var pieces = new List<ClusterExtent>();
        foreach (var extent in free.OrderByDescending(e => e.Length).ThenBy(e => e.Lcn))
        {
            var take = Math.Min(extent.Length, remaining);
            pieces.Add(extent with { Length = take });
            remaining -= take;
            if (remaining == 0)
            {
                break;
            }
        }

        // In volume order, so the runlist's LCN deltas stay small and a reader of the image sees them ascending.
        chosen.AddRange(pieces.OrderBy(e => e.Lcn));
        return chosen;
    }

    /// <summary>Sets the bits of <paramref name="extents"/> and writes the changed $Bitmap sectors.</summary>
    public void MarkUsed(IReadOnlyList<ClusterExtent> extents)
    {
        foreach (var extent in extents)
        {
            for (var lcn = extent.Lcn; lcn < extent.Lcn + extent.Length; lcn++)
            {
                if (IsUsed(lcn))
                {
                    throw new InvalidOperationException($"cluster {lcn} is already in use: the allocator handed it out twice");
                }
            }
        }

        Change(extents, used: true);
    }

    /// <summary>Clears the bits of <paramref name="extents"/> (clusters a shrunk file gave back) and writes them.</summary>
    public void MarkFree(IReadOnlyList<ClusterExtent> extents) => Change(extents, used: false);

    private void Change(IReadOnlyList<ClusterExtent> extents, bool used)
    {
        if (extents.Count == 0)
        {
            return;
        }

        var first = long.MaxValue;
        var last = long.MinValue;
        foreach (var extent in extents)
        {
            if (extent.Lcn < 0 || extent.Length <= 0 || extent.Lcn + extent.Length > totalClusters)
            {
                throw new InvalidOperationException($"clusters {extent.Lcn}+{extent.Length} lie outside the volume");
            }

            for (var lcn = extent.Lcn; lcn < extent.Lcn + extent.Length; lcn++)
            {
                var mask = (byte)(1 << (int)(lcn & 7));
                bits[lcn >> 3] = used ? (byte)(bits[lcn >> 3] | mask) : (byte)(bits[lcn >> 3] & ~mask);
            }

            first = Math.Min(first, extent.Lcn >> 3);
            last = Math.Max(last, (extent.Lcn + extent.Length - 1) >> 3);
        }

        // Whole 512-byte sectors of the bitmap, so a block device sees aligned writes; bytes outside the changed
        // range are written back as they were read.
        var start = first / SectorSize * SectorSize;
        var end = Math.Min(bits.Length, ((last / SectorSize) + 1) * SectorSize);
        foreach (var piece in RunMapping.Map(runs, volume.BootSector.ClusterSize, start, end - start, "$Bitmap (record 6)"))
        {
            volume.WriteAt(piece.VolumeOffset, bits.AsSpan((int)piece.AttributeOffset, piece.Length));
        }
    }

    /// <summary>
    /// Whether a free run overlaps the MFT zone, the first eighth of the volume from the MFT's start, which Windows
    /// keeps free so the MFT can grow without fragmenting (ntfs-3g avoids it too). Used only when nothing else fits.
    /// </summary>
    private bool InMftZone(ClusterExtent extent)
    {
        var zoneStart = volume.BootSector.MftLcn;
        var zoneEnd = zoneStart + (totalClusters / 8);
        return extent.Lcn < zoneEnd && extent.Lcn + extent.Length > zoneStart;
    }

    private static bool IsHeld(IReadOnlyList<ClusterExtent> held, long lcn)
    {
        foreach (var extent in held)
        {
            if (lcn >= extent.Lcn && lcn < extent.Lcn + extent.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every free run of the volume in LCN order, leaving out [<paramref name="skipStart"/>, <paramref name="skipEnd"/>)
    /// and the <paramref name="held"/> clusters.</summary>
    private List<ClusterExtent> FreeExtents(long skipStart, long skipEnd, IReadOnlyList<ClusterExtent> held)
    {
        var result = new List<ClusterExtent>();
        var lcn = 0L;
        while (lcn < totalClusters)
        {
            // Skip whole bytes of used clusters quickly: a big volume is mostly full bytes.
            if ((lcn & 7) == 0)
            {
                var at = bits.AsSpan((int)(lcn >> 3), (int)Math.Min(bits.Length - (lcn >> 3), (totalClusters - lcn + 7) >> 3)).IndexOfAnyExcept((byte)0xFF);
                if (at < 0)
                {
                    break;
                }

                lcn += 8L * at;
            }

            if (IsUsed(lcn) || (lcn >= skipStart && lcn < skipEnd) || IsHeld(held, lcn))
            {
                lcn++;
                continue;
            }

            var start = lcn;
            while (lcn < totalClusters && !IsUsed(lcn) && !(lcn >= skipStart && lcn < skipEnd) && !IsHeld(held, lcn))
            {
                lcn++;
            }

            result.Add(new ClusterExtent(start, lcn - start));
        }

        return result;
    }
}
