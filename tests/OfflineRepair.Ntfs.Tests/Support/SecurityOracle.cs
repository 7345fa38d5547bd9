using System.Text.RegularExpressions;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests.Support;

/// <summary>What ntfs-3g says about security descriptors: the bytes its FUSE mount gives as the
/// <c>system.ntfs_acl</c> extended attribute, and <c>ntfssecaudit</c>'s audit of $Secure.</summary>
internal static partial class SecurityOracle
{
    /// <summary>The descriptor bytes ntfs-3g gives for every path under the read-only mounted volume (relative
    /// paths with '/', the root as "/"), by one <c>getfattr -R</c>.</summary>
    public static Dictionary<string, byte[]> All(string image, string workDirectory)
    {
        var getfattr = Tools.Require("getfattr", "attr");
        using var mount = NtfsMount.Open(image, Path.Combine(workDirectory, "mnt-" + Guid.NewGuid().ToString("N")[..8]));
        var result = Tools.Run(getfattr, ["-R", "--absolute-names", "-n", "system.ntfs_acl", "-e", "hex", mount.Path], timeoutSeconds: 120);
        Assert.True(result.ExitCode == 0, $"getfattr: {result.StandardError}");
        var map = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (Match m in Entry().Matches(result.StandardOutput))
        {
            var path = m.Groups[1].Value;
            var relative = path == mount.Path ? "/" : path[mount.Path.Length..];
            map[relative] = Convert.FromHexString(m.Groups[2].Value);
        }

        Assert.True(map.ContainsKey("/"), $"getfattr listed nothing for the root:\n{result.StandardOutput[..Math.Min(2000, result.StandardOutput.Length)]}");
        return map;
    }

    /// <summary>The descriptor ntfs-3g gives for each of <paramref name="paths"/> (hidden metadata files included).</summary>
    public static Dictionary<string, byte[]> Of(string image, IReadOnlyList<string> paths, string workDirectory)
    {
        var getfattr = Tools.Require("getfattr", "attr");
        using var mount = NtfsMount.Open(image, Path.Combine(workDirectory, "mnt-" + Guid.NewGuid().ToString("N")[..8]));
        var result = Tools.Run(getfattr, ["--absolute-names", "-n", "system.ntfs_acl", "-e", "hex", .. paths.Select(p => mount.Path + p)], timeoutSeconds: 120);
        Assert.True(result.ExitCode == 0, $"getfattr: {result.StandardError}");
        var map = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (Match m in Entry().Matches(result.StandardOutput))
        {
            map[m.Groups[1].Value[mount.Path.Length..]] = Convert.FromHexString(m.Groups[2].Value);
        }

        return map;
    }

