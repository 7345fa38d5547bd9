namespace OfflineRepair.Ntfs;

/// <summary>
/// A read-only, seekable view of a non-resident attribute: bytes are found through the runlist, holes read
/// as zeros, and everything past the initialized size reads as zeros (Windows never wrote it).
/// </summary>
internal sealed class NonResidentStream : Stream
{
    private readonly NtfsVolume volume;
    private readonly DataRun[] runs;
    private readonly long clusterSize;
    private readonly long length;
    private readonly long initializedSize;
    private long position;

    public NonResidentStream(NtfsVolume volume, IReadOnlyList<DataRun> runs, long length, long initializedSize)
    {
        this.volume = volume;
        this.runs = [.. runs];
        clusterSize = volume.BootSector.ClusterSize;
        this.length = length;
        this.initializedSize = Math.Min(initializedSize, length);
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => position;
        set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        var total = (int)Math.Min(buffer.Length, length - position);
        var done = 0;
        while (done < total)
        {
            var at = position + done;
            var target = buffer.Slice(done, total - done);
            if (at >= initializedSize)
            {
                target.Clear();
                done = total;
                break;
            }

            var limit = (int)Math.Min(target.Length, initializedSize - at);
            var run = FindRun(at / clusterSize);
            var runEnd = (run.Vcn + run.Length) * clusterSize;
            var chunk = (int)Math.Min(limit, runEnd - at);
            if (run.IsSparse)
            {
                target[..chunk].Clear();
            }
            else
            {
                volume.ReadAt((run.Lcn * clusterSize) + (at - (run.Vcn * clusterSize)), target[..chunk]);
            }

            done += chunk;
        }

        position += done;
        return done;
    }

    private DataRun FindRun(long vcn)
    {
        int lo = 0, hi = runs.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var run = runs[mid];
            if (vcn < run.Vcn)
            {
                hi = mid - 1;
            }
            else if (vcn >= run.Vcn + run.Length)
            {
                lo = mid + 1;
            }
            else
            {
                return run;
            }
        }

        // The owner checked that the runs cover the length, so this means a caller bug or a concurrent change.
        throw new NtfsFormatException("runlist", $"VCN {vcn}", "no run maps this cluster");
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

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("NTFS file streams are read-only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("NTFS file streams are read-only");
}
