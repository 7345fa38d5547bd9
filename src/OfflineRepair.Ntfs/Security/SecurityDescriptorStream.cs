using System.Buffers.Binary;
using S = OfflineRepair.Ntfs.NtfsLayout.Secure;

namespace OfflineRepair.Ntfs.Security;

/// <summary>
/// $Secure's <c>$SDS</c> stream: every descriptor of the volume, each in a 16-aligned entry (the
/// <see cref="SecurityEntry"/> header, then the self-relative descriptor). The stream is cut in 256 KiB blocks;
/// entries live in the even blocks and each odd block repeats the one before it byte for byte, so an entry at
/// offset o has its copy at o + 256 KiB. An entry never crosses a block boundary: one that would starts the next
/// pair of blocks instead. Windows finds where to write the next entry from the stream's size (the end of the
/// last mirror copy), ntfs-3g from the entry with the highest id; we take the later of the two and of every entry
/// $SII knows, so nothing is ever overwritten.
/// </summary>
internal sealed class SecurityDescriptorStream
{
    private readonly NtfsVolume volume;
    private readonly List<AttributeRecord> extents;
    private readonly List<DataRun> runs;
    private readonly long clusterSize;
    private readonly string where;

    public SecurityDescriptorStream(NtfsVolume volume, NtfsFile secure)
    {
        this.volume = volume;
        clusterSize = volume.BootSector.ClusterSize;
        where = $"$SDS of record {secure.RecordNumber}";
        extents = [.. secure.Attributes
            .Where(a => a.Type == AttributeType.Data && a.Name == S.DescriptorStream)
            .OrderBy(a => a.LowestVcn)];
        if (extents.Count == 0 || extents[0].IsResident || extents[0].LowestVcn != 0)
        {
            throw new NtfsFormatException("$Secure", where, "has no non-resident $SDS stream");
        }

        var first = extents[0];
        if (first.IsCompressed || first.IsEncrypted || first.IsSparse)
        {
            throw new NtfsFormatException("$Secure", where, "the $SDS stream is compressed, encrypted or sparse");
        }

        runs = NtfsFile.JoinRuns(extents, where);
        var mapped = runs.Count == 0 ? 0 : (runs[^1].Vcn + runs[^1].Length) * clusterSize;
        if (first.AllocatedSize != mapped || first.DataSize > mapped || runs.Any(r => r.IsSparse))
        {
            throw new NtfsFormatException("$Secure", where, $"$SDS says {first.DataSize} bytes in {first.AllocatedSize} allocated, but its runs map {mapped} (or have holes)");
        }

        DataSize = first.DataSize;
        Allocated = first.AllocatedSize;
        Initialized = Math.Min(first.InitializedSize, DataSize);
    }

    public long DataSize { get; }

    public long Allocated { get; }

    public long Initialized { get; }

    /// <summary>The descriptor of the entry $SII describes as <paramref name="expected"/>, after checking that the
    /// entry lies inside the stream and its header says the same id, offset and length.</summary>
    public byte[] ReadDescriptor(SecurityEntry expected)
    {
        var location = $"{where}, security id 0x{expected.SecurityId:X} at offset 0x{expected.Offset:X}";
        if (expected.Offset < 0 || expected.Offset % S.EntryAlignment != 0 || expected.Length < S.EntryHeaderSize + NtfsLayout.SecurityDescriptor.HeaderSize
            || expected.Length > S.BlockSize || expected.Offset > Initialized - expected.Length)
        {
            throw new NtfsFormatException("$SDS entry", location, $"an entry of {expected.Length} bytes there does not fit the stream ({Initialized} bytes written)");
        }

        var entry = new byte[expected.Length];
        foreach (var piece in RunMapping.Map(runs, clusterSize, expected.Offset, entry.Length, location))
        {
            volume.ReadAt(piece.VolumeOffset, entry.AsSpan((int)(piece.AttributeOffset - expected.Offset), piece.Length));
        }

        var header = SecurityEntry.Parse(entry);
        if (header.SecurityId != expected.SecurityId || header.Offset != expected.Offset || header.Length != expected.Length)
        {
            throw new NtfsFormatException("$SDS entry", location,
                $"the entry header says security id 0x{header.SecurityId:X}, offset 0x{header.Offset:X}, length {header.Length}, not what $SII says");
        }

        return entry[S.EntryHeaderSize..];
    }

    /// <summary>Where an entry of <paramref name="length"/> bytes goes after every entry in <paramref name="known"/>
    /// and after what the stream's size says was written last.</summary>
    public long NextOffset(IEnumerable<SecurityEntry> known, int length)
    {
        var next = DataSize > S.BlockSize ? DataSize - S.BlockSize : 0;
        foreach (var entry in known)
        {
            next = Math.Max(next, entry.Offset + entry.Length);
        }

        next = (next + S.EntryAlignment - 1) / S.EntryAlignment * S.EntryAlignment;
        if (((next + length - 1) & S.BlockSize) != 0)
        {
            // Its last byte would land in a mirror block: start the next pair of blocks.
            next = ((next + length - 1) | (S.BlockSize - 1)) + 1;
        }

        return next;
    }

