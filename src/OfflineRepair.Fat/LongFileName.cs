using System.Buffers.Binary;

namespace OfflineRepair.Fat;

/// <summary>
/// Long-name (VFAT) entries: up to 20 entries of 13 UTF-16 units each, stored in reverse before the
/// short entry and tied to it by a checksum of its 11 name bytes. A sequence that is broken,
/// out of order or whose checksum does not match is an orphan left by a non-LFN-aware tool and is
/// ignored, as Windows does, so the short name is used instead.
/// </summary>
internal sealed class LongFileName
{
    private readonly char[] buffer = new char[FatLayout.LfnMaximumEntries * FatLayout.LfnCharsPerEntry];
    private int entries;
    private int expectedOrdinal;
    private byte checksum;

    /// <summary>The checksum the long entries carry: rotate right one bit and add each short-name byte.</summary>
    public static byte Checksum(ReadOnlySpan<byte> shortName)
    {
        byte sum = 0;
        foreach (byte b in shortName[..FatLayout.ShortNameLength])
        {
            sum = (byte)((((sum & 1) << 7) | (sum >> 1)) + b);
        }

        return sum;
    }

    public void Reset()
    {
        entries = 0;
        expectedOrdinal = 0;
    }

    /// <summary>Takes in one long-name entry (attribute 0x0F).</summary>
    public void Add(ReadOnlySpan<byte> entry)
    {
        byte ordinalByte = entry[FatLayout.LfnOrdinalOffset];
        int ordinal = ordinalByte & FatLayout.LfnOrdinalMask;
        byte sum = entry[FatLayout.LfnChecksumOffset];
        if ((ordinalByte & FatLayout.LfnLastEntryFlag) != 0)
        {
            // The physically first entry holds the last part of the name and says how many follow.
            if (ordinal is < 1 or > FatLayout.LfnMaximumEntries)
            {
                Reset();
                return;
            }

            entries = ordinal;
            checksum = sum;
        }
        else if (expectedOrdinal == 0 || ordinal != expectedOrdinal || sum != checksum)
        {
            Reset();
            return;
        }

        int at = (ordinal - 1) * FatLayout.LfnCharsPerEntry;
        at = CopyUnits(entry.Slice(FatLayout.LfnName1Offset, FatLayout.LfnName1Chars * 2), at);
        at = CopyUnits(entry.Slice(FatLayout.LfnName2Offset, FatLayout.LfnName2Chars * 2), at);
        CopyUnits(entry.Slice(FatLayout.LfnName3Offset, FatLayout.LfnName3Chars * 2), at);
        expectedOrdinal = ordinal - 1;
    }

    /// <summary>The long name for the short entry that follows the sequence, or null when there is none that belongs to it.</summary>
    public string? Complete(ReadOnlySpan<byte> shortEntry)
    {
        bool whole = entries > 0 && expectedOrdinal == 0 && Checksum(shortEntry) == checksum;
        int count = entries;
        Reset();
        if (!whole)
        {
            return null;
        }

        // The name ends at a 0x0000 unit (the rest is padded with 0xFFFF) or fills the last entry.
        var name = buffer.AsSpan(0, count * FatLayout.LfnCharsPerEntry);
        int end = name.IndexOf('\0');
        if (end >= 0)
        {
            name = name[..end];
        }

        return name.Length == 0 ? null : new string(name);
    }

    private int CopyUnits(ReadOnlySpan<byte> bytes, int at)
    {
        for (int i = 0; i < bytes.Length; i += 2)
        {
            buffer[at++] = (char)BinaryPrimitives.ReadUInt16LittleEndian(bytes[i..]);
        }

        return at;
    }
}
