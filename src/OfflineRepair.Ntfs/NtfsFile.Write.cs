using S = OfflineRepair.Ntfs.NtfsLayout.StandardInformation;

namespace OfflineRepair.Ntfs;

/// <summary>Opening a file for writing (see <see cref="NtfsFileWriter"/>).</summary>
public sealed partial class NtfsFile
{
    /// <summary>
    /// The unnamed $DATA (or the named stream) as a seekable stream that reads and writes the file's existing
    /// clusters in place, grows it (new clusters from $Bitmap) and shrinks it. Changes to the MFT record and to
    /// the directory entries are written by <see cref="Stream.Flush"/> and on dispose. Refuses with
    /// <see cref="NtfsWriteRefusedException"/>, writing nothing, a directory, a metadata file, or a compressed,
    /// sparse, encrypted or reparse-point file. The volume must have been opened with
    /// <see cref="NtfsVolume.OpenForWriting"/>. The writer starts from the record as it is on disk now, not from
    /// this object, which the writes do not update (open the file again to see them).
    /// </summary>
    public Stream OpenWrite(string streamName = "")
    {
        ArgumentNullException.ThrowIfNull(streamName);
        if (!volume.CanWrite)
        {
            throw new InvalidOperationException("the NTFS volume was opened read-only: open it with NtfsVolume.OpenForWriting to write");
        }

        // An earlier writer may have changed the record since this object read it: runs and sizes come fresh.
        var current = volume.OpenFile(RecordNumber);
        if (current.SequenceNumber != SequenceNumber)
        {
            throw new IOException($"\"{Name}\" (record {RecordNumber}) was deleted or replaced since it was opened");
        }

        return current.OpenWriteAsItIs(streamName);
    }

    private NtfsFileWriter OpenWriteAsItIs(string streamName)
    {
        var what = $"\"{Name}\" (record {RecordNumber})";
        if (Record.IsDirectory || HasAttribute(AttributeType.IndexRoot, "$I30"))
        {
            throw new NtfsWriteRefusedException($"{what} is a directory: only files are written");
        }

        if (IsMetadataFile)
        {
            throw new NtfsWriteRefusedException($"{what} is an NTFS metadata file and is never written through this interface");
        }

        var si = StandardInformation
            ?? throw NtfsFormatException.Record(RecordNumber, "has no $STANDARD_INFORMATION");
        var flags = (uint)si.Attributes;
        Refuse((flags & S.AttributeCompressed) != 0, $"{what} is NTFS-compressed: writing compressed files is not supported; uncompress it in Windows (`compact /u`), then try again");
        Refuse((flags & S.AttributeSparse) != 0, $"{what} is a sparse file: writing sparse files is not supported");
        Refuse((flags & S.AttributeEncrypted) != 0, $"{what} is EFS-encrypted: it cannot be written without the user's key");
        Refuse((flags & S.AttributeReparsePoint) != 0, $"{what} is a reparse point (a link, or a file compressed by WOF/CompactOS or deduplicated): writing it is not supported");
        if (attributes.Any(a => a.Type == AttributeType.ReparsePoint))
        {
            throw new NtfsWriteRefusedException($"{what} has a reparse point: writing it is not supported");
        }

        if (!HasAttribute(AttributeType.Data, streamName))
        {
            var stream = streamName.Length == 0 ? "unnamed $DATA stream" : $"stream \"{streamName}\"";
            throw new FileNotFoundException($"record {RecordNumber} ({Name}) has no {stream}");
        }

        var extents = Extents(AttributeType.Data, streamName);
        foreach (var extent in extents)
        {
            Refuse(extent.IsCompressed, $"{what} has a compressed $DATA attribute: writing it is not supported");
            Refuse(extent.IsEncrypted, $"{what} has an encrypted $DATA attribute: writing it is not supported");
            Refuse(extent.IsSparse || extent.Runs.Any(r => r.IsSparse), $"{what} has sparse $DATA (holes): writing it is not supported");
        }

        volume.ClaimForWriting(RecordNumber, Name);
        try
        {
            return new NtfsFileWriter(volume, this, streamName, extents);
        }
        catch
        {
            volume.ReleaseForWriting(RecordNumber);
            throw;
        }
    }

    /// <summary>An NTFS metadata file: records 0-15 ($MFT .. the reserved records) and what $Extend (file 11) holds
    /// ($UsnJrnl, $Quota, $ObjId, $Reparse).</summary>
    internal bool IsMetadataFile =>
        RecordNumber < NtfsLayout.SystemFiles.FirstUserRecord || Names.Any(n => n.ParentRecordNumber == NtfsLayout.SystemFiles.Extend);

    /// <summary>The runs of every extent of an attribute, joined in VCN order.</summary>
    internal List<DataRun> JoinedRuns(AttributeType type, string name) =>
        JoinRuns(Extents(type, name), $"record {RecordNumber} attribute 0x{(uint)type:X} \"{name}\"");

    private static void Refuse(bool refuse, string message)
    {
        if (refuse)
        {
            throw new NtfsWriteRefusedException(message);
        }
    }
}
