namespace OfflineRepair.Containers.Vhdx;

/// <summary>What replaying the log produced: 4 KiB pages by file offset, and the file's size afterwards.</summary>
internal sealed record VhdxLogReplay(IReadOnlyDictionary<long, byte[]> Pages, long FileLength, int EntriesReplayed, ulong HeadSequenceNumber);
