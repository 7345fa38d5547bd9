using System.Buffers.Binary;
using S = OfflineRepair.Ntfs.NtfsLayout.StandardInformation;

namespace OfflineRepair.Ntfs;

/// <summary>$STANDARD_INFORMATION: the times and attributes Windows shows, and the file's security id.</summary>
public sealed record StandardInformation(
    DateTime CreationTime,
    DateTime LastWriteTime,
    DateTime MftChangeTime,
    DateTime LastAccessTime,
    FileAttributes Attributes,
    uint? SecurityId)
{
    internal static StandardInformation Parse(ReadOnlySpan<byte> value, long recordNumber)
    {
        if (value.Length < S.MinimumSize)
        {
            throw new NtfsFormatException("$STANDARD_INFORMATION", $"record {recordNumber}", $"value is {value.Length} bytes, shorter than {S.MinimumSize}");
        }

        // The 48-byte form (NTFS 1.2, and what ntfs-3g writes) has no security id.
        uint? securityId = value.Length >= S.SizeWithSecurity ? BinaryPrimitives.ReadUInt32LittleEndian(value[S.SecurityId..]) : null;
        return new StandardInformation(
            NtfsTime.FromFileTime(BinaryPrimitives.ReadInt64LittleEndian(value[S.CreationTime..])),
            NtfsTime.FromFileTime(BinaryPrimitives.ReadInt64LittleEndian(value[S.LastWriteTime..])),
            NtfsTime.FromFileTime(BinaryPrimitives.ReadInt64LittleEndian(value[S.MftChangeTime..])),
            NtfsTime.FromFileTime(BinaryPrimitives.ReadInt64LittleEndian(value[S.LastAccessTime..])),
            (FileAttributes)BinaryPrimitives.ReadUInt32LittleEndian(value[S.FileAttributes..]),
            securityId);
    }
}
