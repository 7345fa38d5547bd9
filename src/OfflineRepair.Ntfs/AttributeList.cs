using System.Buffers.Binary;
using E = OfflineRepair.Ntfs.NtfsLayout.AttributeListEntry;

namespace OfflineRepair.Ntfs;

/// <summary>One entry of an $ATTRIBUTE_LIST: which record holds which attribute extent.</summary>
public readonly record struct AttributeListEntry(AttributeType Type, string Name, long LowestVcn, long RecordNumber, ushort Sequence, ushort Instance);

/// <summary>
/// The $ATTRIBUTE_LIST value: when a file's attributes do not fit its base record, this list (in the base
/// record) names every attribute extent and the MFT record (base or extension) that holds it.
/// </summary>
public static class AttributeList
{
    public static IReadOnlyList<AttributeListEntry> Parse(ReadOnlySpan<byte> value, long baseRecord)
    {
        var entries = new List<AttributeListEntry>();
        var offset = 0;
        while (offset < value.Length)
        {
            if (offset + E.MinimumSize > value.Length)
            {
                // Trailing padding shorter than an entry is tolerated only when it is all zeros.
                if (value[offset..].IndexOfAnyExcept((byte)0) < 0)
                {
                    break;
                }

                throw Error(baseRecord, offset, "entry runs past the end of the list");
            }

            var entry = value[offset..];
            int length = BinaryPrimitives.ReadUInt16LittleEndian(entry[E.Length..]);
            if (length == 0 && BinaryPrimitives.ReadUInt32LittleEndian(entry) == 0)
            {
                break;
            }

            if (length < E.MinimumSize || length > entry.Length)
            {
                throw Error(baseRecord, offset, $"entry length {length} is not valid");
            }

            int nameLength = entry[E.NameLength];
            int nameOffset = entry[E.NameOffset];
            if (nameLength > 0 && (nameOffset < E.MinimumSize || nameOffset + (2 * nameLength) > length))
            {
                throw Error(baseRecord, offset, "attribute name runs past the entry");
            }

            var reference = BinaryPrimitives.ReadUInt64LittleEndian(entry[E.Reference..]);
            var lowest = BinaryPrimitives.ReadInt64LittleEndian(entry[E.LowestVcn..]);
            if (lowest < 0)
            {
                throw Error(baseRecord, offset, $"lowest VCN {lowest} is negative");
            }

            entries.Add(new AttributeListEntry(
                (AttributeType)BinaryPrimitives.ReadUInt32LittleEndian(entry[E.Type..]),
                nameLength == 0 ? "" : AttributeRecord.Utf16(entry.Slice(nameOffset, 2 * nameLength)),
                lowest,
                FileReference.RecordOf(reference),
                FileReference.SequenceOf(reference),
                BinaryPrimitives.ReadUInt16LittleEndian(entry[E.Instance..])));
            offset += length;
        }

        return entries;
    }

    private static NtfsFormatException Error(long baseRecord, int offset, string problem) =>
        new("$ATTRIBUTE_LIST", $"record {baseRecord}, list offset 0x{offset:X}", problem);
}
