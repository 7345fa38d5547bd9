namespace OfflineRepair.Fat;

/// <summary>
/// A read-only, seekable window on a file's clusters: its length comes from the directory entry, its
/// bytes from the chain. A chain that ends before the length is reported when those bytes are read,
/// so the readable start of a damaged file is still available.
/// </summary>
internal sealed class ClusterChainStream : Stream
{
    private readonly VolumeReader reader;
    private readonly BiosParameterBlock bpb;
    private readonly IReadOnlyList<uint> clusters;
    private readonly string owner;
    private readonly long length;
    private long position;

    public ClusterChainStream(VolumeReader reader, BiosParameterBlock bpb, IReadOnlyList<uint> clusters, long length, string owner)
    {
        this.reader = reader;
        this.bpb = bpb;
        this.clusters = clusters;
        this.length = length;
        this.owner = owner;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int total = 0;
        int clusterSize = bpb.BytesPerCluster;
        while (total < buffer.Length && position < length)
        {
            long index = position / clusterSize;
            if (index >= clusters.Count)
            {
                throw new FatFormatException(owner, clusters.Count > 0 ? bpb.ClusterOffset(clusters[^1]) : 0, $"the cluster chain ends after {clusters.Count} clusters but the file is {length} bytes");
            }

            int inCluster = (int)(position % clusterSize);
            int count = (int)Math.Min(Math.Min(clusterSize - inCluster, buffer.Length - total), length - position);
            reader.Read(bpb.ClusterOffset(clusters[(int)index]) + inCluster, buffer.Slice(total, count), owner);
            total += count;
            position += count;
        }

        return total;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        Position = target;
        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("FAT files are opened read-only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("FAT files are opened read-only");
}
