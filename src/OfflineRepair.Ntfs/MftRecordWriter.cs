using System.Buffers.Binary;
using A = OfflineRepair.Ntfs.NtfsLayout.Attribute;
using F = OfflineRepair.Ntfs.NtfsLayout.FileRecord;

namespace OfflineRepair.Ntfs;

/// <summary>
/// Reads MFT records as raw buffers (fixups removed) for editing, and writes them back: the update sequence
/// number goes up once, the fixups are applied once, and the very same bytes go to $MFT and, for the records
/// $MFTMirr holds, to the mirror (two serialisations would give the two copies different numbers, and ntfs-3g
/// and chkdsk would then call the mirror damaged). The static helpers edit attributes inside such a buffer.
/// </summary>
internal sealed class MftRecordWriter(NtfsVolume volume, IReadOnlyList<DataRun> mftRuns, IReadOnlyList<DataRun> mirrorRuns, int mirroredRecords)
{
    private int RecordSize => volume.BootSector.MftRecordSize;

    /// <summary>How many records, from record 0, $MFTMirr holds.</summary>
    public int MirroredRecords => mirroredRecords;

    /// <summary>The record as it is on disk (fixups applied), from $MFT or from $MFTMirr.</summary>
    public byte[] ReadOnDisk(long recordNumber, bool mirror)
    {
        var buffer = new byte[RecordSize];
        var where = mirror ? "$MFTMirr" : "$MFT";
        foreach (var piece in RunMapping.Map(mirror ? mirrorRuns : mftRuns, volume.BootSector.ClusterSize, recordNumber * RecordSize, RecordSize, where))
        {
            volume.ReadAt(piece.VolumeOffset, buffer.AsSpan((int)(piece.AttributeOffset - (recordNumber * RecordSize)), piece.Length));
        }

        return buffer;
    }

    /// <summary>Reads a record for editing: signature, fixups and sizes checked, fixups removed.</summary>
    public byte[] Read(long recordNumber)
    {
        var buffer = ReadOnDisk(recordNumber, mirror: false);
        if (BinaryPrimitives.ReadUInt32LittleEndian(buffer) != F.Magic)
        {
            throw NtfsFormatException.Record(recordNumber, "signature is not \"FILE\"");
        }

        var problem = UpdateSequence.TryApply(buffer);
        if (problem is not null)
        {
            throw NtfsFormatException.Record(recordNumber, "update sequence: " + problem);
        }

        var used = BytesInUse(buffer);
        if (used > buffer.Length || used < F.MinimumHeader || BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(F.BytesAllocated)) != buffer.Length)
        {
            throw NtfsFormatException.Record(recordNumber, $"bytes in use {used} do not fit the record size {buffer.Length}");
        }

