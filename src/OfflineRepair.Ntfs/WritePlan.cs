namespace OfflineRepair.Ntfs;

/// <summary>
/// A change to the volume worked out completely in memory before its first write, then carried out in the order
/// it was planned. Planning reads the volume, chooses clusters (held here, so two attributes growing in one change
/// never get the same ones), and refuses with <see cref="NtfsWriteRefusedException"/> while nothing is written;
/// <see cref="Execute"/> then marks the new clusters in $Bitmap, runs the writes in order, and only after the last
/// one gives back the clusters the change freed (nothing on disk names them any more by then).
/// </summary>
internal sealed class WritePlan
{
    private readonly List<(string What, Action Write)> writes = [];

    /// <summary>Clusters chosen for this change and not yet marked in $Bitmap.</summary>
    public List<ClusterExtent> Allocated { get; } = [];

    /// <summary>Clusters to release once everything else is written.</summary>
    public List<ClusterExtent> Freed { get; } = [];

    public int WriteCount => writes.Count;

    public void Add(string what, Action write) => writes.Add((what, write));

    /// <summary>Carries the plan out; a failing write stops it there, and the <see cref="IOException"/> says what was
    /// being written (the volume may then hold part of the change).</summary>
    public void Execute(NtfsVolume volume)
    {
        Step("$Bitmap (new clusters)", () =>
        {
            if (Allocated.Count > 0)
            {
                volume.Clusters.MarkUsed(Allocated);
            }
        });
        foreach (var (what, write) in writes)
        {
            Step(what, write);
        }

        Step("$Bitmap (freed clusters)", () =>
        {
            if (Freed.Count > 0)
            {
                volume.Clusters.MarkFree(Freed);
            }
        });
        Step("the volume (flush)", volume.Flush);
    }

    private static void Step(string what, Action write)
    {
        try
        {
            write();
        }
        catch (IOException e) when (e is not NtfsWriteRefusedException)
        {
            throw new IOException(
                $"writing {what} failed ({e.Message}); the change was left part-way, so run `chkdsk /f` on the volume before trusting it", e);
        }
    }
}
