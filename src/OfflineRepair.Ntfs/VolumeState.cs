using System.Buffers.Binary;
using System.Text;
using V = OfflineRepair.Ntfs.NtfsLayout.VolumeInformation;

namespace OfflineRepair.Ntfs;

/// <summary>
/// Whether the volume is safe to write: $Volume's dirty flag (chkdsk pending), $LogFile's restart state, and
/// Fast Startup hibernation (<c>\hiberfil.sys</c> starting "hibr"/"HIBR"/"wake"/"WAKE"). BitLocker is found
/// before opening, by <see cref="NtfsVolume.Identify"/>.
/// </summary>
public sealed record VolumeState(
    string Label,
    byte MajorVersion,
    byte MinorVersion,
    ushort VolumeFlags,
    LogFileState LogFile,
    bool IsHibernated)
{
    public bool IsDirty => (VolumeFlags & V.FlagDirty) != 0;

    /// <summary>True when nothing says Windows left work behind: not dirty, log clean, not hibernated.</summary>
    public bool IsCleanlyShutDown => !IsDirty && LogFile.IsClean && !IsHibernated;

    internal static VolumeState Read(NtfsVolume volume)
    {
        var file = volume.OpenFile(NtfsLayout.SystemFiles.Volume);
        var info = file.ReadResidentValue(AttributeType.VolumeInformation, "")
            ?? throw NtfsFormatException.Record(NtfsLayout.SystemFiles.Volume, "$Volume has no $VOLUME_INFORMATION");
        if (info.Length < V.Size)
        {
            throw NtfsFormatException.Record(NtfsLayout.SystemFiles.Volume, $"$VOLUME_INFORMATION is only {info.Length} bytes");
        }

        var labelBytes = file.ReadResidentValue(AttributeType.VolumeName, "") ?? [];
        var label = AttributeRecord.Utf16(labelBytes.AsSpan(0, labelBytes.Length & ~1));

        using var log = volume.OpenFile(NtfsLayout.SystemFiles.LogFile).OpenRead();
        var logState = NtfsLogFile(log);

        return new VolumeState(
            label,
            info[V.MajorVersion],
            info[V.MinorVersion],
            BinaryPrimitives.ReadUInt16LittleEndian(info.AsSpan(V.Flags)),
            logState,
            HiberfileSaysHibernated(volume));
    }

    private static LogFileState NtfsLogFile(Stream log) => Ntfs.LogFile.Read(log);

    private static bool HiberfileSaysHibernated(NtfsVolume volume)
    {
        var entry = volume.RootDirectory.Find("hiberfil.sys");
        if (entry is null)
        {
            return false;
        }

        using var data = volume.OpenFile(entry.RecordNumber).OpenRead();
        var head = new byte[4];
        if (data.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4)
        {
            return false;
        }

        var magic = Encoding.ASCII.GetString(head);
        return magic is "hibr" or "HIBR" or "wake" or "WAKE";
    }
}
