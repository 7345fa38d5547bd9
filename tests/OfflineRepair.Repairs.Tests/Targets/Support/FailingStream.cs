namespace OfflineRepair.Repairs.Tests.Targets.Support;

/// <summary>
/// An image file that accepts a number of writes and then fails every write and flush after them,
/// as a disk that goes away does: what a fix cut off at that point leaves behind.
/// </summary>
internal sealed class FailingStream(Stream inner, int writesAllowed) : Stream
{
    private int _writes;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => inner.Length;

    public override long Position { get => inner.Position; set => inner.Position = value; }

    public override void Flush()
    {
        if (_writes >= writesAllowed)
        {
            throw new IOException("injected: the disk went away");
        }

        inner.Flush();
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value)
    {
        Count();
        inner.SetLength(value);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Count();
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

    private void Count()
    {
        if (_writes >= writesAllowed)
        {
            throw new IOException("injected: the disk went away");
        }

        _writes++;
    }
}
