namespace OfflineRepair.Ntfs;

/// <summary>
/// The MFT records one change edits, each read once (fixups removed) and edited in memory. <see cref="Stage"/>
/// adds to a <see cref="WritePlan"/> a write of every record changed since the last stage, with the bytes it has
/// then: a change that must reach the disk in steps (the $SDS sizes, then $SII's root, then $SDH's, all in record
/// 9) writes the same record once per step, each time complete and consistent.
/// </summary>
internal sealed class MftRecordBatch(NtfsVolume volume)
{
    private readonly Dictionary<long, byte[]> buffers = [];
    private readonly Dictionary<long, byte[]> staged = [];

    /// <summary>The record's buffer for editing, read on first use.</summary>
    public byte[] Get(long recordNumber)
    {
        if (!buffers.TryGetValue(recordNumber, out var buffer))
        {
            buffer = volume.Records.Read(recordNumber);
            buffers[recordNumber] = buffer;
            staged[recordNumber] = (byte[])buffer.Clone();
        }

        return buffer;
    }

    /// <summary>Plans writes of the records changed since the last stage, extension records before base records
    /// (a base record must never name attributes its extensions do not hold yet).</summary>
    public void Stage(WritePlan plan, long baseRecord)
    {
        foreach (var (number, buffer) in buffers.OrderBy(b => b.Key == baseRecord ? 1 : 0).ThenBy(b => b.Key))
        {
            if (buffer.AsSpan().SequenceEqual(staged[number]))
            {
                continue;
            }

            var copy = (byte[])buffer.Clone();
            staged[number] = copy;
            plan.Add($"MFT record {number}", () => volume.Records.Write(number, copy));
        }
    }
}
