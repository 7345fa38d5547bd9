using System.Buffers.Binary;
using System.Numerics;
using OfflineRepair.Registry.Format;

namespace OfflineRepair.Registry.Logs;

/// <summary>
/// A Windows XP to 8.0 transaction log (file type 1): the log header, then at offset 512 "DIRT" and
/// a bitmap with one bit per 512-byte page of the hive bins data (least significant bit first), then,
/// from the next 512-byte boundary, the dirty pages themselves, one after another in bit order.
/// The whole log describes one flush, so it is usable only if every page the bitmap promises is there.
/// </summary>
internal sealed class OldFormatLog
{
    public const uint DirtyVectorSignature = 0x54524944; // "DIRT"
    public const int DirtyVectorOffset = 512;
    public const int SectorSize = 512;

    private readonly int bitmapOffset;
    private readonly int bitmapBytes;
    private readonly int pagesOffset;

    private OldFormatLog(LogHeader header, int bitmapBytes, int pagesOffset, int dirtyPages)
    {
        Header = header;
        bitmapOffset = DirtyVectorOffset + 4;
        this.bitmapBytes = bitmapBytes;
        this.pagesOffset = pagesOffset;
        DirtyPageCount = dirtyPages;
    }

    public LogHeader Header { get; }

    public string Name => Header.Name;

    public uint Sequence => Header.Sequence;

    public int DirtyPageCount { get; }

    public static OldFormatLog? TryOpen(HiveLogFile file, long maxHiveBinsSize)
    {
        var header = LogHeader.TryRead(file, BaseBlock.FileTypeOldLog, maxHiveBinsSize);
        if (header is null)
        {
            return null;
        }

        var data = header.Data;
        if (data.Length < DirtyVectorOffset + 4 || BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(DirtyVectorOffset)) != DirtyVectorSignature)
        {
            return null;
        }

        // One bit per 512-byte page: hive bins size / 512 bits = hive bins size / 4096 bytes.
        long bitmapBytes = header.HiveBinsSize / (8 * SectorSize);
        long bitmapEnd = DirtyVectorOffset + 4 + bitmapBytes;
        if (bitmapEnd > data.Length)
        {
            return null;
        }

        long pagesOffset = (bitmapEnd + SectorSize - 1) / SectorSize * SectorSize;
        int dirty = 0;
        foreach (byte b in data.AsSpan(DirtyVectorOffset + 4, (int)bitmapBytes))
        {
            dirty += BitOperations.PopCount(b);
        }

        if (pagesOffset + ((long)dirty * SectorSize) > data.Length)
        {
            return null;
        }

        return new OldFormatLog(header, (int)bitmapBytes, (int)pagesOffset, dirty);
    }

    /// <summary>Writes every dirty page into the image, which must already have this log's bins size.</summary>
    public void ApplyTo(RecoveryImage image)
    {
        var data = Header.Data;
        var bitmap = data.AsSpan(bitmapOffset, bitmapBytes);
        int source = pagesOffset;
        for (int byteIndex = 0; byteIndex < bitmap.Length; byteIndex++)
        {
            byte bits = bitmap[byteIndex];
            for (int bit = 0; bits != 0 && bit < 8; bit++, bits >>= 1)
            {
                if ((bits & 1) == 0)
                {
                    continue;
                }

                uint page = (uint)((byteIndex * 8) + bit);
                image.Write(page * SectorSize, data.AsSpan(source, SectorSize));
                source += SectorSize;
            }
        }
    }
}
