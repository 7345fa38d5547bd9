using OfflineRepair.Containers;

namespace OfflineRepair.Targets.Images;

/// <summary>
/// The disk of a writable image target: reads go straight to the container; a write first saves the
/// original content of every block it touches that the journal does not hold yet, and only then
/// reaches the container. Without a journal every write is refused, so no byte of an image can
/// change unless the way back is already on the host's disk.
/// </summary>
internal sealed class JournaledDisk : Stream
{
    private readonly DiskContainer _container;
    private UndoJournal? _journal;
    private long _position;

    public JournaledDisk(DiskContainer container)
    {
        _container = container;
    }

    /// <summary>The journal writes are recorded in; set once, before the first write.</summary>
    public UndoJournal? Journal
    {
        get => _journal;
        set
        {
            if (_journal is not null && value is not null)
            {
                throw new InvalidOperationException("this disk already records its writes in a journal");
            }

            _journal = value;
        }
    }

    /// <summary>Bytes written to the disk so far (for reports and benchmarks).</summary>
    public long BytesWritten { get; private set; }

    public override bool CanRead => _container.CanRead;

    public override bool CanSeek => _container.CanSeek;

    public override bool CanWrite => _container.CanWrite;

    public override long Length => _container.Length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        _container.Position = _position;
        int read = _container.Read(buffer);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("cannot seek before the start of the disk");
        }

        _position = target;
        return target;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        if (_journal is null)
        {
            throw new InvalidOperationException("an image is written only once its undo journal is started (fix starts it in the backup folder)");
        }

        if (!_container.CanWrite)
        {
            throw new NotSupportedException("this image was opened read-only");
        }

        if (_position > Length || buffer.Length > Length - _position)
        {
            throw new IOException($"a write of {buffer.Length} bytes at {_position} would go past the end of the disk ({Length} bytes); nothing was written");
        }

        SaveOriginals(_position, buffer.Length);
        _container.Position = _position;
        _container.Write(buffer);
        _position += buffer.Length;
        BytesWritten += buffer.Length;
    }

    public override void Flush()
    {
        if (_container.CanWrite)
        {
            _container.Flush();
        }
    }

    public override void SetLength(long value) => throw new NotSupportedException("a disk keeps its size");

    /// <summary>Puts back every block a journal saved, newest first, and makes it durable.</summary>
    public void Apply(IReadOnlyList<(long Offset, byte[] Original)> records)
    {
        if (!_container.CanWrite)
        {
            throw new NotSupportedException("this image was opened read-only");
        }

        for (int i = records.Count - 1; i >= 0; i--)
        {
            var (offset, original) = records[i];

            // A block that already holds its original bytes is left alone: the write that was about
            // to change it may have been refused (a VHDX block not in the file), and writing it
            // again would be refused the same way.
            var current = new byte[original.Length];
            _container.Position = offset;
            _container.ReadExactly(current);
            if (current.AsSpan().SequenceEqual(original))
            {
                continue;
            }

            _container.Position = offset;
            _container.Write(original);
        }

        _container.Flush();
    }

    private void SaveOriginals(long offset, int count)
    {
        var journal = _journal!;
        long first = offset / UndoJournal.BlockSize;
        long last = (offset + count - 1) / UndoJournal.BlockSize;
        var blocks = new List<(long, byte[])>();
        for (long index = first; index <= last; index++)
        {
            if (journal.Holds(index))
            {
                continue;
            }

            long start = index * UndoJournal.BlockSize;
            var original = new byte[(int)Math.Min(UndoJournal.BlockSize, Length - start)];
            _container.Position = start;
            _container.ReadExactly(original);
            blocks.Add((index, original));
        }

        journal.Save(blocks);
    }
}
