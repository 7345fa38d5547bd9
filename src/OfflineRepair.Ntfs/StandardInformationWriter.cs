using System.Buffers.Binary;
using A = OfflineRepair.Ntfs.NtfsLayout.Attribute;
using S = OfflineRepair.Ntfs.NtfsLayout.StandardInformation;

namespace OfflineRepair.Ntfs;

/// <summary>
/// Edits $STANDARD_INFORMATION inside a record buffer. A file made by NTFS 1.x tools (or by ntfs-3g) may have the
/// 48-byte form, which has no security id; it is first extended to the 72-byte form of NTFS 3.x with owner id,
/// quota charged and USN zero (what ntfs-3g does, and what chkdsk accepts), moving the attributes after it.
/// </summary>
internal static class StandardInformationWriter
{
    /// <summary>Sets the security id and the MFT-change time (<paramref name="now"/>, a FILETIME). Returns false,
    /// leaving the buffer unchanged, when the extended attribute does not fit the record.</summary>
    public static bool TrySetSecurityId(byte[] record, long recordNumber, uint securityId, long now)
    {
        var at = MftRecordWriter.FindAttribute(record, AttributeType.StandardInformation, "");
        if (at < 0 || record[at + A.NonResident] != 0)
        {
            throw NtfsFormatException.Record(recordNumber, "has no resident $STANDARD_INFORMATION");
        }

        int valueOffset = BinaryPrimitives.ReadUInt16LittleEndian(record.AsSpan(at + A.ResidentValueOffset));
        var valueLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(at + A.ResidentValueLength));
        if (valueLength < S.MinimumSize)
        {
            throw NtfsFormatException.Record(recordNumber, $"$STANDARD_INFORMATION is only {valueLength} bytes");
        }

        var value = new byte[Math.Max(valueLength, S.SizeWithSecurity)];
        record.AsSpan(at + valueOffset, valueLength).CopyTo(value);
        BinaryPrimitives.WriteUInt32LittleEndian(value.AsSpan(S.SecurityId), securityId);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(S.MftChangeTime), now);
        if (value.Length == valueLength)
        {
            value.CopyTo(record.AsSpan(at + valueOffset));
            return true;
        }

        var replacement = AttributeBuilder.ResizedResident(record.AsSpan(at, MftRecordWriter.AttributeLength(record, at)), value);
        return MftRecordWriter.TryReplaceAttribute(record, at, replacement);
    }
}
