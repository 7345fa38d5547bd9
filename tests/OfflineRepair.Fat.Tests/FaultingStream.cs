namespace OfflineRepair.Fat.Tests;

/// <summary>
/// A window on another stream whose writes (and flushes) start failing with <see cref="IOException"/>
/// after <see cref="WritesAllowed"/> of them succeeded, as a disk that goes away would: the failing
/// write changes nothing. Reads always work. Counts the writes it let through.
/// </summary>
internal sealed class FaultingStream(Stream inner, int writesAllowed = int.MaxValue) : Stream
{
    public int WritesAllowed { get; } = writesAllowed;

    /// <summary>Writes and flushes that reached the inner stream.</summary>
    public int Writes { get; private set; }

    public bool Tripped { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => throw new NotSupportedException("a volume never changes length");

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Count();
        inner.Write(buffer);
    }

    public override void Flush()
    {
        Count();
        inner.Flush();
    }

    private void Count()
    {
        if (Writes >= WritesAllowed)
        {
            Tripped = true;
            throw new IOException($"simulated device failure after {Writes} writes");
        }

        Writes++;
    }
}