    /// <summary>
    /// <c>ntfssecaudit -a</c> (with <paramref name="recursive"/>, <c>-ar</c>: every file's id checked too): exit status
    /// 0, every key present in every list, no error line. One message is not counted: "Security attribute is too
    /// long ... stopping" right after the last valid entry of an $SDS copy that found every entry. ntfssecaudit
    /// reads a header past the end of $SDS there (the stream ends with the last entry, not on a 16-byte boundary);
    /// it says so on volumes written by Windows (the corpus's ntfs-lastaccess) and by ntfs-3g itself alike.
    /// </summary>
    public static string AssertAuditClean(string image, bool recursive)
    {
        var audit = Tools.Require("ntfssecaudit", "ntfs-3g");
        var result = Tools.Run(audit, [recursive ? "-ar" : "-a", image], timeoutSeconds: 120);
        var output = result.StandardOutput + result.StandardError;
        Assert.True(result.ExitCode == 0, $"ntfssecaudit {(recursive ? "-ar" : "-a")} exited {result.ExitCode}:\n{Tail(output)}");
        Assert.Contains("All keys are present in all lists", output, StringComparison.Ordinal);
        Assert.Contains("No errors were found", output, StringComparison.Ordinal);
        var quirks = 0;
        foreach (var section in output.Split("\nAuditing ").Skip(1))
        {
            var title = section[..section.IndexOf('\n', StringComparison.Ordinal)];
            var errors = ErrorCount().Match(section);
            Assert.True(errors.Success, $"no error count for {title}:\n{section}");
            if (errors.Groups[1].Value == "0")
            {
                continue;
            }

            var lines = section.Split('\n');
            var stop = Array.FindIndex(lines, l => l.StartsWith("** Security attribute is too long (", StringComparison.Ordinal));
            var valid = lines.Select(l => ValidEntry().Match(l)).Where(m => m.Success).ToList();
            var counted = ValidCount().Match(section);
            Assert.True(
                title.StartsWith("$SDS-", StringComparison.Ordinal) && errors.Groups[1].Value == "1" && stop > 0
                    && ValidEntry().IsMatch(lines[stop - 1]) && counted.Success
                    && int.Parse(counted.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) == valid.Count
                    && lines.Count(l => l.StartsWith("**", StringComparison.Ordinal)) == 1,
                $"ntfssecaudit reports errors in {title}:\n{section}");
            quirks++;
        }

        Assert.DoesNotContain("** ", output.Replace("** Security attribute is too long (", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(quirks <= 2, output);
        return output;
    }

    /// <summary><c>ntfsinfo -v -i</c>: the dump of an inode by number (metadata files included).</summary>
    public static string InfoOf(string image, long inode)
    {
        var ntfsinfo = Tools.Require("ntfsinfo", "ntfs-3g");
        var result = Tools.Run(ntfsinfo, ["-v", "-i", inode.ToString(System.Globalization.CultureInfo.InvariantCulture), image]);
        Assert.True(result.ExitCode == 0, $"ntfsinfo -i {inode}: {result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>The MFT records ntfsinfo says hold the file's attributes (its base record and any extension records).</summary>
    public static SortedSet<long> Records(string info) =>
        [.. FromRecord().Matches(info).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>
    /// Byte ranges of the image a descriptor change may touch, from ntfs-3g's view after the change: every cluster
    /// of $Secure ($SDS and both indexes' blocks), record 9 and the records of <paramref name="paths"/> in $MFT,
    /// $MFTMirr's clusters, $Bitmap's clusters, and the clusters of those files' non-resident $ATTRIBUTE_LISTs (which
    /// list the legacy descriptor the change removes).
    /// </summary>
    public static List<(long Start, long Length)> AllowedChanges(string image, IEnumerable<string> paths)
    {
        var g = WriteOracle.ReadGeometry(image);
        var secure = InfoOf(image, 9);
        var allowed = new List<(long Start, long Length)>();
        allowed.AddRange(WriteOracle.Clusters(WriteOracle.Runs(secure, "$DATA", all: true), g.ClusterSize));
        allowed.AddRange(WriteOracle.Clusters(WriteOracle.Runs(secure, "$INDEX_ALLOCATION", all: true), g.ClusterSize));
        allowed.AddRange(WriteOracle.Clusters(WriteOracle.Runs(WriteOracle.Info(image, "/$Bitmap"), "$DATA"), g.ClusterSize));
        allowed.AddRange(WriteOracle.Clusters(WriteOracle.Runs(WriteOracle.Info(image, "/$MFTMirr"), "$DATA"), g.ClusterSize));
        var mft = WriteOracle.Runs(WriteOracle.Info(image, "/$MFT"), "$DATA");
        var records = new SortedSet<long> { 9 };
        foreach (var path in paths)
        {
            var info = path == "/" ? InfoOf(image, 5) : WriteOracle.Info(image, path);
            records.UnionWith(Records(info));
            allowed.AddRange(WriteOracle.Clusters(WriteOracle.Runs(info, "$ATTRIBUTE_LIST"), g.ClusterSize));
        }

        foreach (var record in records)
        {
            var vcn = record * g.RecordSize / g.ClusterSize;
            var run = mft.First(r => vcn >= r.Vcn && vcn < r.Vcn + r.Length);
            allowed.Add(((run.Lcn * g.ClusterSize) + (record * g.RecordSize) - (run.Vcn * g.ClusterSize), g.RecordSize));
        }

        return allowed;
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    [GeneratedRegex(@"^# file: (.*)\nsystem\.ntfs_acl=0x([0-9a-fA-F]*)$", RegexOptions.Multiline)]
    private static partial Regex Entry();

    [GeneratedRegex(@"from mft record (\d+)")]
    private static partial Regex FromRecord();

    [GeneratedRegex(@"^(\d+) errors? in ", RegexOptions.Multiline)]
    private static partial Regex ErrorCount();

    [GeneratedRegex(@"^Valid entry at 0x[0-9a-f]+ for key 0x[0-9a-f]+$")]
    private static partial Regex ValidEntry();

    [GeneratedRegex(@"^(\d+) valid and \d+ deleted entries", RegexOptions.Multiline)]
    private static partial Regex ValidCount();
}
