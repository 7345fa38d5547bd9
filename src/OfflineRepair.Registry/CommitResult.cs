namespace OfflineRepair.Registry;

/// <summary>What a commit wrote: the pages of the hive file (4 KiB each, base block included) and the new sequence number.</summary>
public sealed record CommitResult(int PagesWritten, long BytesWritten, uint Sequence)
{
    public static readonly CommitResult Nothing = new(0, 0, 0);
}
