using System.Buffers.Binary;
using OfflineRepair.Ntfs.Security;
using OfflineRepair.Ntfs.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests.Security;

/// <summary>
/// Reading descriptors, compared with what ntfs-3g's FUSE mount gives as <c>system.ntfs_acl</c> for every file
/// and folder: on the Windows-made volumes of the corpus ($Secure with index blocks, clusters up to 2 MiB) and on
/// an mkntfs volume whose files carry ntfs-3g's legacy per-file descriptors (resident, and the root's non-resident
/// one).
/// </summary>
public sealed class SecurityReadTests
{
    private const long PartitionOffset = 65536;

    private static readonly string[] MetadataFiles = ["/$MFT", "/$MFTMirr", "/$LogFile", "/$Volume", "/$AttrDef", "/$Bitmap", "/$Boot", "/$BadClus", "/$Secure", "/$UpCase", "/$Extend"];

    [Theory]
    [InlineData("dissect.ntfs/ntfs.bin.gz", false)]
    [InlineData("ntfs-samples/ntfs-lastaccess.raw.gz", true)]
    [InlineData("ntfs-samples/ntfs-2m.raw.gz", true)]
    [InlineData("ntfs-samples/ntfs-ramslack.raw.gz", true)]
    [InlineData("ntfs-samples/ntfs-ptrn.raw.gz", true)]
    public void Windows_made_volumes_give_the_descriptors_ntfs_3g_gives(string corpusFile, bool inPartition)
    {
        var source = Corpus.File(corpusFile);
        using var work = new TemporaryDirectory();
        var image = source;
        if (inPartition)
        {
            image = work.File("partition.img");
            NtfsImages.Bash($"dd if='{source}' of='{image}' bs=65536 skip=1 conv=sparse status=none");
        }

        var expected = SecurityOracle.All(image, work.Path);
        foreach (var (path, bytes) in SecurityOracle.Of(image, MetadataFiles, work.Path))
        {
            expected[path] = bytes;
        }

        var length = new FileInfo(source).Length - (inPartition ? PartitionOffset : 0);
        using var volume = NtfsVolume.Open(new WindowStream(File.OpenRead(source), inPartition ? PartitionOffset : 0, length), leaveOpen: false);
        foreach (var (path, bytes) in expected)
        {
            var ours = volume.ReadSecurityDescriptor(path);
            Assert.True(ours is not null && bytes.AsSpan().SequenceEqual(ours), $"{path}: ntfs-3g gives {Convert.ToHexString(bytes)}, we read {(ours is null ? "null" : Convert.ToHexString(ours))}");
        }

        // ntfssecaudit finds Windows's own $Secure sound (by the rule the write tests judge ours with).
        SecurityOracle.AssertAuditClean(image, recursive: false);

        // Windows gives every file a security id and keeps no per-file descriptors.
        Assert.All(expected.Keys.Where(p => p != "/" && !p.StartsWith("/$", StringComparison.Ordinal)), p => Assert.NotNull(volume.OpenPath(p).StandardInformation?.SecurityId));
        TestContext.Current.SendDiagnosticMessage($"{corpusFile}: {expected.Count} descriptors compared");
    }

    [Fact]
    public void Ntfs_3g_made_files_give_their_legacy_descriptors()
    {
        using var work = new TemporaryDirectory();
        var image = SecurityFixtures.Tree(work.Path, 512);
        var expected = SecurityOracle.All(image, work.Path);
        foreach (var (path, bytes) in SecurityOracle.Of(image, MetadataFiles, work.Path))
        {
            expected[path] = bytes;
        }

        using var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false);

        // mkntfs leaves $MFT with security id 0 and no legacy attribute: it has no descriptor, and ntfs-3g makes one up.
        Assert.Equal(0u, volume.OpenPath("$MFT").StandardInformation!.SecurityId);
        Assert.Null(volume.ReadSecurityDescriptor("$MFT"));
        expected.Remove("/$MFT");
        foreach (var (path, bytes) in expected)
        {
            var ours = volume.ReadSecurityDescriptor(path);
            Assert.True(ours is not null && bytes.AsSpan().SequenceEqual(ours), $"{path}: ntfs-3g gives {Convert.ToHexString(bytes)}, we read {(ours is null ? "null" : Convert.ToHexString(ours))}");
        }

