namespace OfflineRepair.Partitions;

/// <summary>
/// A view of the bytes [offset, offset + length) of a seekable stream: a partition on a disk, a
/// file's extent in a volume. Position 0 is the window's first byte; reads stop at its end (and
/// earlier if the underlying stream ends first). Writable when the underlying stream is: a write
/// that would cross the window's end is refused whole, so a volume can never write into the next. The window moves the underlying stream's
/// position on every read, so windows sharing one stream must not be read from several threads.
/// </summary>
public sealed class StreamWindow : Stream
{
    private readonly Stream inner;
    private readonly long offset;
    private readonly long length;
    private readonly bool leaveOpen;
    private long position;
    private bool disposed;

    /// <param name="inner">A readable, seekable stream.</param>
    /// <param name="offset">Where the window starts in <paramref name="inner"/>.</param>
    /// <param name="length">How many bytes the window shows.</param>
    /// <param name="leaveOpen">Whether disposing the window leaves <paramref name="inner"/> open (the default: a disk outlives its partitions).</param>
    public StreamWindow(Stream inner, long offset, long length, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!inner.CanRead || !inner.CanSeek)
        {
            throw new ArgumentException("a window needs a readable, seekable stream", nameof(inner));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (offset > long.MaxValue - length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "offset + length overflows");
        }

        this.inner = inner;
        this.offset = offset;
        this.length = length;
        this.leaveOpen = leaveOpen;
    }

    /// <summary>Where the window starts in the underlying stream.</summary>
    public long WindowOffset => offset;

    public override bool CanRead => !disposed;

    public override bool CanSeek => !disposed;

    public override bool CanWrite => !disposed && inner.CanWrite;

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
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return position;
        }

        set
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        var wanted = (int)Math.Min(buffer.Length, length - position);
        inner.Position = offset + position;

        // Fill as much as the underlying stream gives, so callers see whole sectors where they exist.
        int total = 0;
        while (total < wanted)
        {
            var read = inner.Read(buffer.Slice(total, wanted - total));
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        position += total;
        return total;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(buffer.AsSpan(offset, count)));
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        long origin0 = origin switch
        {
            SeekOrigin.Begin => 0,
            SeekOrigin.Current => position,
            SeekOrigin.End => length,
            _ => throw new ArgumentException($"unknown seek origin {origin}", nameof(origin)),
        };

        // Same contract as FileStream and MemoryStream: before the start is an IOException, past the end is allowed.
        if ((offset < 0 && origin0 + offset < 0) || (offset > 0 && origin0 > long.MaxValue - offset))
        {
            throw new IOException("An attempt was made to move the position before the beginning of the stream.");
        }

        position = origin0 + offset;
        return position;
    }

    public override void Flush()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (inner.CanWrite)
        {
            inner.Flush();
        }
    }

    public override void SetLength(long value) => throw new NotSupportedException("a stream window has the fixed length of what it shows");

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!inner.CanWrite)
        {
            throw new NotSupportedException("the stream under this window is read-only");
        }

        if (position > length || buffer.Length > length - position)
        {
            throw new IOException($"a write of {buffer.Length} bytes at {position} would cross the end of the window ({length} bytes); nothing was written");
        }

        inner.Position = offset + position;
        inner.Write(buffer);
        position += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed && !leaveOpen)
        {
            inner.Dispose();
        }

        disposed = true;
        base.Dispose(disposing);
    }
}
