namespace OfflineRepair.Containers.Vhdx;

/// <summary>One valid log entry: where it sits in the log, its sequence, and the pages it writes.</summary>
internal sealed record VhdxLogEntry(
    long LogPosition,
    uint Length,
    uint Tail,
    ulong SequenceNumber,
    ulong FlushedFileOffset,
    ulong LastFileOffset,
    IReadOnlyList<VhdxLogWrite> Writes);

/// <summary>
/// A write recorded in a log entry: a 4 KiB page of data at a file offset, or (Data null) a run of
/// zeros of ZeroLength bytes.
/// </summary>
internal sealed record VhdxLogWrite(ulong FileOffset, byte[]? Data, ulong ZeroLength);
