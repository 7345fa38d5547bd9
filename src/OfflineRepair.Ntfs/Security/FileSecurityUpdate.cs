using System.Buffers.Binary;
using A = OfflineRepair.Ntfs.NtfsLayout.Attribute;
using L = OfflineRepair.Ntfs.NtfsLayout.AttributeListEntry;

namespace OfflineRepair.Ntfs.Security;

/// <summary>
/// The file's side of giving it a security id: $STANDARD_INFORMATION gets the id (extended to the 72-byte form if
/// needed) and a new MFT-change time, and the file's own legacy $SECURITY_DESCRIPTOR attribute is removed, as
/// ntfs-3g does when it gives a file an id, so that no reader is left with two descriptors to choose from. A
/// non-resident legacy descriptor's clusters are released after the record no longer names them. The directory
/// entries are not touched: they repeat no security information.
/// </summary>
internal static class FileSecurityUpdate
{
    /// <summary>Plans the writes of the file's records (and of its $ATTRIBUTE_LIST when that lists the legacy
    /// attribute). Refuses, before anything is written, when the extended $STANDARD_INFORMATION does not fit.</summary>
    public static void Plan(NtfsVolume volume, NtfsFile file, uint securityId, long now, WritePlan plan)
    {
        var what = $"\"{file.Name}\" (record {file.RecordNumber})";
        var batch = new MftRecordBatch(volume);
        var legacy = file.Attributes.Where(a => a.Type == AttributeType.SecurityDescriptor && a.Name.Length == 0).ToList();
        foreach (var extent in legacy)
        {
            var record = batch.Get(extent.RecordNumber);
            var at = MftRecordWriter.FindAttribute(record, AttributeType.SecurityDescriptor, "", extent.LowestVcn);
            if (at < 0)
            {
                throw NtfsFormatException.Record(extent.RecordNumber, $"the $SECURITY_DESCRIPTOR of {what} is no longer where it was read");
            }

            MftRecordWriter.RemoveAttribute(record, at);
            if (!extent.IsResident)
            {
                plan.Freed.AddRange(extent.Runs.Where(r => !r.IsSparse).Select(r => new ClusterExtent(r.Lcn, r.Length)));
            }
        }

        if (legacy.Count > 0 && file.HasAttribute(AttributeType.AttributeList, ""))
        {
            RemoveFromAttributeList(volume, file, batch.Get(file.RecordNumber), plan, what);
        }

        if (!StandardInformationWriter.TrySetSecurityId(batch.Get(file.RecordNumber), file.RecordNumber, securityId, now))
        {
            throw new NtfsWriteRefusedException(
                $"{what}: its MFT record has no room to extend $STANDARD_INFORMATION to the 72 bytes that hold a security id; nothing was written");
        }

        batch.Stage(plan, file.RecordNumber);
    }

    /// <summary>
    /// Drops the $SECURITY_DESCRIPTOR entries from the file's $ATTRIBUTE_LIST: in the base record when it is resident
    /// (as Windows keeps short lists); when it is not (as ntfs-3g keeps every list), the shorter list is written over
    /// its clusters, the rest of the old one zeroed, and its sizes changed in the record (the allocation stays).
    /// </summary>
    private static void RemoveFromAttributeList(NtfsVolume volume, NtfsFile file, byte[] record, WritePlan plan, string what)
    {
        var at = MftRecordWriter.FindAttribute(record, AttributeType.AttributeList, "");
        if (at < 0)
        {
            throw NtfsFormatException.Record(file.RecordNumber, $"the $ATTRIBUTE_LIST of {what} is not in its base record");
        }

        byte[] list;
        using (var stream = file.OpenAttribute(AttributeType.AttributeList, ""))
        {
            if (stream.Length > NtfsLayout.Limits.MaxAttributeListBytes)
            {
                throw NtfsFormatException.Record(file.RecordNumber, $"$ATTRIBUTE_LIST of {stream.Length} bytes is not valid");
            }

            list = new byte[stream.Length];
            stream.ReadExactly(list);
        }

        var kept = Without(list, AttributeType.SecurityDescriptor, what);
        if (record[at + A.NonResident] == 0)
        {
            var replacement = AttributeBuilder.ResizedResident(record.AsSpan(at, MftRecordWriter.AttributeLength(record, at)), kept);
            if (!MftRecordWriter.TryReplaceAttribute(record, at, replacement))
            {
                throw new InvalidOperationException("a shorter $ATTRIBUTE_LIST did not fit where the longer one was");
            }

            return;
        }

        var runs = file.JoinedRuns(AttributeType.AttributeList, "");
        var written = new byte[list.Length];
        kept.CopyTo(written, 0);
        var cluster = volume.BootSector.ClusterSize;
        var location = $"$ATTRIBUTE_LIST of {what}";
        plan.Add(location, () =>
        {
            foreach (var piece in RunMapping.Map(runs, cluster, 0, written.Length, location))
            {
                volume.WriteAt(piece.VolumeOffset, written.AsSpan((int)piece.AttributeOffset, piece.Length));
            }
        });
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(at + A.DataSize), kept.Length);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(at + A.InitializedSize), kept.Length);
    }

    /// <summary>The list's entries except those of the unnamed attribute of <paramref name="type"/>, bytes unchanged.</summary>
    private static byte[] Without(ReadOnlySpan<byte> list, AttributeType type, string what)
    {
        var kept = new List<byte>(list.Length);
        var offset = 0;
        while (offset + L.MinimumSize <= list.Length)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(list[(offset + L.Length)..]);
            if (length == 0 && BinaryPrimitives.ReadUInt32LittleEndian(list[offset..]) == 0)
            {
                break;
            }

            if (length < L.MinimumSize || offset + length > list.Length)
            {
                throw new NtfsFormatException("$ATTRIBUTE_LIST", what, $"entry at 0x{offset:X} has length {length}");
            }

            var entry = list.Slice(offset, length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(entry[L.Type..]) != (uint)type || entry[L.NameLength] != 0)
            {
                kept.AddRange(entry);
            }

            offset += length;
        }

        return [.. kept];
    }
}
