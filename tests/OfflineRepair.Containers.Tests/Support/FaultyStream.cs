namespace OfflineRepair.Containers.Tests.Support;

/// <summary>
/// A stream that lets <c>writesAllowed</c> writes through and then fails every later write with
/// IOException, before any of its bytes reach the inner stream: a power cut or a full disk at a
/// chosen point of a writer's sequence.
/// </summary>
internal sealed class FaultyStream(Stream inner, int writesAllowed) : Stream
{
    public int Writes { get; private set; }

    public bool Failed { get; private set; }

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => inner.Length;

    public override long Position { get => inner.Position; set => inner.Position = value; }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush() => inner.Flush();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Writes >= writesAllowed)
        {
            Failed = true;
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