        return buffer;
    }

    /// <summary>Protects <paramref name="record"/> (fixups removed, as <see cref="Read"/> gave it) and writes it to
    /// $MFT, then the same bytes to $MFTMirr when the mirror holds this record.</summary>
    public void Write(long recordNumber, byte[] record)
    {
        if (record.Length != RecordSize)
        {
            throw new ArgumentException($"record buffer is {record.Length} bytes, not {RecordSize}", nameof(record));
        }

        var disk = (byte[])record.Clone();
        UpdateSequence.Protect(disk);
        WriteCopy(mftRuns, recordNumber, disk, "$MFT");
        if (recordNumber < mirroredRecords)
        {
            WriteCopy(mirrorRuns, recordNumber, disk, "$MFTMirr");
        }
    }

    private void WriteCopy(IReadOnlyList<DataRun> runs, long recordNumber, byte[] disk, string where)
    {
        var start = recordNumber * RecordSize;
        foreach (var piece in RunMapping.Map(runs, volume.BootSector.ClusterSize, start, RecordSize, where))
        {
            volume.WriteAt(piece.VolumeOffset, disk.AsSpan((int)(piece.AttributeOffset - start), piece.Length));
        }
    }

    public static int BytesInUse(ReadOnlySpan<byte> record) => (int)BinaryPrimitives.ReadUInt32LittleEndian(record[F.BytesInUse..]);

    /// <summary>Offset of the attribute (type, name, extent starting at <paramref name="lowestVcn"/>) in a record
    /// buffer, or -1. The reader has already checked the record's attribute chain.</summary>
    public static int FindAttribute(ReadOnlySpan<byte> record, AttributeType type, string name, long lowestVcn = 0)
    {
        var used = Math.Min(BytesInUse(record), record.Length);
        int offset = BinaryPrimitives.ReadUInt16LittleEndian(record[F.AttributesOffset..]);
        while (offset + A.ResidentHeaderSize <= used)
        {
            var attribute = record[offset..used];
            var found = BinaryPrimitives.ReadUInt32LittleEndian(attribute);
            if (found == A.EndMarker)
            {
                return -1;
            }

            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(attribute[A.Length..]);
            if (length < A.ResidentHeaderSize || length > attribute.Length)
            {
                throw new NtfsFormatException("attribute", $"record offset 0x{offset:X}", $"attribute length {length} is not valid");
            }

            if (found == (uint)type && NameOf(attribute[..length]) == name
                && (attribute[A.NonResident] == 0 || BinaryPrimitives.ReadInt64LittleEndian(attribute[A.LowestVcn..]) == lowestVcn))
            {
                return offset;
            }

            offset += length;
        }

        return -1;
    }

    public static int AttributeLength(ReadOnlySpan<byte> record, int offset) =>
        (int)BinaryPrimitives.ReadUInt32LittleEndian(record[(offset + A.Length)..]);

    /// <summary>
    /// Puts <paramref name="replacement"/> (a whole attribute, length a multiple of 8) where the attribute at
    /// <paramref name="offset"/> is, moving the attributes after it and the end marker. Returns false, leaving the
    /// buffer unchanged, when the record would no longer fit its allocated size.
    /// </summary>
    public static bool TryReplaceAttribute(byte[] record, int offset, ReadOnlySpan<byte> replacement)
    {
        if (replacement.Length % 8 != 0 || BinaryPrimitives.ReadUInt32LittleEndian(replacement[A.Length..]) != replacement.Length)
        {
            throw new ArgumentException("replacement attribute length must be a multiple of 8 and match its header", nameof(replacement));
        }

        var oldLength = AttributeLength(record, offset);
        var used = BytesInUse(record);
        var delta = replacement.Length - oldLength;
        if (used + delta > record.Length)
        {
            return false;
        }

        var tail = record.AsSpan(offset + oldLength, used - offset - oldLength);
        tail.CopyTo(record.AsSpan(offset + replacement.Length));
        if (delta < 0)
        {
            // What the record no longer uses is zeroed, so no stale attribute bytes are left behind its end.
            record.AsSpan(used + delta, -delta).Clear();
        }

        replacement.CopyTo(record.AsSpan(offset));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(F.BytesInUse), (uint)(used + delta));
        return true;
    }

    /// <summary>Takes the attribute at <paramref name="offset"/> out of the record, moving the attributes after it
    /// down and zeroing the bytes the record no longer uses.</summary>
    public static void RemoveAttribute(byte[] record, int offset)
    {
        var length = AttributeLength(record, offset);
        var used = BytesInUse(record);
        record.AsSpan(offset + length, used - offset - length).CopyTo(record.AsSpan(offset));
        record.AsSpan(used - length, length).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(F.BytesInUse), (uint)(used - length));
    }

    /// <summary>
    /// Inserts a new attribute (a whole attribute, length a multiple of 8) where the record's order wants it (by type,
    /// then by name as $UpCase collates it) and gives it the record's next instance number. Returns false, leaving
    /// the buffer unchanged, when the record has no room for it.
    /// </summary>
    public static bool TryInsertAttribute(byte[] record, byte[] attribute, UpcaseTable upcase)
    {
        if (attribute.Length % 8 != 0 || BinaryPrimitives.ReadUInt32LittleEndian(attribute.AsSpan(A.Length)) != attribute.Length)
        {
            throw new ArgumentException("attribute length must be a multiple of 8 and match its header", nameof(attribute));
        }

        var used = BytesInUse(record);
        if (used + attribute.Length > record.Length)
        {
            return false;
        }

        var type = BinaryPrimitives.ReadUInt32LittleEndian(attribute);
        var name = NameOf(attribute);
        int offset = BinaryPrimitives.ReadUInt16LittleEndian(record.AsSpan(F.AttributesOffset));
        while (offset + A.ResidentHeaderSize <= used)
        {
            var found = BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(offset));
            if (found == A.EndMarker || found > type)
            {
                break;
            }

            var length = AttributeLength(record, offset);
            if (length < A.ResidentHeaderSize || offset + length > used)
            {
                throw new NtfsFormatException("attribute", $"record offset 0x{offset:X}", $"attribute length {length} is not valid");
            }

            if (found == type)
            {
                var other = NameOf(record.AsSpan(offset, length));
                var order = upcase.Compare(name, other);
                if (order == 0)
                {
                    order = string.CompareOrdinal(name, other);
                }

                if (order < 0)
                {
                    break;
                }
            }

            offset += length;
        }

        record.AsSpan(offset, used - offset).CopyTo(record.AsSpan(offset + attribute.Length));
        attribute.CopyTo(record, offset);
        var instance = BinaryPrimitives.ReadUInt16LittleEndian(record.AsSpan(F.NextAttributeInstance));
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(offset + A.Instance), instance);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(F.NextAttributeInstance), (ushort)(instance + 1));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(F.BytesInUse), (uint)(used + attribute.Length));
        return true;
    }

    private static string NameOf(ReadOnlySpan<byte> attribute)
    {
        int length = attribute[A.NameLength];
        if (length == 0)
        {
            return "";
        }

        int offset = BinaryPrimitives.ReadUInt16LittleEndian(attribute[A.NameOffset..]);
        return offset + (2 * length) <= attribute.Length ? AttributeRecord.Utf16(attribute.Slice(offset, 2 * length)) : "\uFFFF";
    }
}
