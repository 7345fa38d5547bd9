namespace OfflineRepair.TestSupport;

/// <summary>
/// A stream that lets <c>writesAllowed</c> writes through to the inner stream and then fails every
/// later one with <see cref="IOException"/> before any of its bytes arrive: a disk that goes away, or
/// fills up, at a chosen point of a writer's sequence. Reads, seeks and flushes pass through;
/// disposing it disposes the inner stream.
/// </summary>
public sealed class FaultyStream(Stream inner, int writesAllowed) : Stream
{
    /// <summary>Writes that reached the inner stream.</summary>
    public int Writes { get; private set; }

    /// <summary>True once a write was refused.</summary>
    public bool Faulted { get; private set; }

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => inner.Length;

    public override long Position { get => inner.Position; set => inner.Position = value; }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => inner.SetLength(value);

    public override void Flush() => inner.Flush();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Writes >= writesAllowed)
        {
            Faulted = true;
            throw new IOException($"injected fault: write {Writes + 1} refused");
        }

        Writes++;
        inner.Write(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
