using System.Buffers.Binary;
using OfflineRepair.Ntfs.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests.Security;

/// <summary>Descriptor changes that must not happen: each is refused with nothing written (the image's sha256 is
/// unchanged), even when the refusal comes after $SDS, $SII and $SDH were already planned.</summary>
public sealed class SecurityRefusalTests
{
    public static TheoryData<string, byte[]> BadDescriptors => new()
    {
        { "shorter than its header", Descriptors.Make(1, 1)[..19] },
        { "not self-relative", NotSelfRelative() },
        { "larger than an $SDS block", Large() },
    };

    [Theory]
    [MemberData(nameof(BadDescriptors))]
    public void A_descriptor_that_is_not_one_ntfs_stores_is_refused(string why, byte[] descriptor)
    {
        using var work = new TemporaryDirectory();
        var image = SecurityFixtures.Tree(work.Path);
        var before = Sha256(image);
        using (var volume = NtfsVolume.OpenForWriting(File.Open(image, FileMode.Open, FileAccess.ReadWrite), leaveOpen: false))
        {
            var e = Assert.Throws<ArgumentException>(() => volume.SetSecurityDescriptor(SecurityFixtures.KeyPath(1), descriptor));
            Assert.Equal("descriptor", e.ParamName);
        }

        Assert.True(before == Sha256(image), why);
    }

    [Theory]
    [InlineData("$MFT")]
    [InlineData("$Secure")]
    [InlineData("$Extend")]
    [InlineData("$Extend/$Quota")]
    public void Metadata_files_are_refused(string path)
    {
        using var work = new TemporaryDirectory();
        var image = SecurityFixtures.Tree(work.Path);
        var before = Sha256(image);
        using (var volume = NtfsVolume.OpenForWriting(File.Open(image, FileMode.Open, FileAccess.ReadWrite), leaveOpen: false))
        {
            var e = Assert.Throws<NtfsWriteRefusedException>(() => volume.SetSecurityDescriptor(path, Descriptors.Make(2, 5)));
            Assert.Contains("metadata file", e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, Sha256(image));
    }

    [Fact]
    public void A_volume_opened_read_only_is_not_written()
    {
        using var work = new TemporaryDirectory();
        var image = SecurityFixtures.Tree(work.Path);
        using var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false);
        Assert.Throws<InvalidOperationException>(() => volume.SetSecurityDescriptor(SecurityFixtures.KeyPath(1), Descriptors.Make(2, 5)));
    }

    [Fact]
    public void A_record_without_room_for_a_security_id_is_refused_after_planning_and_before_writing()
    {
        using var work = new TemporaryDirectory();
        var image = SecurityFixtures.Tree(work.Path);
        var path = SecurityFixtures.KeyPath(5);
        long offset;
        using (var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false))
        {
            offset = ImageEditor.RecordOffset(volume, volume.OpenPath(path).RecordNumber);
        }

        // No legacy descriptor to give back room, and the resident $DATA attribute stretched to fill the record:
        // the 48-byte $STANDARD_INFORMATION cannot grow by the 24 bytes a security id needs.
        new ImageEditor(image).EditBlock(offset, 1024, r =>
        {
            var legacy = Fixups.FindAttribute(r, 0x50);
            var length = ImageEditor.U32(r, legacy + 4);
            var used = ImageEditor.U32(r, 0x18);
            r.AsSpan(legacy + length, used - legacy - length).CopyTo(r.AsSpan(legacy));
            used -= length;
            r.AsSpan(used, length).Clear();
            var data = Fixups.FindAttribute(r, 0x80);
            var grow = (r.Length - used) & ~7;
            var dataLength = ImageEditor.U32(r, data + 4);
            r.AsSpan(data + dataLength, used - data - dataLength).CopyTo(r.AsSpan(data + dataLength + grow));
            BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(data + 4), (uint)(dataLength + grow));
            BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(0x18), (uint)(used + grow));
        });

        var before = Sha256(image);
        using (var volume = NtfsVolume.OpenForWriting(File.Open(image, FileMode.Open, FileAccess.ReadWrite), leaveOpen: false))
        {
            Assert.Null(volume.ReadSecurityDescriptor(path));
            var e = Assert.Throws<NtfsWriteRefusedException>(() => volume.SetSecurityDescriptor(path, Descriptors.Make(4, 6)));
            Assert.Contains("no room to extend $STANDARD_INFORMATION", e.Message, StringComparison.Ordinal);
            Assert.Contains("nothing was written", e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, Sha256(image));
    }

    private static byte[] NotSelfRelative()
    {
        var bytes = Descriptors.Make(2, 2);
        bytes[3] &= 0x7F;
        return bytes;
    }

    private static byte[] Large()
    {
        var bytes = new byte[0x40000];
        Descriptors.Make(2, 3).CopyTo(bytes, 0);
        return bytes;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Oracle.Sha256(stream);
    }
}
