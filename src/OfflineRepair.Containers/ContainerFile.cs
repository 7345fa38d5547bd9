namespace OfflineRepair.Containers;

/// <summary>
/// Positioned, bounds-checked reads from the container file, and for a container opened for
/// writing, positioned writes and durable flushes. Every structure read goes through here, so a
/// truncated file is reported as a named structure at an offset, never as a short read silently
/// turned into zeros or as an EndOfStreamException.
/// </summary>
internal sealed partial class ContainerFile : IDisposable
{
    private readonly Stream stream;
    private readonly bool leaveOpen;
    private long fileLength;
    private IReadOnlyDictionary<long, byte[]>? overlay;
    private int pageSize;

    public ContainerFile(Stream stream, string location, bool leaveOpen, bool writable = false)
    {
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("a container needs a readable, seekable stream", nameof(stream));
        }

        if (writable && !stream.CanWrite)
        {
            throw new ArgumentException("a container opened for writing needs a writable stream", nameof(stream));
        }

        this.stream = stream;
        this.leaveOpen = leaveOpen;
        CanWrite = writable;
        Location = location;

        // Seeking to the end works for block devices too, whose FileStream.Length may be 0.
        fileLength = stream.Seek(0, SeekOrigin.End);
        Length = fileLength;
    }

    /// <summary>The file's path (or a description of the stream), for messages and parent lookup.</summary>
    public string Location { get; }

    /// <summary>The file's length, or after a log replay the length the log says the file has.</summary>
    public long Length { get; private set; }

    /// <summary>
    /// Lays 4 KiB pages (a replayed VHDX log) over the file: reads see them instead of the file's
    /// bytes, and bytes past the real end up to newLength read as zeros. The file is not touched.
    /// </summary>
    public void SetOverlay(IReadOnlyDictionary<long, byte[]> pages, long newLength, int pageSize)
    {
        overlay = pages;
        this.pageSize = pageSize;
        Length = Math.Max(fileLength, newLength);
    }

    /// <summary>Reads exactly buffer.Length bytes at offset, or throws naming the structure.</summary>
    public void ReadExactly(long offset, Span<byte> buffer, string structure)
    {
        if (offset < 0 || offset > Length || buffer.Length > Length - offset)
        {
            throw new ContainerFormatException(structure, offset, $"{buffer.Length} bytes needed but the file ends at {Length} (truncated file?)");
        }

        var fromFile = (int)Math.Clamp(fileLength - offset, 0, buffer.Length);
        buffer[fromFile..].Clear();
        ReadFromFile(offset, buffer[..fromFile], structure);
        if (overlay is { Count: > 0 })
        {
            ApplyOverlay(offset, buffer);
        }
    }

    private void ApplyOverlay(long offset, Span<byte> buffer)
    {
        var firstPage = offset / pageSize * pageSize;
        for (var page = firstPage; page < offset + buffer.Length; page += pageSize)
        {
            if (!overlay!.TryGetValue(page, out var bytes))
            {
                continue;
            }

            var start = Math.Max(page, offset);
            var end = Math.Min(page + pageSize, offset + buffer.Length);
            bytes.AsSpan((int)(start - page), (int)(end - start)).CopyTo(buffer[(int)(start - offset)..]);
        }
    }

    private void ReadFromFile(long offset, Span<byte> buffer, string structure)
    {
        stream.Position = offset;
        var done = 0;
        while (done < buffer.Length)
        {
            var n = stream.Read(buffer[done..]);
            if (n == 0)
            {
                throw new ContainerFormatException(structure, offset + done, $"unexpected end of file after {done} of {buffer.Length} bytes");
            }

            done += n;
        }
    }

    public byte[] ReadBytes(long offset, int count, string structure)
    {
        var buffer = new byte[count];
        ReadExactly(offset, buffer, structure);
        return buffer;
    }

    public void Dispose()
    {
        if (!leaveOpen)
        {
            stream.Dispose();
        }
    }
}
