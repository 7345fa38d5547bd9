using System.Buffers.Binary;
using OfflineRepair.Registry.Format;

namespace OfflineRepair.Registry.Logs;

/// <summary>
/// Brings a dirty hive up to date from its transaction logs the way Windows does on load
/// (research notes, regf.md §2.3): new-format logs entry by entry in sequence order, otherwise the
/// applicable old-format log. Works on copies; the caller decides what to do with the result.
/// </summary>
internal static class HiveRecovery
{
    /// <summary>
    /// The largest hive bins size ever accepted, whatever the inputs: it keeps the image inside one
    /// .NET array (just under 2 GiB), which is also Windows' limit for the stable storage of a hive.
    /// </summary>
    public const long MaxHiveBinsSize = (int.MaxValue - BaseBlock.Size - 0xFFFF) & ~(long)(HiveBinHeader.PageSize - 1);

    /// <summary>True when the primary and secondary sequence numbers differ or the base-block checksum is wrong.</summary>
    public static bool IsDirty(ReadOnlySpan<byte> primaryBaseBlock)
    {
        if (primaryBaseBlock.Length < LogHeader.Size)
        {
            throw new HiveFormatException("base block", 0, $"only {primaryBaseBlock.Length} bytes, the checksummed part of a base block is 512");
        }

        return BaseBlock.PrimarySequence(primaryBaseBlock) != BaseBlock.SecondarySequence(primaryBaseBlock)
            || !BaseBlock.ChecksumIsValid(primaryBaseBlock);
    }

    /// <summary>
    /// Replays the logs over a copy of a dirty primary file. Returns null when no log is usable (or
    /// the hive is not dirty, since Windows then ignores the logs); the caller refuses or forces.
    /// Unusable logs (empty, foreign, damaged, stale) are skipped, not reported as errors. Never
    /// modifies its inputs; throws only <see cref="HiveFormatException"/>.
    /// </summary>
    public static RecoveryResult? Recover(byte[] primaryFile, IReadOnlyList<HiveLogFile> logs)
    {
        ArgumentNullException.ThrowIfNull(primaryFile);
        ArgumentNullException.ThrowIfNull(logs);
        if (primaryFile.Length < BaseBlock.Size)
        {
            throw new HiveFormatException("base block", 0, $"file is {primaryFile.Length} bytes, shorter than the 4096-byte base block");
        }

        if (!IsDirty(primaryFile))
        {
            return null;
        }

        long maxBinsSize = BinsSizeBudget(primaryFile, logs);
        bool baseBlockValid = PrimaryBaseBlockIsValid(primaryFile);

        var usableLogs = logs.Where(log => log is not null && log.Data is not null).ToList();
        var newLogs = usableLogs.Select(log => NewFormatLog.TryOpen(log, maxBinsSize)).OfType<NewFormatLog>().ToList();
        var result = baseBlockValid
            ? NewFormatReplay.OntoValidBaseBlock(primaryFile, newLogs, maxBinsSize)
            : NewFormatReplay.WithRebuiltBaseBlock(primaryFile, newLogs, maxBinsSize);
        if (result is not null)
        {
            return result;
        }

        var oldLogs = usableLogs.Select(log => OldFormatLog.TryOpen(log, maxBinsSize)).OfType<OldFormatLog>().ToList();
        return ReplayOldFormat(primaryFile, oldLogs, baseBlockValid, maxBinsSize);
    }

    /// <summary>
    /// Everything Windows checks in a primary base block except the sequence numbers. When any of it
    /// fails, the base block is rebuilt from a log header instead of being trusted.
    /// </summary>
    internal static bool PrimaryBaseBlockIsValid(byte[] primaryFile)
    {
        var block = primaryFile.AsSpan(0, BaseBlock.Size);
        if (!BaseBlock.ChecksumIsValid(block) || BaseBlock.ClusteringFactor(block) != 1)
        {
            return false;
        }

        try
        {
            // File length is not checked: bins missing from the file may be supplied by the logs.
            BaseBlock.Validate(block, fileLength: -1, BaseBlock.FileTypePrimary);
            return true;
        }
        catch (HiveFormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// The most hive bins data a recovery can legitimately produce: every byte of it comes either from
    /// the primary file or from a page in some log, so anything larger is a lie and is refused before
    /// it is allocated.
    /// </summary>
    private static long BinsSizeBudget(byte[] primaryFile, IReadOnlyList<HiveLogFile> logs)
    {
        long budget = primaryFile.Length - BaseBlock.Size;
        foreach (var log in logs)
        {
            budget += log?.Data?.Length ?? 0;
        }

        budget = budget / HiveBinHeader.PageSize * HiveBinHeader.PageSize;
        return Math.Min(budget, MaxHiveBinsSize);
    }

    private static RecoveryResult? ReplayOldFormat(byte[] primaryFile, List<OldFormatLog> logs, bool baseBlockValid, long maxBinsSize)
    {
        // The log that belongs to this hive carries the same last-written timestamp; when the base
        // block cannot be trusted, the copy of that timestamp in the first bin header stands in.
        long timestamp = baseBlockValid
            ? BaseBlock.Timestamp(primaryFile)
            : FirstBinTimestamp(primaryFile);
        OldFormatLog? chosen = null;
        foreach (var log in logs)
        {
            if (log.Header.Timestamp == timestamp && (chosen is null || SequenceNumber.IsBefore(chosen.Sequence, log.Sequence)))
            {
                chosen = log;
            }
        }

        if (chosen is null)
        {
            return null;
        }

        var baseBlock = baseBlockValid ? primaryFile.AsSpan(0, BaseBlock.Size) : RebuiltBaseBlock(chosen.Header);
        var image = RecoveryImage.Create(baseBlock, primaryFile, chosen.Header.HiveBinsSize, maxBinsSize);
        chosen.ApplyTo(image);
        return new RecoveryResult(image.Finish(chosen.Sequence), chosen.Sequence, 1, [chosen.Name]);
    }

    private static long FirstBinTimestamp(byte[] primaryFile)
    {
        int field = BaseBlock.Size + HiveBinHeader.TimestampField;
        return primaryFile.Length >= field + 8 ? BinaryPrimitives.ReadInt64LittleEndian(primaryFile.AsSpan(field)) : 0;
    }

    /// <summary>
    /// A base block made from a log header: the log holds only the checksummed first 512 bytes; the
    /// rest of the block (reserved, boot-time fields) starts out zero.
    /// </summary>
    internal static byte[] RebuiltBaseBlock(LogHeader header)
    {
        var block = new byte[BaseBlock.Size];
        header.Block.CopyTo(block);
        return block;
    }
}
