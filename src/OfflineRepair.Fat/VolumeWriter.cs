namespace OfflineRepair.Fat;

/// <summary>
/// Positioned writes to the volume stream. Every caller has already placed its bytes inside a
/// structure it found on the volume, so a write outside the volume is a bug here, not damage there.
/// </summary>
internal sealed class VolumeWriter
{
    private readonly Stream stream;
    private readonly long length;

    public VolumeWriter(Stream stream, long length)
    {
        this.stream = stream;
        this.length = length;
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        if (offset < 0 || offset > length - data.Length)
        {
            throw new InvalidOperationException($"a {data.Length}-byte write at 0x{offset:X} would leave the {length}-byte volume");
        }

        stream.Position = offset;
        stream.Write(data);
    }

    public void Flush() => stream.Flush();
}
