namespace OfflineRepair.Containers;

/// <summary>
/// A virtual disk as a read-only, seekable stream: byte N of the stream is byte N of the disk the
/// VM sees, whatever the file format. Length is the virtual size. Reads past the end return 0
/// bytes, as any stream does; reads of unallocated areas return zeros.
/// </summary>
public abstract class DiskContainer : Stream
{
    private long position;
    private bool disposed;

    public abstract ContainerKind Kind { get; }

    /// <summary>The size of the disk the VM sees, in bytes.</summary>
    public abstract long VirtualSize { get; }

    /// <summary>The sector size partition tables and file systems on this disk use (512 or 4096).</summary>
    public virtual int LogicalSectorSize => 512;

    /// <summary>One line for logs and `inspect`: format, sizes and anything unusual.</summary>
    public abstract string Describe();

    public override bool CanRead => !disposed;

    public override bool CanSeek => !disposed;

    public override bool CanWrite => false;

    public override long Length
    {
        get
        {
            ThrowIfDisposed();
            return VirtualSize;
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

    /// <summary>
    /// Reads disk bytes [offset, offset + buffer.Length), which the caller guarantees lie inside
    /// the virtual disk. Fills the whole buffer or throws.
    /// </summary>
    protected abstract void ReadCore(long offset, Span<byte> buffer);

    /// <summary>
    /// Reads disk bytes at an absolute offset without moving Position; bytes past the virtual
    /// size read as zeros (a differencing child may be larger than its parent).
    /// </summary>
    internal void ReadDisk(long offset, Span<byte> buffer)
    {
        ThrowIfDisposed();
        if (offset >= VirtualSize)
        {
            buffer.Clear();
            return;
        }

        var inside = (int)Math.Min(buffer.Length, VirtualSize - offset);
        ReadCore(offset, buffer[..inside]);
        buffer[inside..].Clear();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ThrowIfDisposed();
        if (position >= VirtualSize || buffer.IsEmpty)
        {
            return 0;
        }

        var count = (int)Math.Min(buffer.Length, VirtualSize - position);
        ReadCore(position, buffer[..count]);
        position += count;
        return count;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ThrowIfDisposed();
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            SeekOrigin.End => VirtualSize + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("cannot seek before the start of the disk");
        }

        position = target;
        return position;
    }

    public override void Flush()
    {
        // Read-only: nothing is ever buffered for writing.
    }

    public override void SetLength(long value) => throw new NotSupportedException($"{Kind} container is read-only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException($"{Kind} container is read-only");

    public override void Write(ReadOnlySpan<byte> buffer) => throw new NotSupportedException($"{Kind} container is read-only");

    protected override void Dispose(bool disposing)
    {
        disposed = true;
        base.Dispose(disposing);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);
}
