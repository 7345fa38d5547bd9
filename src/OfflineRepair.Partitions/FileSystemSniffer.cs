using System.Text;

namespace OfflineRepair.Partitions;

/// <summary>
/// Tells a volume's file system from its boot sector, without mounting anything: the OEM id at
/// byte 3 (NTFS, exFAT, BitLocker) or the FAT file-system type string of the BPB.
/// </summary>
public static class FileSystemSniffer
{
    private const string NtfsOemId = "NTFS    ";
    private const string ExFatOemId = "EXFAT   ";
    private const string BitLockerOemId = "-FVE-FS-";
    private const string Fat32Type = "FAT32   ";
    private const string FatTypePrefix = "FAT1";
    private const string Fat12Type = "FAT12   ";
    private const string NoLabel = "NO NAME";

    /// <summary>The file system of the volume that starts at position 0 of <paramref name="partition"/>.</summary>
    public static FileSystemKind Sniff(Stream partition) => Identify(partition).Kind;

    /// <summary>The file system and, for FAT, the boot-sector label.</summary>
    public static SniffedVolume Identify(Stream partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        var sector = new byte[BootSectorLayout.Size];
        partition.Position = 0;
        int total = 0;
        while (total < sector.Length)
        {
            var read = partition.Read(sector, total, sector.Length - total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total < BootSectorLayout.Size ? new SniffedVolume(FileSystemKind.Unknown, null) : Identify(sector);
    }

    /// <summary>The same, from a boot sector already read (at least 512 bytes).</summary>
    public static SniffedVolume Identify(ReadOnlySpan<byte> bootSector)
    {
        if (bootSector.Length < BootSectorLayout.Size)
        {
            return new SniffedVolume(FileSystemKind.Unknown, null);
        }

        var oemId = Ascii(bootSector.Slice(BootSectorLayout.OemId, BootSectorLayout.OemIdLength));

        // BitLocker first: an encrypted volume keeps a FAT-looking BPB for old readers' sake.
        if (oemId == BitLockerOemId)
        {
            return new SniffedVolume(FileSystemKind.BitLocker, null);
        }

        if (oemId == NtfsOemId)
        {
            return new SniffedVolume(FileSystemKind.Ntfs, null);
        }

        if (oemId == ExFatOemId)
        {
            return new SniffedVolume(FileSystemKind.ExFat, null);
        }

        var fat32Type = Ascii(bootSector.Slice(BootSectorLayout.Fat32FileSystemType, BootSectorLayout.FileSystemTypeLength));
        if (fat32Type == Fat32Type)
        {
            return new SniffedVolume(FileSystemKind.Fat32, Label(bootSector, BootSectorLayout.Fat32ExtendedBootSignature, BootSectorLayout.Fat32VolumeLabel));
        }

        var fat16Type = Ascii(bootSector.Slice(BootSectorLayout.Fat16FileSystemType, BootSectorLayout.FileSystemTypeLength));
        if (fat16Type.StartsWith(FatTypePrefix, StringComparison.Ordinal))
        {
            // "FAT1    " or another variant of the string: the BPB's cluster count would decide; FAT16 is the common case.
            var kind = fat16Type == Fat12Type ? FileSystemKind.Fat12 : FileSystemKind.Fat16;
            return new SniffedVolume(kind, Label(bootSector, BootSectorLayout.Fat16ExtendedBootSignature, BootSectorLayout.Fat16VolumeLabel));
        }

        return new SniffedVolume(FileSystemKind.Unknown, null);
    }

    private static string? Label(ReadOnlySpan<byte> bootSector, int signatureOffset, int labelOffset)
    {
        if (bootSector[signatureOffset] != BootSectorLayout.ExtendedBootSignature)
        {
            return null;
        }

        var label = Ascii(bootSector.Slice(labelOffset, BootSectorLayout.VolumeLabelLength)).TrimEnd(' ', '\0');
        return label.Length == 0 || label == NoLabel ? null : label;
    }

    // Labels are OEM code page bytes; without globalization data only ASCII is certain, other bytes show as '?'.
    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
