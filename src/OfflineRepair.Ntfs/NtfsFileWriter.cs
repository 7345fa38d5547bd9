using System.Buffers.Binary;
using A = OfflineRepair.Ntfs.NtfsLayout.Attribute;
using S = OfflineRepair.Ntfs.NtfsLayout.StandardInformation;

namespace OfflineRepair.Ntfs;

/// <summary>
/// A file's $DATA stream opened for writing. Bytes are written through to the file's own clusters at once;
/// the MFT record and the directory entries follow on <see cref="Flush"/> (and on dispose). The order keeps a
/// crash between two writes harmless, at worst leaving clusters marked in use that nothing owns, which chkdsk
/// reclaims: when growing, the new clusters' $Bitmap bits first, then the data, then the MFT record, then the
/// $I30 entries; when shrinking, the MFT record first and the clusters' bits only after it.
/// <para>
/// Growing needs the whole runlist in the base record: a $DATA split over extension records is rewritten only
/// within its allocation. Resident $DATA is rewritten in the record while it fits there; turning it
/// non-resident is not done. Every refusal (<see cref="NtfsWriteRefusedException"/>) comes before anything of
/// that request is written. A failed write to the volume leaves the stream unusable.
/// </para>
/// </summary>
internal sealed class NtfsFileWriter : Stream
{
    private static readonly byte[] Zeros = new byte[64 * 1024];
    private readonly NtfsVolume volume;
    private readonly long recordNumber;
    private readonly ushort sequenceNumber;
    private readonly string streamName;
    private readonly string description;
    private readonly IReadOnlyList<FileNameAttribute> names;
    private readonly long dataRecord;
    private readonly bool resident;
    private readonly bool canReallocate;
    private readonly long clusterSize;
    private readonly List<ClusterExtent> pendingFree = [];
    private byte[] residentValue = [];
    private List<DataRun> runs = [];
    private long allocated;
    private long length;
    private long initialized;
    private long position;
    private bool changed;
    private bool faulted;
    private bool disposed;

    public NtfsFileWriter(NtfsVolume volume, NtfsFile file, string streamName, IReadOnlyList<AttributeRecord> extents)
    {
        this.volume = volume;
        this.streamName = streamName;
        recordNumber = file.RecordNumber;
        sequenceNumber = file.SequenceNumber;
        names = file.Names;
        clusterSize = volume.BootSector.ClusterSize;
        description = streamName.Length == 0 ? $"\"{file.Name}\" (record {recordNumber})" : $"stream \"{streamName}\" of \"{file.Name}\" (record {recordNumber})";
        var first = extents[0];
        dataRecord = first.RecordNumber;
        resident = first.IsResident;
        canReallocate = extents.Count == 1;
        if (resident)
        {
            residentValue = first.Value.ToArray();
            length = initialized = residentValue.Length;
        }
        else
        {
            runs = file.JoinedRuns(AttributeType.Data, streamName);
            var mapped = runs.Count == 0 ? 0 : (runs[^1].Vcn + runs[^1].Length) * clusterSize;
            if (first.AllocatedSize != mapped)
            {
                throw new NtfsFormatException("attribute", $"record {dataRecord}", $"$DATA says {first.AllocatedSize} bytes are allocated but its runs map {mapped}");
            }

            allocated = first.AllocatedSize;
            length = first.DataSize;
            initialized = Math.Min(first.InitializedSize, length);
        }

        // Everything a later flush needs is checked now, while nothing has been written: both records rebuild
        // and every directory entry of the file can be found.
        BuildRecords(0, runs, allocated, residentValue);
        IndexEntryUpdater.Update(volume, recordNumber, sequenceNumber, names, null);
    }

    public override bool CanRead => !disposed;
    public override bool CanSeek => !disposed;
    public override bool CanWrite => !disposed;

