namespace OfflineRepair.Ntfs;

/// <summary>One run of a runlist: <see cref="Length"/> clusters from virtual cluster <see cref="Vcn"/>, stored at
/// logical cluster <see cref="Lcn"/>, or a hole (sparse, reads as zeros) when <see cref="IsSparse"/>.</summary>
public readonly record struct DataRun(long Vcn, long Lcn, long Length)
{
    public const long Hole = -1;

    public bool IsSparse => Lcn == Hole;
}
