namespace OfflineRepair.Containers;

/// <summary>
/// A virtual disk as a seekable stream: byte N of the stream is byte N of the disk the VM sees,
/// whatever the file format. Length is the virtual size. Reads past the end return 0 bytes, as
/// any stream does; reads of unallocated areas return zeros. Opened for writing
/// (<see cref="ContainerOpener.OpenForWriting"/>), writes go into the file the way the format
/// wants them; a write the format cannot take safely is refused with
/// <see cref="ContainerWriteRefusedException"/> before any byte of it reaches the file.
/// </summary>
public abstract class DiskContainer : Stream
{
    private long position;
    private bool disposed;
    private bool unflushed;
    private string? failedWrite;

    public abstract ContainerKind Kind { get; }

    /// <summary>The size of the disk the VM sees, in bytes.</summary>
    public abstract long VirtualSize { get; }

    /// <summary>The sector size partition tables and file systems on this disk use (512 or 4096).</summary>
    public virtual int LogicalSectorSize => 512;

    /// <summary>One line for logs and `inspect`: format, sizes and anything unusual.</summary>
    public abstract string Describe();

    public override bool CanRead => !disposed;

    public override bool CanSeek => !disposed;

    /// <summary>True only for a container opened for writing (and not yet disposed).</summary>
    public override bool CanWrite => !disposed && IsWritable;

    /// <summary>Whether the container's file was opened for writing; the formats that can write say so.</summary>
    protected virtual bool IsWritable => false;

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
    /// Writes disk bytes [offset, offset + data.Length), which the caller guarantees lie inside the
    /// virtual disk and are not empty. A format checks everything the write needs (block states,
    /// where its structures are) before the first byte goes to the file, and throws
    /// <see cref="ContainerWriteRefusedException"/> for what it declines.
    /// </summary>
    protected virtual void WriteCore(long offset, ReadOnlySpan<byte> data) =>
        throw new NotSupportedException($"{Kind} container cannot be written");

    /// <summary>Makes every write so far durable (the container file's fsync).</summary>
    protected virtual void FlushCore()
    {
    }

    /// <summary>Closes the files the container holds; called once, after any pending flush.</summary>
    protected virtual void ReleaseFiles()
    {
    }

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

    /// <summary>Makes every write so far durable; a read-only container has nothing to flush.</summary>
    public override void Flush()
    {
        if (disposed || !IsWritable)
        {
            return;
        }

        FlushCore();
        unflushed = false;
    }

    public override void SetLength(long value) => throw new NotSupportedException($"{Kind} container cannot change the size of the disk");

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    /// <summary>
    /// Writes at Position and advances it. A write reaching past the end of the disk throws
    /// IOException and writes nothing: the disk cannot grow.
    /// </summary>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfDisposed();
        if (!IsWritable)
        {
            throw new NotSupportedException($"{Kind} container is read-only (ContainerOpener.OpenForWriting opens one for writing)");
        }

        if (failedWrite is not null)
        {
            // What is in memory (BAT, bitmaps, where the file ends) may no longer match the file
            // after a write that stopped half-way; only reopening reads the truth back.
            throw new IOException($"an earlier write to this disk failed ({failedWrite}); reopen the disk before writing again");
        }

        if (buffer.IsEmpty)
        {
            return;
        }

        if (position > VirtualSize - buffer.Length)
        {
            throw new IOException($"a write of {buffer.Length} bytes at offset {position} reaches past the end of the disk ({VirtualSize} bytes); nothing was written");
        }

        try
        {
            unflushed = true;
            WriteCore(position, buffer);
        }
        catch (ContainerWriteRefusedException)
        {
            // Refused before anything was written: the container is as it was.
            throw;
        }
        catch (Exception e)
        {
            failedWrite = e.Message;
            throw;
        }

        position += buffer.Length;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            try
            {
                // A writer that forgot Flush still gets its writes made durable; after a failed
                // write the caller already has the error, and a second one from here would hide it.
                if (unflushed && failedWrite is null && IsWritable)
                {
                    FlushCore();
                }
            }
            finally
            {
                disposed = true;
                ReleaseFiles();
            }
        }

        disposed = true;
        base.Dispose(disposing);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);
}
