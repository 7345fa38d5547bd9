using OfflineRepair.Registry.Format;

namespace OfflineRepair.Registry.Logs;

/// <summary>
/// The hive being rebuilt during replay: a base block and a hive bins area that entries grow and
/// shrink. Bytes past the current bins size are kept zero, so a hive that shrinks and grows again
/// shows fresh zero pages rather than stale data; clearing is bounded by what was ever written, so
/// hostile size flip-flops cost nothing.
/// </summary>
internal sealed class RecoveryImage
{
    private readonly long maxBinsSize;
    private byte[] buffer;
    private int binsSize;

    // Everything at or past this buffer index is known to be zero.
    private int writtenEnd;

    private RecoveryImage(ReadOnlySpan<byte> baseBlock, long maxBinsSize)
    {
        this.maxBinsSize = maxBinsSize;
        buffer = new byte[BaseBlock.Size];
        baseBlock[..BaseBlock.Size].CopyTo(buffer);
        writtenEnd = BaseBlock.Size;
    }

    public Span<byte> BaseBlockSpan => buffer.AsSpan(0, BaseBlock.Size);

    public uint HiveBinsSize => (uint)binsSize;

    /// <summary>
    /// A new image with the given base block and <paramref name="binsSize"/> bytes of bins taken from
    /// the primary file (zero where the file is shorter). Never keeps a reference to the inputs.
    /// </summary>
    public static RecoveryImage Create(ReadOnlySpan<byte> baseBlock, byte[] primaryFile, uint binsSize, long maxBinsSize)
    {
        var image = new RecoveryImage(baseBlock, maxBinsSize);
        image.ResizeBins(binsSize);
        long available = Math.Max(0, primaryFile.Length - BaseBlock.Size);
        int copy = (int)Math.Min(available, binsSize);
        image.Write(0, primaryFile.AsSpan(BaseBlock.Size, copy));
        return image;
    }

    /// <summary>
    /// Sets the hive bins size, as an entry does: growing exposes zero pages (new bins arrive as
    /// dirty pages of the same entry), shrinking drops the bytes past the new end.
    /// </summary>
    public void ResizeBins(uint newSize)
    {
        if (newSize > maxBinsSize)
        {
            // Callers check sizes against the same limit first; this is the last line of defence.
            throw new HiveFormatException("log entry", BaseBlock.HiveBinsSizeOffset, $"hive bins size 0x{newSize:X} exceeds the limit 0x{maxBinsSize:X}");
        }

        int newEnd = BaseBlock.Size + (int)newSize;
        if (newEnd > buffer.Length)
        {
            // Geometric growth keeps a log of many small growth steps linear in time.
            long grown = Math.Max(newEnd, Math.Min((long)buffer.Length * 2, BaseBlock.Size + maxBinsSize));
            Array.Resize(ref buffer, (int)grown);
        }
        else if (newEnd < writtenEnd)
        {
            buffer.AsSpan(newEnd, writtenEnd - newEnd).Clear();
            writtenEnd = newEnd;
        }

        binsSize = (int)newSize;
    }

    /// <summary>Writes bytes at an offset relative to the hive bins data, inside the current bins size.</summary>
    public void Write(uint binsOffset, ReadOnlySpan<byte> data)
    {
        if ((long)binsOffset + data.Length > binsSize)
        {
            throw new HiveFormatException("log entry", BaseBlock.Size + (long)binsOffset, $"a {data.Length}-byte page does not fit in the 0x{binsSize:X}-byte hive bins data");
        }

        int start = BaseBlock.Size + (int)binsOffset;
        data.CopyTo(buffer.AsSpan(start));
        writtenEnd = Math.Max(writtenEnd, start + data.Length);
    }

    /// <summary>
    /// The finished primary file: both sequence numbers set to <paramref name="sequence"/>, file type
    /// primary, the hive bins size of the image, and a fresh checksum. The image is spent afterwards.
    /// </summary>
    public byte[] Finish(uint sequence)
    {
        var block = BaseBlockSpan;
        BaseBlock.SetPrimarySequence(block, sequence);
        BaseBlock.SetSecondarySequence(block, sequence);
        BaseBlock.SetFileType(block, BaseBlock.FileTypePrimary);
        BaseBlock.SetHiveBinsSize(block, HiveBinsSize);
        BaseBlock.UpdateChecksum(block);
        int length = BaseBlock.Size + binsSize;
        return buffer.Length == length ? buffer : buffer.AsSpan(0, length).ToArray();
    }
}
