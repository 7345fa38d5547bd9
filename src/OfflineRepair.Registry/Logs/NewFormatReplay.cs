using OfflineRepair.Registry.Format;

namespace OfflineRepair.Registry.Logs;

/// <summary>
/// Replay of new-format (HvLE) logs. Windows writes LOG1 and LOG2 alternately, each starting with
/// the next sequence number, so the logs form one chain that is followed across files.
/// </summary>
internal static class NewFormatReplay
{
    /// <summary>
    /// The primary's base block is trustworthy; only its bins may be stale. Starts with the log whose
    /// sequence is earliest, skipping a log that is older than the primary's secondary sequence
    /// (already reconciled), applies entries while their numbers run on, then continues with a log
    /// that begins right after the last applied entry.
    /// </summary>
    public static RecoveryResult? OntoValidBaseBlock(byte[] primaryFile, IReadOnlyList<NewFormatLog> logs, long maxBinsSize)
    {
        uint secondary = BaseBlock.SecondarySequence(primaryFile);

        // "Earliest" is by the logs' own sequence numbers (wrap-aware); equal numbers keep the given
        // order (LOG1 before LOG2). A log at or after the secondary is eligible even when far ahead
        // of it: Windows may reconcile bins into the primary without rewriting its base block, so
        // the first entry needed can be numbered well past the secondary.
        var start = Earliest(logs.Where(log => SequenceNumber.IsAtOrAfter(log.Sequence, secondary)));
        if (start is null)
        {
            return null;
        }

        // A write torn after the header went out can leave a primary whose bins size runs past the
        // end of the file. The first applied entry sets the size anyway, so starting from what the
        // inputs can fill changes nothing but the memory a forged size would cost.
        uint startSize = (uint)Math.Min(BaseBlock.HiveBinsSize(primaryFile), maxBinsSize);
        var image = RecoveryImage.Create(primaryFile.AsSpan(0, BaseBlock.Size), primaryFile, startSize, maxBinsSize);
        var used = new List<string>();
        var remaining = logs.ToList();
        int applied = 0;
        uint last = 0;
        var current = start;
        while (current is not null)
        {
            remaining.Remove(current);
            var chain = current.ReadChain(maxBinsSize);
            if (chain.Count == 0)
            {
                break;
            }

            foreach (var entry in chain)
            {
                Apply(image, current, entry);
            }

            used.Add(current.Name);
            applied += chain.Count;
            last = chain[^1].Sequence;
            uint next = unchecked(last + 1);
            current = remaining.FirstOrDefault(log => log.Sequence == next);
        }

        return applied == 0 ? null : new RecoveryResult(image.Finish(last), last, applied, used.ToArray());
    }

    /// <summary>
    /// The primary's base block is damaged, so its sequence numbers mean nothing: the log whose
    /// entries reach furthest supplies both the base block (from its header) and the entries.
    /// </summary>
    public static RecoveryResult? WithRebuiltBaseBlock(byte[] primaryFile, IReadOnlyList<NewFormatLog> logs, long maxBinsSize)
    {
        NewFormatLog? best = null;
        IReadOnlyList<LogEntry> bestChain = [];
        foreach (var log in logs)
        {
            var chain = log.ReadChain(maxBinsSize);
            if (chain.Count > 0 && (best is null || SequenceNumber.IsBefore(bestChain[^1].Sequence, chain[^1].Sequence)))
            {
                best = log;
                bestChain = chain;
            }
        }

        if (best is null)
        {
            return null;
        }

        var image = RecoveryImage.Create(HiveRecovery.RebuiltBaseBlock(best.Header), primaryFile, best.Header.HiveBinsSize, maxBinsSize);
        foreach (var entry in bestChain)
        {
            Apply(image, best, entry);
        }

        uint last = bestChain[^1].Sequence;
        return new RecoveryResult(image.Finish(last), last, bestChain.Count, [best.Name]);
    }

    private static NewFormatLog? Earliest(IEnumerable<NewFormatLog> logs)
    {
        NewFormatLog? earliest = null;
        foreach (var log in logs)
        {
            if (earliest is null || SequenceNumber.IsBefore(log.Sequence, earliest.Sequence))
            {
                earliest = log;
            }
        }

        return earliest;
    }

    private static void Apply(RecoveryImage image, NewFormatLog log, LogEntry entry)
    {
        // The entry records the bins size after its flush; pages of bins added by that flush lie
        // beyond the old end, so the image is resized before any page is written.
        image.ResizeBins(entry.HiveBinsSize);
        var data = log.Header.Data;
        foreach (var page in log.Pages(entry))
        {
            image.Write(page.HiveOffset, data.AsSpan(page.LogOffset, page.Length));
        }

        // Only bit 0 (KTM has pending transactions) of the entry's copy of the flags is meaningful.
        var block = image.BaseBlockSpan;
        BaseBlock.SetFlags(block, (BaseBlock.Flags(block) & ~1u) | (entry.Flags & 1u));
    }
}
