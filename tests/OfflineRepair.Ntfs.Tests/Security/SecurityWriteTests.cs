using System.Text.RegularExpressions;
using OfflineRepair.Ntfs.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests.Security;

/// <summary>
/// Setting descriptors on volumes made by mkntfs and ntfs-3g, judged by ntfs-3g only: after each batch its FUSE
/// mount gives exactly the bytes set for every file (and unchanged bytes for the others), <c>ntfssecaudit -ar</c>
/// finds no error in $SDS, $SII, $SDH or any file's id, <c>ntfsfix -n</c> is content, the files' data reads the
/// same through <c>ntfscat</c>, and no byte of the image changed outside $Secure's clusters, the changed files' MFT
/// records, $MFTMirr and $Bitmap.
/// </summary>
public sealed partial class SecurityWriteTests
{
    private static readonly FixedClock Clock = new(new DateTimeOffset(2033, 3, 4, 5, 6, 7, TimeSpan.Zero));

    [Fact]
    public void A_descriptor_already_stored_is_reused_and_secure_is_not_touched()
    {
        using var work = new TemporaryDirectory();
        var image = SecurityFixtures.Tree(work.Path);
        var before = Before.Take(image, work.Path);
        var stored = SecurityOracle.Of(image, ["/$MFTMirr"], work.Path)["/$MFTMirr"];
        var secureBefore = SecureBytes(image);
        string[] paths = [SecurityFixtures.KeyPath(1), "/Keys/Sub", "/Links/target.txt"];

        var ids = Set(image, paths.Select(p => (p, stored)).ToList());

        Assert.All(ids, id => Assert.Equal(0x100u, id));
        Assert.Equal(secureBefore, SecureBytes(image));
        AssertVolume(image, before, paths.ToDictionary(p => p, _ => stored), work.Path, 2);
        var info = WriteOracle.Info(image, SecurityFixtures.KeyPath(1));
        Assert.Empty(WriteOracle.Sections(info, "$SECURITY_DESCRIPTOR"));
        var si = Assert.Single(WriteOracle.Sections(info, "$STANDARD_INFORMATION"));
        Assert.Matches(@"Security ID:\s+256 \(0x100\)", si);
        Assert.Contains("Data size:\t\t 72 (0x48)", si, StringComparison.Ordinal);
        Assert.Contains($"MFT Changed Time:\t {Clock.AsNtfsInfoPrints()}", si, StringComparison.Ordinal);

        // The file with an $ATTRIBUTE_LIST no longer lists a $SECURITY_DESCRIPTOR either.
        var links = WriteOracle.Info(image, "/Links/target.txt");
        Assert.NotEmpty(WriteOracle.Sections(links, "$ATTRIBUTE_LIST"));
        Assert.DoesNotContain("SECURITY_DESCRIPTOR", links, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    [InlineData(65536)]
    public void New_descriptors_are_stored_once_and_shared(int clusterSize)
    {
        using var work = new TemporaryDirectory();
        var image = SecurityFixtures.Tree(work.Path, clusterSize);
        var before = Before.Take(image, work.Path);
        var shared = Descriptors.Make(3, 1);
        var other = Descriptors.Make(7, 2);
        var forRoot = Descriptors.Make(2, 3);
        var changes = new List<(string Path, byte[] Descriptor)>();
        changes.AddRange(Enumerable.Range(1, 5).Select(i => (SecurityFixtures.KeyPath(i), shared)));
        changes.Add(("/Keys/Sub", other));
        changes.Add((SecurityFixtures.KeyPath(6), other));
        changes.Add(("/", forRoot));
        changes.Add((SecurityFixtures.KeyPath(7), shared));
        var freeBefore = WriteOracle.FreeClusters(image);

        var ids = Set(image, changes);

        Assert.Equal([0x102u, 0x102, 0x102, 0x102, 0x102, 0x103, 0x103, 0x104, 0x102], ids);
        var expected = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, descriptor) in changes)
        {
            expected[path] = descriptor;
        }

        AssertVolume(image, before, expected, work.Path, 5);

        // The root's legacy descriptor was non-resident: its clusters are free again.
        Assert.Empty(WriteOracle.Sections(SecurityOracle.InfoOf(image, 5), "$SECURITY_DESCRIPTOR"));
        Assert.True(WriteOracle.FreeClusters(image) >= freeBefore, "the root's old descriptor clusters were not freed");
    }

    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    [InlineData(65536)]
    public void Hundreds_of_descriptors_split_both_indexes_and_start_a_new_sds_block_pair(int clusterSize)
    {
        using var work = new TemporaryDirectory();
        var image = SecurityFixtures.Tree(work.Path, clusterSize);
        var before = Before.Take(image, work.Path);
        var changes = Enumerable.Range(1, SecurityFixtures.ManyFiles)
            .Select(i => (Path: SecurityFixtures.ManyPath(i), Descriptor: Descriptors.Make(1 + (i * 7 % 53), 100 + i)))
            .ToList();

        var ids = Set(image, changes);

        Assert.Equal(Enumerable.Range(0x102, changes.Count).Select(i => (uint)i), ids);
        AssertVolume(image, before, changes.ToDictionary(c => c.Path, c => c.Descriptor), work.Path, 2 + changes.Count);

        // Both indexes now have blocks, several of them (splits), and $SDS reaches into its second pair of blocks.
        var secure = SecurityOracle.InfoOf(image, 9);
        foreach (var index in new[] { "$SII", "$SDH" })
        {
            var allocation = WriteOracle.Sections(secure, "$INDEX_ALLOCATION").Single(s => s.Contains($"'{index}'", StringComparison.Ordinal));
            var size = long.Parse(DataSize().Match(allocation).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(size >= 4 * 4096, $"{index} has only {size} bytes of index blocks");
        }

        var sds = WriteOracle.DataSection(secure, "$SDS");
        var sdsSize = long.Parse(DataSize().Match(sds).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(sdsSize > 0xC0000, $"$SDS is only 0x{sdsSize:X} bytes: the entries never left the first block pair");

        // An existing descriptor (deep in the now multi-level indexes) is reused: nothing in $Secure changes.
        var secureBefore = SecureBytes(image);
        var again = Set(image, [(SecurityFixtures.KeyPath(1), changes[200].Descriptor), (SecurityFixtures.KeyPath(2), changes[0].Descriptor)]);
        Assert.Equal([ids[200], ids[0]], again);
        Assert.Equal(secureBefore, SecureBytes(image));
        SecurityOracle.AssertAuditClean(image, recursive: true);
    }

    /// <summary>Sets each descriptor in one writing session and returns the ids.</summary>
    private static List<uint> Set(string image, IReadOnlyList<(string Path, byte[] Descriptor)> changes)
    {
        using var volume = NtfsVolume.OpenForWriting(File.Open(image, FileMode.Open, FileAccess.ReadWrite), Clock, leaveOpen: false);
        return [.. changes.Select(c => volume.SetSecurityDescriptor(c.Path, c.Descriptor))];
    }

    /// <summary>Record 9 and every cluster of $Secure, as the image holds them now.</summary>
    private static byte[] SecureBytes(string image)
    {
        var g = WriteOracle.ReadGeometry(image);
        var info = SecurityOracle.InfoOf(image, 9);
        var runs = WriteOracle.Runs(info, "$DATA", all: true).Concat(WriteOracle.Runs(info, "$INDEX_ALLOCATION", all: true));
        var bytes = File.ReadAllBytes(image);
        var result = new List<byte>();
        var mft = WriteOracle.Runs(WriteOracle.Info(image, "/$MFT"), "$DATA")[0];
        result.AddRange(bytes.AsSpan((int)((mft.Lcn * g.ClusterSize) + (9 * g.RecordSize)), g.RecordSize).ToArray());
        foreach (var run in runs)
        {
            result.AddRange(bytes.AsSpan((int)(run.Lcn * g.ClusterSize), (int)(run.Length * g.ClusterSize)).ToArray());
        }

        return [.. result];
    }

    /// <summary>Everything ntfs-3g should now say, given the volume before and the descriptors set.</summary>
    private static void AssertVolume(string image, Before before, Dictionary<string, byte[]> set, string work, int ids)
    {
        var after = SecurityOracle.All(image, work);
        Assert.Equal(before.Descriptors.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, bytes) in after)
        {
            // The hard links of Links/target.txt are names of the same file: they show its descriptor.
            var file = path.StartsWith("/Links/", StringComparison.Ordinal) ? "/Links/target.txt" : path;
            var expected = set.TryGetValue(file, out var descriptor) ? descriptor : before.Descriptors[path];
            Assert.True(expected.AsSpan().SequenceEqual(bytes), $"{path}: ntfs-3g gives {Convert.ToHexString(bytes)}, expected {Convert.ToHexString(expected)}");
        }

        var audit = SecurityOracle.AssertAuditClean(image, recursive: true);
        Assert.Contains($"{ids} valid entries in $SII", audit, StringComparison.Ordinal);
        Assert.Contains($"{ids} valid entries in $SDH", audit, StringComparison.Ordinal);
        WriteOracle.AssertSound(image);
        WriteOracle.AssertMirrorMatches(image);

        // Only $Secure, the files' records, the mirror and the bitmap changed; the files' data reads as before.
        WriteOracle.AssertChangedOnlyWithin(before.Image, File.ReadAllBytes(image), SecurityOracle.AllowedChanges(image, set.Keys));
        // (Resident data sits in the changed records, so ntfscat compares it; a sample of 40 files is enough.)
        var files = set.Keys.Where(IsFile).ToList();
        files = [.. files.Where((_, i) => i % Math.Max(1, files.Count / 40) == 0)];
        Assert.Equal(Oracle.Cat(before.Path, files, work), Oracle.Cat(image, files, work));

        // Our reader agrees with ntfs-3g on every file.
        using var volume = NtfsVolume.Open(File.OpenRead(image), leaveOpen: false);
        foreach (var (path, bytes) in after)
        {
            Assert.Equal(bytes, volume.ReadSecurityDescriptor(path));
        }
    }

    private static bool IsFile(string path) => Path.GetExtension(path) is ".bin" or ".dat" or ".txt";

    /// <summary>The volume before a change: what ntfs-3g gives for every path, and a copy of the image.</summary>
    private sealed record Before(Dictionary<string, byte[]> Descriptors, byte[] Image, string Path)
    {
        public static Before Take(string image, string work)
        {
            var copy = System.IO.Path.Combine(work, "before-" + System.IO.Path.GetFileName(image));
            File.Copy(image, copy, overwrite: true);
            return new Before(SecurityOracle.All(image, work), File.ReadAllBytes(image), copy);
        }
    }

    [GeneratedRegex(@"Data size:\s+(\d+)")]
    private static partial Regex DataSize();
}