        // What was compared: resident legacy descriptors, the root's non-resident one, and $Secure ids.
        var root = volume.RootDirectory;
        Assert.Null(root.StandardInformation!.SecurityId);
        Assert.False(root.Attributes.Single(a => a.Type == AttributeType.SecurityDescriptor).IsResident);
        Assert.True(volume.OpenPath(SecurityFixtures.KeyPath(3)).Attributes.Single(a => a.Type == AttributeType.SecurityDescriptor).IsResident);
        Assert.Equal(0x101u, volume.OpenPath("$Secure").StandardInformation!.SecurityId);
        Assert.True(expected.Count > SecurityFixtures.ManyFiles + SecurityFixtures.KeyFiles);
    }

    [Fact]
    public void A_security_id_beside_a_legacy_descriptor_wins_as_in_ntfs_3g()
    {
        using var work = new TemporaryDirectory();
        var image = SecurityFixtures.Tree(work.Path);
        var path = SecurityFixtures.KeyPath(3);
        long record;
        using (var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false))
        {
            record = ImageEditor.RecordOffset(volume, volume.OpenPath(path).RecordNumber);
        }

        // Give the file the 72-byte $STANDARD_INFORMATION with id 0x101 ($Secure's own), keeping its legacy attribute.
        new ImageEditor(image).EditBlock(record, 1024, r =>
        {
            var si = Fixups.FindAttribute(r, 0x10);
            Assert.Equal(0x48, ImageEditor.U32(r, si + 4));
            var used = ImageEditor.U32(r, 0x18);
            r.AsSpan(si + 0x48, used - si - 0x48).CopyTo(r.AsSpan(si + 0x60));
            r.AsSpan(si + 0x48, 0x18).Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(si + 4), 0x60);
            BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(si + 0x10), 0x48);
            BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(si + 0x18 + 0x34), 0x101);
            BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(0x18), (uint)(used + 0x18));
        });

        var ntfs3g = SecurityOracle.Of(image, [path, "/$Secure"], work.Path);
        Assert.Equal(ntfs3g["/$Secure"], ntfs3g[path]);
        using var reread = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false);
        Assert.Contains(reread.OpenPath(path).Attributes, a => a.Type == AttributeType.SecurityDescriptor);
        Assert.Equal(ntfs3g[path], reread.ReadSecurityDescriptor(path));
    }

    [Theory]
    [InlineData("dissect.ntfs/ntfs.bin.gz", false)]
    [InlineData("ntfs-samples/ntfs-2m.raw.gz", true)]
    public void Every_stored_descriptor_hashes_to_the_hash_windows_filed_it_under(string corpusFile, bool inPartition)
    {
        var source = Corpus.File(corpusFile);
        var offset = inPartition ? PartitionOffset : 0;
        using var volume = NtfsVolume.Open(new WindowStream(File.OpenRead(source), offset, new FileInfo(source).Length - offset), leaveOpen: false);
        var store = SecurityStore.Open(volume);
        var entries = store.Entries();
        Assert.True(entries.Count >= 5, $"only {entries.Count} descriptors");
        foreach (var entry in entries)
        {
            var descriptor = store.Read(entry.SecurityId, 9);
            Assert.Equal(entry.Hash, SecurityHash.Compute(descriptor));
            Assert.Equal(entry.SecurityId, store.FindIdentical(descriptor, entry.Hash));
        }
    }

    [Fact]
    public void Mkntfs_default_descriptor_has_the_hash_of_the_research_notes()
    {
        using var work = new TemporaryDirectory();
        var image = NtfsImages.Small(work.Path);
        using var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false);
        var descriptor = volume.ReadSecurityDescriptor("$MFTMirr")!;
        Assert.Equal(0xF80312F0u, SecurityHash.Compute(descriptor));

        // A trailing partial word does not count.
        Assert.Equal(SecurityHash.Compute(descriptor), SecurityHash.Compute([.. descriptor, 0xAB, 0xCD, 0xEF]));
    }

    [Fact]
    public void A_file_with_neither_an_id_nor_a_legacy_descriptor_has_none()
    {
        using var work = new TemporaryDirectory();
        var image = SecurityFixtures.Tree(work.Path);
        long record;
        using (var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false))
        {
            record = ImageEditor.RecordOffset(volume, volume.OpenPath(SecurityFixtures.KeyPath(4)).RecordNumber);
        }

        // The legacy attribute becomes a $LOGGED_UTILITY_STREAM of the same size: the file has no descriptor left.
        new ImageEditor(image).EditBlock(record, 1024, r =>
        {
            var legacy = Fixups.FindAttribute(r, 0x50);
            BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(legacy), 0x100);
        });

        using var reread = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false);
        Assert.Null(reread.ReadSecurityDescriptor(SecurityFixtures.KeyPath(4)));
    }

    [Fact]
    public void Damaged_security_structures_are_format_errors()
    {
        using var work = new TemporaryDirectory();
        var image = SecurityFixtures.Tree(work.Path);
        var g = WriteOracle.ReadGeometry(image);
        var sds = WriteOracle.Runs(SecurityOracle.InfoOf(image, 9), "$DATA")[0];

        // $SDS's first entry (id 0x100) names another id: $SII and $SDS disagree.
        var editor = new ImageEditor(image);
        editor.XorByte((sds.Lcn * g.ClusterSize) + 4, 0x01);
        using (var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false))
        {
            var e = Assert.Throws<NtfsFormatException>(() => volume.ReadSecurityDescriptor("$MFTMirr"));
            Assert.Contains("not what $SII says", e.Message, StringComparison.Ordinal);
        }

        // An id $SII does not know.
        editor.XorByte((sds.Lcn * g.ClusterSize) + 4, 0x01);
        long record9;
        using (var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false))
        {
            record9 = ImageEditor.RecordOffset(volume, 9);
        }

        editor.EditBlock(record9, g.RecordSize, r =>
        {
            var si = Fixups.FindAttribute(r, 0x10);
            BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(si + ImageEditor.U16(r, si + 0x14) + 0x34), 0x777);
        });
        using (var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false))
        {
            var e = Assert.Throws<NtfsFormatException>(() => volume.ReadSecurityDescriptor("$Secure"));
            Assert.Contains("0x777 is not in $SII", e.Message, StringComparison.Ordinal);
        }
    }
}
