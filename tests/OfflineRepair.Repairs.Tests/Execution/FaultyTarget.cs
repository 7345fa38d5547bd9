using OfflineRepair.Targets;

namespace OfflineRepair.Repairs.Tests.Execution;

/// <summary>A target that fails on purpose: opening a file for writing, or writing to it after some bytes.</summary>
internal sealed class FaultyTarget(ITarget inner) : ITarget
{
    /// <summary>Paths whose OpenReadWrite throws.</summary>
    public HashSet<string> FailOpenReadWrite { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Paths whose writable stream throws once this many bytes were written (a disk going away mid-write).</summary>
    public Dictionary<string, long> FailWritesAfter { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string Description => inner.Description;

    public TargetKind Kind => inner.Kind;

    public string DefaultBackupParent => inner.DefaultBackupParent;

    public bool FileExists(string path) => inner.FileExists(path);

    public IReadOnlyList<TargetEntry> List(string folder) => inner.List(folder);

    public Stream OpenRead(string path) => inner.OpenRead(path);

    public Stream OpenReadWrite(string path)
    {
        if (FailOpenReadWrite.Contains(path))
        {
            throw new IOException($"injected: cannot open {path} for writing");
        }

        var stream = inner.OpenReadWrite(path);
        return FailWritesAfter.TryGetValue(path, out var limit) ? new FailingWriteStream(stream, limit) : stream;
    }

    public string Locate(string path) => inner.Locate(path);

    public void Dispose() => inner.Dispose();

    private sealed class FailingWriteStream(Stream inner, long limit) : Stream
    {
        private long _written;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > limit)
            {
                throw new IOException("injected: the disk went away while writing");
            }

            _written += buffer.Length;
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
}