    public override long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return length;
        }
    }

    public override long Position
    {
        get => position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            position = value;
        }
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return position;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ThrowIfUnusable();
        if (position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        var count = (int)Math.Min(buffer.Length, length - position);
        if (resident)
        {
            residentValue.AsSpan((int)position, count).CopyTo(buffer);
        }
        else
        {
            // Past the initialized size nothing was ever written: it reads as zeros, whatever the clusters hold.
            var fromDisk = (int)Math.Clamp(initialized - position, 0, count);
            if (fromDisk > 0)
            {
                foreach (var piece in RunMapping.Map(runs, clusterSize, position, fromDisk, description))
                {
                    volume.ReadAt(piece.VolumeOffset, buffer.Slice((int)(piece.AttributeOffset - position), piece.Length));
                }
            }

            buffer[fromDisk..count].Clear();
        }

        position += count;
        return count;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfUnusable();
        if (buffer.IsEmpty)
        {
            return;
        }

        var end = checked(position + buffer.Length);
        RefuseMoreThanTheVolume(end);
        if (resident)
        {
            if (end > residentValue.Length)
            {
                ResizeResident(end);
            }

            buffer.CopyTo(residentValue.AsSpan((int)position));
            length = initialized = residentValue.Length;
            position = end;
            changed = true;
            return;
        }

        if (end > allocated)
        {
            Grow(end);
        }

        // The write raises the initialized size, so whatever lies between the old initialized size and this write
        // must read as zeros from now on: write them.
        if (position > initialized)
        {
            WriteZeros(initialized, position - initialized);
        }

        WriteThrough(position, buffer);
        length = Math.Max(length, end);
        initialized = Math.Max(initialized, end);
        position = end;
        changed = true;
    }

    public override void SetLength(long value)
    {
        ThrowIfUnusable();
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (value == length)
        {
            return;
        }

        RefuseMoreThanTheVolume(value);

        if (resident)
        {
            ResizeResident(value);
            length = initialized = value;
            changed = true;
            return;
        }

        var newAllocated = RoundUp(value);
        if (newAllocated > allocated)
        {
            Grow(value);
        }
        else if (newAllocated < allocated)
        {
            Shrink(newAllocated);
        }

        // A longer file keeps its initialized size: the new tail reads as zeros without being written.
        length = value;
        initialized = Math.Min(initialized, value);
        changed = true;
    }

    /// <summary>Writes the MFT record(s), then the directory entries, then gives back clusters a shrink freed, and
    /// flushes the volume stream. The file's times become the clock's now and its archive attribute is set.</summary>
    public override void Flush()
    {
        ThrowIfUnusable();
        if (!changed)
        {
            Guard(volume.Flush);
            return;
        }

        var now = volume.Clock.GetUtcNow().UtcDateTime.ToFileTimeUtc();
        var records = BuildRecords(now, runs, allocated, residentValue);
        DuplicatedInfo info = streamName.Length == 0
            ? new(now, now, now, resident ? AttributeBuilder.Align8(length) : allocated, length, S.AttributeArchive)
            : new(now, now, now, null, null, S.AttributeArchive);
        Guard(() =>
        {
            foreach (var (number, buffer) in records)
            {
                volume.Records.Write(number, buffer);
            }

            IndexEntryUpdater.Update(volume, recordNumber, sequenceNumber, names, info);
            if (pendingFree.Count > 0)
            {
                volume.Clusters.MarkFree(pendingFree);
                pendingFree.Clear();
            }

            volume.Flush();
        });
        changed = false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            try
            {
                if (!faulted)
                {
                    Flush();
                }
            }
            finally
            {
                disposed = true;
                volume.ReleaseForWriting(recordNumber);
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>Allocates clusters so <paramref name="newLength"/> bytes fit: chosen, checked to fit the record,
    /// and only then marked in $Bitmap (the first write of a grow).</summary>
    private void Grow(long newLength)
    {
        if (!canReallocate)
        {
            throw new NtfsWriteRefusedException(
                $"{description}: its $DATA is split over several MFT records ($ATTRIBUTE_LIST); growing it beyond its {allocated} allocated bytes is not supported");
        }

        var newAllocated = RoundUp(newLength);
        var wanted = (newAllocated - allocated) / clusterSize;
        var lastCluster = runs.Count > 0 ? runs[^1].Lcn + runs[^1].Length - 1 : -1;
        var extents = volume.Clusters.Find(wanted, lastCluster);
        var newRuns = AttributeBuilder.AppendRuns(runs, extents, allocated / clusterSize);
        BuildRecords(0, newRuns, newAllocated, residentValue);
        Guard(() => volume.Clusters.MarkUsed(extents));
        runs = newRuns;
        allocated = newAllocated;
    }

    /// <summary>Drops the clusters past <paramref name="newAllocated"/> from the runlist; their $Bitmap bits are
    /// cleared only after the MFT record no longer names them (on flush).</summary>
    private void Shrink(long newAllocated)
    {
        if (!canReallocate)
        {
            throw new NtfsWriteRefusedException(
                $"{description}: its $DATA is split over several MFT records ($ATTRIBUTE_LIST); shrinking its allocation is not supported");
        }

        var keep = newAllocated / clusterSize;
        var kept = new List<DataRun>();
        foreach (var run in runs)
        {
            if (run.Vcn + run.Length <= keep)
            {
                kept.Add(run);
            }
            else if (run.Vcn < keep)
            {
                var part = keep - run.Vcn;
                kept.Add(run with { Length = part });
                pendingFree.Add(new ClusterExtent(run.Lcn + part, run.Length - part));
            }
            else
            {
                pendingFree.Add(new ClusterExtent(run.Lcn, run.Length));
            }
        }

        runs = kept;
        allocated = newAllocated;
    }

    private void RefuseMoreThanTheVolume(long newLength)
    {
        if (newLength > volume.BootSector.TotalClusters * clusterSize)
        {
            throw new NtfsWriteRefusedException($"{description}: {newLength} bytes is more than the whole volume holds");
        }
    }

    private void ResizeResident(long newLength)
    {
        if (newLength > volume.BootSector.MftRecordSize)
        {
            throw ResidentTooBig(newLength);
        }

        var value = new byte[newLength];
        residentValue.AsSpan(0, (int)Math.Min(residentValue.Length, newLength)).CopyTo(value);
        BuildRecords(0, runs, allocated, value);
        residentValue = value;
    }

    private NtfsWriteRefusedException ResidentTooBig(long newLength) =>
        new($"{description}: its data is resident (kept inside its MFT record) and {newLength} bytes do not fit there; making it non-resident is not supported");

    /// <summary>
    /// Reads the record(s) fresh and applies this writer's state: the $DATA attribute (runlist re-encoded and
    /// sizes, or the resident value), and $STANDARD_INFORMATION's times and archive bit when <paramref name="now"/>
    /// is not 0. Returns them in write order (an extension record before the base record). Refuses when the
    /// attribute no longer fits its record; nothing is written here.
    /// </summary>
    private List<(long Record, byte[] Buffer)> BuildRecords(long now, List<DataRun> newRuns, long newAllocated, byte[] value)
    {
        var baseBuffer = volume.Records.Read(recordNumber);
        var dataBuffer = dataRecord == recordNumber ? baseBuffer : volume.Records.Read(dataRecord);
        var at = MftRecordWriter.FindAttribute(dataBuffer, AttributeType.Data, streamName);
        if (at < 0 || (dataBuffer[at + A.NonResident] == 0) != resident)
        {
            throw NtfsFormatException.Record(dataRecord, $"the $DATA attribute of {description} is no longer where it was read");
        }

        if (resident)
        {
            if (!MftRecordWriter.TryReplaceAttribute(dataBuffer, at, ResidentAttribute(dataBuffer.AsSpan(at), value)))
            {
                throw ResidentTooBig(value.Length);
            }
        }
        else if (canReallocate)
        {
            if (!MftRecordWriter.TryReplaceAttribute(dataBuffer, at, NonResidentAttribute(dataBuffer.AsSpan(at), newRuns, newAllocated)))
            {
                throw new NtfsWriteRefusedException(
                    $"{description}: the free space found for it is split into so many pieces that its list of {newRuns.Count} data runs no longer fits its {dataBuffer.Length}-byte MFT record; free or defragment space on the volume in Windows, then try again");
            }
        }
        else
        {
            // Allocation unchanged, so only the sizes of the first extent change, in place.
            var attribute = dataBuffer.AsSpan(at);
            BinaryPrimitives.WriteInt64LittleEndian(attribute[A.DataSize..], length);
            BinaryPrimitives.WriteInt64LittleEndian(attribute[A.InitializedSize..], initialized);
        }

        if (now != 0)
        {
            StampStandardInformation(baseBuffer, now);
        }

        return dataRecord == recordNumber ? [(recordNumber, baseBuffer)] : [(dataRecord, dataBuffer), (recordNumber, baseBuffer)];
    }

    private byte[] NonResidentAttribute(ReadOnlySpan<byte> old, List<DataRun> newRuns, long newAllocated) =>
        AttributeBuilder.RebuiltNonResident(old, newRuns, newAllocated, length, initialized, clusterSize);

    private static byte[] ResidentAttribute(ReadOnlySpan<byte> old, byte[] value) => AttributeBuilder.ResizedResident(old, value);

    /// <summary>Last write, MFT change and last access become <paramref name="now"/>; creation time, security id,
    /// quota and USN stay; the archive attribute is set (backup programs look for it).</summary>
    private void StampStandardInformation(byte[] record, long now)
    {
        var at = MftRecordWriter.FindAttribute(record, AttributeType.StandardInformation, "");
        if (at < 0 || record[at + A.NonResident] != 0)
        {
            throw NtfsFormatException.Record(recordNumber, "has no resident $STANDARD_INFORMATION");
        }

        int valueOffset = BinaryPrimitives.ReadUInt16LittleEndian(record.AsSpan(at + A.ResidentValueOffset));
        var valueLength = BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(at + A.ResidentValueLength));
        if (valueLength < S.MinimumSize)
        {
            throw NtfsFormatException.Record(recordNumber, $"$STANDARD_INFORMATION is only {valueLength} bytes");
        }

        var si = record.AsSpan(at + valueOffset, (int)valueLength);
        BinaryPrimitives.WriteInt64LittleEndian(si[S.LastWriteTime..], now);
        BinaryPrimitives.WriteInt64LittleEndian(si[S.MftChangeTime..], now);
        BinaryPrimitives.WriteInt64LittleEndian(si[S.LastAccessTime..], now);
        var attributes = BinaryPrimitives.ReadUInt32LittleEndian(si[S.FileAttributes..]);
        BinaryPrimitives.WriteUInt32LittleEndian(si[S.FileAttributes..], attributes | S.AttributeArchive);
    }

    private void WriteThrough(long at, ReadOnlySpan<byte> data)
    {
        var pieces = RunMapping.Map(runs, clusterSize, at, data.Length, description);
        try
        {
            foreach (var piece in pieces)
            {
                volume.WriteAt(piece.VolumeOffset, data.Slice((int)(piece.AttributeOffset - at), piece.Length));
            }
        }
        catch
        {
            faulted = true;
            throw;
        }
    }

    private void WriteZeros(long at, long count)
    {
        while (count > 0)
        {
            var chunk = (int)Math.Min(count, Zeros.Length);
            WriteThrough(at, Zeros.AsSpan(0, chunk));
            at += chunk;
            count -= chunk;
        }
    }

    private long RoundUp(long value) => (value + clusterSize - 1) / clusterSize * clusterSize;

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch
        {
            faulted = true;
            throw;
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (faulted)
        {
            throw new IOException($"{description}: an earlier write to the volume failed, so the file and the volume may be inconsistent; run `chkdsk /f` on it before trusting it");
        }
    }
}
