using System.Buffers.Binary;
using OfflineRepair.Ntfs.Security;
using D = OfflineRepair.Ntfs.NtfsLayout.SecurityDescriptor;

namespace OfflineRepair.Ntfs;

/// <summary>The file's security descriptor, as opaque self-relative bytes (parsing them is another layer's work).</summary>
public sealed partial class NtfsFile
{
    /// <summary>
    /// The file's or directory's self-relative security descriptor: the one $Secure holds under the security id of
    /// its 72-byte $STANDARD_INFORMATION, or, when it has no id (48-byte $STANDARD_INFORMATION, or id 0), its own
    /// legacy $SECURITY_DESCRIPTOR attribute (resident or not); null when it has neither. The same order as
    /// ntfs-3g's and Windows': a legacy attribute left beside an id is not what Windows enforces. Throws
    /// <see cref="NtfsFormatException"/> when the id is not in $SII or the structures on the way are damaged.
    /// </summary>
    public byte[]? ReadSecurityDescriptor()
    {
        if (StandardInformation?.SecurityId is { } id && id != 0)
        {
            return SecurityStore.Open(volume).Read(id, RecordNumber);
        }

        if (!HasAttribute(AttributeType.SecurityDescriptor, ""))
        {
            return null;
        }

        using var stream = OpenAttribute(AttributeType.SecurityDescriptor, "");
        if (stream.Length < D.HeaderSize || stream.Length > NtfsLayout.Secure.BlockSize)
        {
            throw NtfsFormatException.Record(RecordNumber, $"$SECURITY_DESCRIPTOR of {stream.Length} bytes is not a security descriptor");
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// Gives the file (or directory) <paramref name="descriptor"/>, a self-relative security descriptor, and returns
    /// the security id it now has: the id of an identical descriptor already in $Secure, or a new one stored there
    /// ($SDS, $SII, $SDH). Its $STANDARD_INFORMATION gets the id (extended to 72 bytes if needed) and a new
    /// MFT-change time, and its legacy $SECURITY_DESCRIPTOR attribute is removed. The volume must have been opened
    /// with <see cref="NtfsVolume.OpenForWriting"/>. Throws <see cref="ArgumentException"/> for a descriptor that
    /// is shorter than its 20-byte header, not self-relative, or larger than $SDS can hold, and
    /// <see cref="NtfsWriteRefusedException"/> for an NTFS metadata file (other than the root directory) or a change
    /// that does not fit; in both cases nothing was written.
    /// </summary>
    public uint SetSecurityDescriptor(ReadOnlySpan<byte> descriptor)
    {
        if (!volume.CanWrite)
        {
            throw new InvalidOperationException("the NTFS volume was opened read-only: open it with NtfsVolume.OpenForWriting to write");
        }

        CheckDescriptor(descriptor);
        return volume.SetSecurityDescriptor(this, descriptor);
    }

    private static void CheckDescriptor(ReadOnlySpan<byte> descriptor)
    {
        if (descriptor.Length < D.HeaderSize)
        {
            throw new ArgumentException($"a security descriptor is at least {D.HeaderSize} bytes; this one has {descriptor.Length}", nameof(descriptor));
        }

        var control = BinaryPrimitives.ReadUInt16LittleEndian(descriptor[D.Control..]);
        if ((control & D.ControlSelfRelative) == 0)
        {
            throw new ArgumentException($"the security descriptor is not self-relative (control 0x{control:X4} lacks 0x8000); NTFS stores only self-relative descriptors", nameof(descriptor));
        }

        if (descriptor.Length > NtfsLayout.Secure.BlockSize - NtfsLayout.Secure.EntryHeaderSize)
        {
            throw new ArgumentException($"a security descriptor of {descriptor.Length} bytes does not fit a 256 KiB block of $SDS", nameof(descriptor));
        }
    }
}
