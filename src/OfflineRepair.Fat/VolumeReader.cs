namespace OfflineRepair.Fat;

/// <summary>Positioned, exact reads from the volume stream; a short read is a truncated volume, reported as such.</summary>
internal sealed class VolumeReader
{
    private readonly Stream stream;

    public VolumeReader(Stream stream)
    {
        this.stream = stream;
        Length = stream.Length;
    }

    public long Length { get; }

    public void Read(long offset, Span<byte> buffer, string structure)
    {
        if (offset < 0 || offset > Length - buffer.Length)
        {
            throw new FatFormatException(structure, offset, $"{buffer.Length} bytes reach past the end of the {Length}-byte volume");
        }

        stream.Position = offset;
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw new FatFormatException(structure, offset, $"the volume ended before {buffer.Length} bytes could be read");
        }
    }
}
