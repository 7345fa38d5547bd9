namespace OfflineRepair.Registry.Tests.Commit;

/// <summary>One write the hive made: where, how many bytes.</summary>
public readonly record struct WriteRecord(long Offset, int Length)
{
    public long End => Offset + Length;
}

/// <summary>
/// A stream over another (a hive file) that records every write, flush and length change, and can
/// fail one of them on purpose: the N-th write (optionally after writing only half of its buffer,
/// a torn write), the N-th flush, or the N-th SetLength. Failures happen once; later calls succeed,
/// so a retried commit can go through.
/// </summary>
public sealed class InstrumentedStream : Stream
{
    private readonly Stream _inner;
    private readonly bool _ownsInner;
    private readonly List<WriteRecord> _writes = [];

    public InstrumentedStream(Stream inner, bool ownsInner = true)
    {
        _inner = inner;
        _ownsInner = ownsInner;
    }

    /// <summary>Opens a file for reading and writing, unbuffered, so every write reaches the file at once.</summary>
    public static InstrumentedStream OverFile(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0));

    /// <summary>1-based number of the write to fail; 0 never fails.</summary>
    public int FailOnWrite { get; set; }

    /// <summary>When the write fails: write the first half of its buffer before throwing.</summary>
    public bool TearFailingWrite { get; set; }

    /// <summary>1-based number of the flush to fail (before flushing); 0 never fails.</summary>
    public int FailOnFlush { get; set; }

    /// <summary>1-based number of the SetLength to fail (before changing the length); 0 never fails.</summary>
    public int FailOnSetLength { get; set; }

    public IReadOnlyList<WriteRecord> Writes => _writes;

    public int WriteCalls { get; private set; }

    public int FlushCalls { get; private set; }

    public int SetLengthCalls { get; private set; }

    public long BytesWritten { get; private set; }

    /// <summary>Set once an injected failure was thrown.</summary>
    public bool Failed { get; private set; }

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    public void ResetCounters()
    {
        _writes.Clear();
        WriteCalls = 0;
        FlushCalls = 0;
        SetLengthCalls = 0;
        BytesWritten = 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void SetLength(long value)
    {
        SetLengthCalls++;
        if (SetLengthCalls == FailOnSetLength)
        {
            Failed = true;
            throw new IOException($"injected failure of SetLength #{SetLengthCalls} ({value} bytes)");
        }

        _inner.SetLength(value);
    }

    public override void Flush()
    {
        FlushCalls++;
        if (FlushCalls == FailOnFlush)
        {
            Failed = true;
            throw new IOException($"injected failure of flush #{FlushCalls}");
        }

        if (_inner is FileStream file)
        {
            file.Flush(flushToDisk: true);
        }
        else
        {
            _inner.Flush();
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        WriteCalls++;
        long at = _inner.Position;
        if (WriteCalls == FailOnWrite)
        {
            Failed = true;
            if (TearFailingWrite)
            {
                var half = buffer[..(buffer.Length / 2)];
                _inner.Write(half);
                Record(at, half.Length);
            }

            throw new IOException($"injected failure of write #{WriteCalls} ({buffer.Length} bytes at 0x{at:X}{(TearFailingWrite ? ", torn after half" : "")})");
        }

        _inner.Write(buffer);
        Record(at, buffer.Length);
    }

    public override void WriteByte(byte value) => Write([value]);

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsInner)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Record(long offset, int length)
    {
        if (length > 0)
        {
            _writes.Add(new WriteRecord(offset, length));
            BytesWritten += length;
        }
    }
}
