namespace OfflineRepair.Ntfs;

/// <summary>One contiguous piece of an attribute byte range on the volume.</summary>
internal readonly record struct VolumeSpan(long VolumeOffset, long AttributeOffset, int Length);

/// <summary>
/// Where the bytes of a non-resident attribute lie on the volume. A byte range of the attribute becomes one
/// piece per run it crosses: a 1 KiB MFT record or a 4 KiB INDX block on 512-byte clusters may sit in two
/// runs far apart, so every read-modify-write of a structure goes through here.
/// </summary>
internal static class RunMapping
{
    public static List<VolumeSpan> Map(IReadOnlyList<DataRun> runs, long clusterSize, long offset, long length, string where)
    {
        var pieces = new List<VolumeSpan>();
        var done = 0L;
        var index = FindRun(runs, offset / clusterSize);
        while (done < length)
        {
            var at = offset + done;
            var vcn = at / clusterSize;
            while (index >= 0 && index < runs.Count && vcn >= runs[index].Vcn + runs[index].Length)
            {
                index++;
            }

            if (index < 0 || index >= runs.Count || vcn < runs[index].Vcn)
            {
                throw new NtfsFormatException("runlist", where, $"no run maps byte {at} (VCN {vcn})");
            }

            var run = runs[index];
            if (run.IsSparse)
            {
                throw new NtfsFormatException("runlist", where, $"byte {at} lies in a sparse run, which has no clusters to write");
            }

            var runEnd = (run.Vcn + run.Length) * clusterSize;
            var chunk = (int)Math.Min(Math.Min(length - done, runEnd - at), int.MaxValue);
            pieces.Add(new VolumeSpan((run.Lcn * clusterSize) + (at - (run.Vcn * clusterSize)), at, chunk));
            done += chunk;
        }

        return pieces;
    }

    /// <summary>Index of the run holding <paramref name="vcn"/>, or -1.</summary>
    private static int FindRun(IReadOnlyList<DataRun> runs, long vcn)
    {
        int lo = 0, hi = runs.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (vcn < runs[mid].Vcn)
            {
                hi = mid - 1;
            }
            else if (vcn >= runs[mid].Vcn + runs[mid].Length)
            {
                lo = mid + 1;
            }
            else
            {
                return mid;
            }
        }

        return -1;
    }
}
