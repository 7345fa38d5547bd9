namespace OfflineRepair.Ntfs.Tests.Support;

/// <summary>Passes everything to an inner stream but fails every write after the first <c>allowedWrites</c>, as a
/// disk that goes away in the middle of a change would.</summary>
internal sealed class FaultingStream(Stream inner, int allowedWrites) : Stream
{
    public int Writes { get; private set; }

    public bool Faulted { get; private set; }

    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => inner.SetLength(value);

    public override void Flush() => inner.Flush();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Writes >= allowedWrites)
        {
            Faulted = true;
            throw new IOException($"injected fault: write {Writes + 1} of the session");
        }

        Writes++;
        inner.Write(buffer);
    }
}
