using System.Buffers.Binary;
using OfflineRepair.Ntfs.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests;

public sealed class VolumeStateTests
{
    [Fact]
    public void A_fresh_mkntfs_volume_is_clean()
    {
        using var work = new TemporaryDirectory();
        var image = NtfsImages.Small(work.Path);
        using var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false);
        var state = volume.GetState();
        Assert.False(state.IsDirty);
        Assert.True(state.LogFile.IsClean, state.LogFile.Detail);
        Assert.False(state.IsHibernated);
        Assert.True(state.IsCleanlyShutDown);
        Assert.Equal((3, 1), (state.MajorVersion, state.MinorVersion));
    }

    [Fact]
    public void The_volume_dirty_flag_is_reported()
    {
        using var work = new TemporaryDirectory();
        var image = NtfsImages.Small(work.Path);
        long offset, mirror;
        int size;
        using (var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false))
        {
            offset = ImageEditor.RecordOffset(volume, 3);
            size = volume.BootSector.MftRecordSize;
            mirror = (volume.BootSector.MftMirrorLcn * volume.BootSector.ClusterSize) + (3 * size);
        }

        // Record 3 is mirrored in $MFTMirr: change both, as Windows does, so ntfs-3g can still open the volume.
        foreach (var at in new[] { offset, mirror })
        {
            new ImageEditor(image).EditBlock(at, size, record =>
            {
                var attribute = Fixups.FindAttribute(record, 0x70);
                Assert.True(attribute > 0);
                var value = attribute + ImageEditor.U16(record, attribute + 0x14);
                record[value + 0x0A] |= 0x01;
            });
        }

        using var dirty = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false);
        var state = dirty.GetState();
        Assert.True(state.IsDirty);
        Assert.Equal(1, state.VolumeFlags & 1);
        Assert.False(state.IsCleanlyShutDown);

        // ntfs-3g's tools agree that the volume is now marked dirty.
        var ntfsinfo = Tools.Require("ntfsinfo", "ntfs-3g");
        var output = Tools.Run(ntfsinfo, ["-f", "-m", image]);
        Assert.Contains("Volume Flags: 0x0001", output.StandardOutput + output.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hibr", true)]
    [InlineData("HIBR", true)]
    [InlineData("wake", true)]
    [InlineData("\0\0\0\0", false)]
    public void Hiberfil_sys_tells_fast_startup(string magic, bool hibernated)
    {
        using var work = new TemporaryDirectory();
        var image = NtfsImages.Small(work.Path);
        var hiberfil = work.File("hiberfil");
        var bytes = new byte[8192];
        System.Text.Encoding.ASCII.GetBytes(magic).CopyTo(bytes, 0);
        File.WriteAllBytes(hiberfil, bytes);
        NtfsImages.Bash($"ntfscp '{image}' '{hiberfil}' hiberfil.sys");
        using var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false);
        Assert.Equal(hibernated, volume.GetState().IsHibernated);
    }

    [Fact]
    public void A_bitlocker_boot_sector_is_reported()
    {
        using var work = new TemporaryDirectory();
        var image = NtfsImages.Small(work.Path);
        using (var file = File.Open(image, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 3;
            file.Write("-FVE-FS-"u8);
        }

        using var stream = File.OpenRead(image);
        Assert.Equal(VolumeKind.BitLocker, NtfsVolume.Identify(stream));
        var e = Assert.Throws<NtfsFormatException>(() => NtfsVolume.Open(stream));
        Assert.Contains("BitLocker", e.Message, StringComparison.Ordinal);
    }

    private static byte[] RestartPage(ushort clientInUse, ushort flags)
    {
        var page = new byte[4096];
        "RSTR"u8.CopyTo(page);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(4), 0x1E);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(6), 9);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(0x10), 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(0x14), 4096);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(0x18), 0x30);
        BinaryPrimitives.WriteInt16LittleEndian(page.AsSpan(0x1A), 1);
        BinaryPrimitives.WriteInt16LittleEndian(page.AsSpan(0x1C), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(0x30), 1234);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(0x30 + 0x0C), clientInUse);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(0x30 + 0x0E), flags);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(0x1E), 1);
        Fixups.Protect(page);
        return page;
    }

    [Theory]
    [InlineData((ushort)0, (ushort)0, false)]
    [InlineData((ushort)0, (ushort)2, true)]
    [InlineData((ushort)0xFFFF, (ushort)0, true)]
    public void LogFile_restart_area_rule(ushort clientInUse, ushort flags, bool clean)
    {
        var page = RestartPage(clientInUse, flags);
        var state = LogFile.Inspect([.. page, .. page]);
        Assert.Equal(clean, state.IsClean);
        Assert.Equal(1, state.MajorVersion);
    }

    [Fact]
    public void LogFile_all_ff_is_clean_and_garbage_is_not()
    {
        Assert.True(LogFile.Inspect(Enumerable.Repeat((byte)0xFF, 8192).ToArray()).IsClean);
        Assert.False(LogFile.Inspect(new byte[8192]).IsClean);
    }
}
