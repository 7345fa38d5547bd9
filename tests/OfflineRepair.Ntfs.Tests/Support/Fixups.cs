using System.Buffers.Binary;

namespace OfflineRepair.Ntfs.Tests.Support;

/// <summary>Test-side update sequence handling, so a test can edit a record or INDX block and write it back
/// protected again (written here independently of the reader's code).</summary>
internal static class Fixups
{
    public static void Remove(Span<byte> block)
    {
        int usaOffset = BinaryPrimitives.ReadUInt16LittleEndian(block[4..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(block[6..]);
        for (var i = 1; i < count; i++)
        {
            block.Slice(usaOffset + (2 * i), 2).CopyTo(block[((i * 512) - 2)..]);
        }
    }

    public static void Protect(Span<byte> block)
    {
        int usaOffset = BinaryPrimitives.ReadUInt16LittleEndian(block[4..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(block[6..]);
        var usn = block.Slice(usaOffset, 2);
        for (var i = 1; i < count; i++)
        {
            block.Slice((i * 512) - 2, 2).CopyTo(block[(usaOffset + (2 * i))..]);
            usn.CopyTo(block[((i * 512) - 2)..]);
        }
    }

    /// <summary>Offset of the first attribute of <paramref name="type"/> in an un-fixed FILE record, or -1.</summary>
    public static int FindAttribute(ReadOnlySpan<byte> record, uint type)
    {
        int offset = BinaryPrimitives.ReadUInt16LittleEndian(record[0x14..]);
        while (offset + 8 <= record.Length)
        {
            var t = BinaryPrimitives.ReadUInt32LittleEndian(record[offset..]);
            if (t == 0xFFFFFFFF)
            {
                return -1;
            }

            if (t == type)
            {
                return offset;
            }

            offset += (int)BinaryPrimitives.ReadUInt32LittleEndian(record[(offset + 4)..]);
        }

        return -1;
    }
}
