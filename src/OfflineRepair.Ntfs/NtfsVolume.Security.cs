using OfflineRepair.Ntfs.Security;

namespace OfflineRepair.Ntfs;

/// <summary>Security descriptors by path, and the one place where a descriptor change is planned and carried out.</summary>
public sealed partial class NtfsVolume
{
    /// <summary>Serialises descriptor changes: each one reads $Secure fresh and appends after what the last one wrote.</summary>
    private readonly object securityGate = new();

    /// <summary>The descriptor of the file or directory at <paramref name="path"/> (see <see cref="NtfsFile.ReadSecurityDescriptor"/>).</summary>
    public byte[]? ReadSecurityDescriptor(string path) => OpenPath(path).ReadSecurityDescriptor();

    /// <summary>Gives the file or directory at <paramref name="path"/> a descriptor and returns its security id (see
    /// <see cref="NtfsFile.SetSecurityDescriptor"/>).</summary>
    public uint SetSecurityDescriptor(string path, ReadOnlySpan<byte> descriptor) => OpenPath(path).SetSecurityDescriptor(descriptor);

    /// <summary>
    /// Plans the whole change from the disk as it is now (refusing, with nothing written, anything that does not
    /// fit), then writes it: new clusters in $Bitmap, the $SDS entry and its mirror, $SII, $SDH, the file's record,
    /// clusters of a removed legacy descriptor released last. An identical descriptor already stored writes only
    /// the file's record; a file that already has that id and no legacy attribute writes nothing.
    /// </summary>
    internal uint SetSecurityDescriptor(NtfsFile file, ReadOnlySpan<byte> descriptor)
    {
        lock (securityGate)
        {
            var current = OpenFile(file.RecordNumber);
            if (current.SequenceNumber != file.SequenceNumber)
            {
                throw new IOException($"\"{file.Name}\" (record {file.RecordNumber}) was deleted or replaced since it was opened");
            }

            if (current.IsMetadataFile && current.RecordNumber != NtfsLayout.SystemFiles.Root)
            {
                throw new NtfsWriteRefusedException(
                    $"\"{current.Name}\" (record {current.RecordNumber}) is an NTFS metadata file; only the root directory among them is given a descriptor; nothing was written");
            }

            ClaimForWriting(current.RecordNumber, current.Name);
            try
            {
                var hash = SecurityHash.Compute(descriptor);
                var plan = new WritePlan();
                var store = SecurityStore.Open(this);
                var id = store.FindIdentical(descriptor, hash) ?? store.PlanAdd(descriptor, hash, plan);
                var unchanged = current.StandardInformation?.SecurityId == id
                    && !current.HasAttribute(AttributeType.SecurityDescriptor, "");
                if (!unchanged)
                {
                    var now = Clock.GetUtcNow().UtcDateTime.ToFileTimeUtc();
                    FileSecurityUpdate.Plan(this, current, id, now, plan);
                }

                plan.Execute(this);
                return id;
            }
            finally
            {
                ReleaseForWriting(current.RecordNumber);
            }
        }
    }
}
