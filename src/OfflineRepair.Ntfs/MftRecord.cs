using System.Buffers.Binary;
using F = OfflineRepair.Ntfs.NtfsLayout.FileRecord;

namespace OfflineRepair.Ntfs;

/// <summary>A FILE record of the MFT, fixups removed, with its attribute records parsed.</summary>
public sealed class MftRecord
{
    private MftRecord()
    {
    }

    public long RecordNumber { get; private init; }
    public ushort SequenceNumber { get; private init; }
    public ushort LinkCount { get; private init; }
    public ushort Flags { get; private init; }
    public bool IsInUse => (Flags & F.FlagInUse) != 0;
    public bool IsDirectory => (Flags & F.FlagDirectory) != 0;

    /// <summary>Record number of the base record (0 when this is a base record).</summary>
    public long BaseRecordNumber { get; private init; }

    public IReadOnlyList<AttributeRecord> Attributes { get; private init; } = [];

    /// <summary>Parses a raw record; <paramref name="buffer"/> is modified (fixups are removed in place).</summary>
    internal static MftRecord Parse(Span<byte> buffer, long recordNumber, long totalClusters)
    {
        if (buffer.Length < F.MinimumHeader + 8)
        {
            throw NtfsFormatException.Record(recordNumber, "record is too short");
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        if (magic != F.Magic)
        {
            var shown = magic == 0x44414142 ? "\"BAAD\" (Windows marked it as torn)" : $"0x{magic:X8}";
            throw NtfsFormatException.Record(recordNumber, $"signature is {shown}, not \"FILE\"");
        }

        var problem = UpdateSequence.TryApply(buffer);
        if (problem is not null)
        {
            throw NtfsFormatException.Record(recordNumber, "update sequence: " + problem);
        }

        var bytesInUse = BinaryPrimitives.ReadUInt32LittleEndian(buffer[F.BytesInUse..]);
        var allocated = BinaryPrimitives.ReadUInt32LittleEndian(buffer[F.BytesAllocated..]);
        if (allocated != buffer.Length || bytesInUse > allocated || bytesInUse < F.MinimumHeader)
        {
            throw NtfsFormatException.Record(recordNumber, $"bytes in use {bytesInUse} / allocated {allocated} do not fit the record size {buffer.Length}");
        }

        int attributesOffset = BinaryPrimitives.ReadUInt16LittleEndian(buffer[F.AttributesOffset..]);
        if (attributesOffset < F.MinimumHeader || attributesOffset % 8 != 0 || attributesOffset >= bytesInUse)
        {
            throw NtfsFormatException.Record(recordNumber, $"first attribute offset 0x{attributesOffset:X} is not valid");
        }

        var used = buffer[..(int)bytesInUse];
        var attributes = new List<AttributeRecord>();
        var offset = attributesOffset;
        while (true)
        {
            if (offset + 4 > used.Length)
            {
                throw NtfsFormatException.Record(recordNumber, $"attributes run past bytes in use ({bytesInUse}) without an end marker");
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(used[offset..]) == NtfsLayout.Attribute.EndMarker)
            {
                break;
            }

            attributes.Add(AttributeRecord.Parse(used, offset, recordNumber, totalClusters, out var length));
            offset += length;
        }

        var baseReference = BinaryPrimitives.ReadUInt64LittleEndian(buffer[F.BaseRecord..]);
        return new MftRecord
        {
            RecordNumber = recordNumber,
            SequenceNumber = BinaryPrimitives.ReadUInt16LittleEndian(buffer[F.SequenceNumber..]),
            LinkCount = BinaryPrimitives.ReadUInt16LittleEndian(buffer[F.LinkCount..]),
            Flags = BinaryPrimitives.ReadUInt16LittleEndian(buffer[F.Flags..]),
            BaseRecordNumber = FileReference.RecordOf(baseReference),
            Attributes = attributes,
        };
    }
}
