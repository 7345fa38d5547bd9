using System.Text;

namespace OfflineRepair.Partitions.Tests;

public sealed class FileSystemSnifferTests
{
    private static byte[] BootSector(params (int Offset, string Text)[] fields)
    {
        var sector = new byte[512];
        foreach (var (offset, text) in fields)
        {
            Encoding.ASCII.GetBytes(text).CopyTo(sector, offset);
        }

        sector[510] = 0x55;
        sector[511] = 0xAA;
        return sector;
    }

    [Fact]
    public void Ntfs_is_told_by_its_OEM_id() =>
        Assert.Equal(FileSystemKind.Ntfs, FileSystemSniffer.Sniff(new MemoryStream(BootSector((3, "NTFS    ")))));

    [Fact]
    public void BitLocker_is_told_by_its_OEM_id() =>
        Assert.Equal(FileSystemKind.BitLocker, FileSystemSniffer.Sniff(new MemoryStream(BootSector((3, "-FVE-FS-"), (82, "FAT32   ")))));

    [Fact]
    public void Fat32_gives_its_boot_sector_label()
    {
        var sector = BootSector((3, "MSDOS5.0"), (71, "SYSTEM     "), (82, "FAT32   "));
        sector[66] = 0x29;
        Assert.Equal(new SniffedVolume(FileSystemKind.Fat32, "SYSTEM"), FileSystemSniffer.Identify(new MemoryStream(sector)));
    }

    [Fact]
    public void Fat16_and_fat12_are_told_apart_and_NO_NAME_is_no_label()
    {
        var fat16 = BootSector((43, "NO NAME    "), (54, "FAT16   "));
        fat16[38] = 0x29;
        Assert.Equal(new SniffedVolume(FileSystemKind.Fat16, null), FileSystemSniffer.Identify(new MemoryStream(fat16)));

        var fat12 = BootSector((43, "FLOPPY     "), (54, "FAT12   "));
        fat12[38] = 0x29;
        Assert.Equal(new SniffedVolume(FileSystemKind.Fat12, "FLOPPY"), FileSystemSniffer.Identify(new MemoryStream(fat12)));
    }

    [Fact]
    public void Anything_else_or_a_short_stream_is_unknown()
    {
        Assert.Equal(FileSystemKind.Unknown, FileSystemSniffer.Sniff(new MemoryStream(new byte[512])));
        Assert.Equal(FileSystemKind.Unknown, FileSystemSniffer.Sniff(new MemoryStream(Encoding.ASCII.GetBytes("...NTFS    "))));
    }
}
