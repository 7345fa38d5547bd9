namespace OfflineRepair.Containers;

internal sealed partial class ContainerFile
{
    /// <summary>Whether the container was opened for writing (the stream can write and was asked to).</summary>
    public bool CanWrite { get; }

    /// <summary>
    /// Writes data at a file offset, growing the file when it reaches past the end. Used only for
    /// structures and disk data the caller has already checked; the file is never written through a
    /// replayed log's overlay (such a file is refused for writing before it gets here).
    /// </summary>
    public void Write(long offset, ReadOnlySpan<byte> data, string structure)
    {
        if (!CanWrite)
        {
            throw new InvalidOperationException($"{Location} was opened read-only; cannot write {structure}");
        }

        if (overlay is { Count: > 0 })
        {
            throw new InvalidOperationException($"{Location} has a log replayed in memory; writing {structure} under it would mix the two");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        stream.Position = offset;
        stream.Write(data);
        var end = offset + data.Length;
        if (end > fileLength)
        {
            fileLength = end;
            Length = end;
        }
    }

    /// <summary>
    /// Makes every write so far durable: fsync for a file or device (a plain Flush only empties
    /// .NET's buffer into the OS cache, which a power cut loses), the stream's own Flush otherwise.
    /// </summary>
    public void Flush()
    {
        if (!CanWrite)
        {
            return;
        }

        if (stream is FileStream fileStream)
        {
            fileStream.Flush(flushToDisk: true);
        }
        else
        {
            stream.Flush();
        }
    }
}