    /// <summary>
    /// Plans the new entry at <see cref="SecurityEntry.Offset"/> and its mirror copy, growing the stream's
    /// allocation with new clusters when needed; bytes between what was written before and the new copies are
    /// written as zeros (this "stuffs" a new pair of blocks, so the stream never has a hole). Then the record
    /// holding the $SDS sizes is staged. Refuses, before anything is written, when the stream would have to grow
    /// but is split over several records, or its runlist no longer fits.
    /// </summary>
    public void PlanAppend(SecurityEntry entry, ReadOnlySpan<byte> descriptor, MftRecordBatch batch, WritePlan plan)
    {
        var bytes = new byte[entry.Length];
        entry.ToHeader().CopyTo(bytes, 0);
        descriptor.CopyTo(bytes.AsSpan(S.EntryHeaderSize));
        var mirror = entry.Offset + S.BlockSize;
        var newSize = Math.Max(DataSize, mirror + bytes.Length);

        var first = extents[0];
        var record = batch.Get(first.RecordNumber);
        var at = MftRecordWriter.FindAttribute(record, AttributeType.Data, S.DescriptorStream);
        if (at < 0)
        {
            throw new NtfsFormatException("$Secure", where, "the $SDS attribute is no longer where it was read");
        }

        var newRuns = runs;
        var newAllocated = Allocated;
        if (newSize > Allocated)
        {
            if (extents.Count > 1)
            {
                throw new NtfsWriteRefusedException(
                    $"$Secure's $SDS stream is split over several MFT records and would have to grow to {newSize} bytes, which is not supported; nothing was written");
            }

            var clusters = (newSize - Allocated + clusterSize - 1) / clusterSize;
            var last = runs.Count > 0 ? runs[^1].Lcn + runs[^1].Length - 1 : -1;
            var chosen = volume.Clusters.Find(clusters, last, plan.Allocated);
            plan.Allocated.AddRange(chosen);
            newRuns = AttributeBuilder.AppendRuns(runs, chosen, Allocated / clusterSize);
            newAllocated = Allocated + (clusters * clusterSize);
        }

        // With one extent the attribute is rebuilt (runs and sizes); a split stream only has its sizes changed.
        var old = record.AsSpan(at, MftRecordWriter.AttributeLength(record, at));
        var replacement = extents.Count == 1
            ? AttributeBuilder.RebuiltNonResident(old, newRuns, newAllocated, newSize, newSize, clusterSize)
            : WithSizes(old, newSize);
        if (!MftRecordWriter.TryReplaceAttribute(record, at, replacement))
        {
            throw new NtfsWriteRefusedException(
                $"the runlist of $Secure's grown $SDS stream no longer fits MFT record {first.RecordNumber}; nothing was written");
        }

        var pieces = new List<(long Offset, long Length, byte[]? Bytes)>();
        if (Initialized < entry.Offset)
        {
            pieces.Add((Initialized, entry.Offset - Initialized, null));
        }

        pieces.Add((entry.Offset, bytes.Length, bytes));
        var gap = Math.Max(entry.Offset + bytes.Length, Initialized);
        if (gap < mirror)
        {
            pieces.Add((gap, mirror - gap, null));
        }

        pieces.Add((mirror, bytes.Length, bytes));
        plan.Add($"{where}: entry of security id 0x{entry.SecurityId:X} at 0x{entry.Offset:X} and its mirror", () =>
        {
            foreach (var (offset, length, data) in pieces)
            {
                Write(newRuns, offset, length, data);
            }
        });
        batch.Stage(plan, NtfsLayout.SystemFiles.Secure);
    }

    private static byte[] WithSizes(ReadOnlySpan<byte> old, long size)
    {
        var bytes = old.ToArray();
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(NtfsLayout.Attribute.DataSize), size);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(NtfsLayout.Attribute.InitializedSize), size);
        return bytes;
    }

    /// <summary>Writes <paramref name="data"/> (or as many zeros) at a stream offset, in pieces of at most 64 KiB.</summary>
    private void Write(List<DataRun> streamRuns, long offset, long length, byte[]? data)
    {
        var zeros = data is null ? new byte[(int)Math.Min(length, 64 * 1024)] : [];
        var done = 0L;
        while (done < length)
        {
            var chunk = (int)Math.Min(length - done, data is null ? zeros.Length : length);
            var source = data is null ? zeros.AsSpan(0, chunk) : data.AsSpan((int)done, chunk);
            foreach (var piece in RunMapping.Map(streamRuns, clusterSize, offset + done, chunk, where))
            {
                volume.WriteAt(piece.VolumeOffset, source.Slice((int)(piece.AttributeOffset - offset - done), piece.Length));
            }

            done += chunk;
        }
    }
}
