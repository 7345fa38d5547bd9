using System.Text.RegularExpressions;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Fat.Tests;

/// <summary>Builds FAT images with dosfstools and mtools (independent of our reader) and reads them back with mtools.</summary>
internal static partial class FatImages
{
    public static string Mkfs => Tools.Require("mkfs.fat", "dosfstools");

    /// <summary>A fresh image: <paramref name="fatBits"/> 16 or 32, <paramref name="sectorsPerCluster"/> 0 for mkfs's choice.</summary>
    public static string Format(TemporaryDirectory dir, string name, int fatBits, int sizeKiB, int sectorsPerCluster = 0, int sectorSize = 512)
    {
        var image = dir.File(name);
        var arguments = new List<string> { "-C", "-F", fatBits.ToString(), "-S", sectorSize.ToString(), "-i", "12345678", "-n", "TESTVOL" };
        if (sectorsPerCluster > 0)
        {
            arguments.AddRange(["-s", sectorsPerCluster.ToString()]);
        }

        arguments.AddRange([image, sizeKiB.ToString()]);
        Check(Tools.Run(Mkfs, arguments), "mkfs.fat");
        return image;
    }

    public static void Mtools(string tool, string image, params string[] arguments)
    {
        var path = Tools.Require(tool, "mtools");
        Environment.SetEnvironmentVariable("MTOOLS_SKIP_CHECK", "1");
        Check(Tools.Run(path, ["-i", image, .. arguments]), tool);
    }

    /// <summary>Exact bytes of a file as mtools reads it (mcopy copies binary-safe; mtype might translate).</summary>
    public static byte[] ReadWithMtools(TemporaryDirectory dir, string image, string path)
    {
        var output = dir.File("out-" + Guid.NewGuid().ToString("N"));
        Mtools("mcopy", image, "-n", "::" + path, output);
        var bytes = File.ReadAllBytes(output);
        File.Delete(output);
        return bytes;
    }

    /// <summary>
    /// The listing of a folder by <c>mdir -a</c>: each entry's name (long name when shown, else the
    /// displayed short name) and its size, -1 for folders; "." and ".." left out.
    /// </summary>
    public static List<(string Name, long Size)> Mdir(string image, string path)
    {
        var mdir = Tools.Require("mdir", "mtools");
        Environment.SetEnvironmentVariable("MTOOLS_SKIP_CHECK", "1");
        var result = Tools.Run(mdir, ["-a", "-i", image, "::" + path]);
        Check(result, "mdir");
        var entries = new List<(string, long)>();
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            var match = MdirLine().Match(line.TrimEnd('\r'));
            if (!match.Success)
            {
                continue;
            }

            var baseName = match.Groups["base"].Value.TrimEnd();
            var extension = match.Groups["ext"].Value.TrimEnd();
            if (baseName is "." or "..")
            {
                continue;
            }

            var name = match.Groups["long"].Success ? match.Groups["long"].Value : (extension.Length == 0 ? baseName : baseName + "." + extension);
            var size = match.Groups["size"].Value == "<DIR>" ? -1 : long.Parse(match.Groups["size"].Value);
            entries.Add((name, size));
        }

        return entries;
    }

    public static void FsckClean(string image)
    {
        var fsck = Tools.Require("fsck.fat", "dosfstools");
        var result = Tools.Run(fsck, ["-n", image]);
        Assert.True(result.ExitCode == 0, $"fsck.fat -n found problems in the fixture: {result.StandardOutput}{result.StandardError}");
    }

    /// <summary>
    /// <c>fsck.fat -n -v</c> must find nothing (it checks chains against sizes, lost and
    /// cross-linked clusters, FAT copies, and FSInfo's free count): returns the used and total
    /// cluster counts of its summary line.
    /// </summary>
    public static (long Used, long Total) FsckVerboseClean(string image)
    {
        var fsck = Tools.Require("fsck.fat", "dosfstools");
        var result = Tools.Run(fsck, ["-n", "-v", image]);
        Assert.True(result.ExitCode == 0, $"fsck.fat -n -v found problems: {result.StandardOutput}{result.StandardError}");
        var summary = FsckSummary().Match(result.StandardOutput);
        Assert.True(summary.Success, $"no summary line in fsck.fat's output: {result.StandardOutput}");
        return (long.Parse(summary.Groups["used"].Value), long.Parse(summary.Groups["total"].Value));
    }

    /// <summary>What <c>fsck.fat -n</c> complains about: its output less the version, closing and summary lines.</summary>
    public static List<string> FsckProblems(string image)
    {
        var fsck = Tools.Require("fsck.fat", "dosfstools");
        var result = Tools.Run(fsck, ["-n", image]);
        var problems = (result.StandardOutput + "\n" + result.StandardError)
            .Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0
                && !line.StartsWith("fsck.fat ", StringComparison.Ordinal)
                && line != "Leaving filesystem unchanged."
                && !FsckSummary().IsMatch(line))
            .ToList();
        Assert.True(result.ExitCode == 0 || problems.Count > 0, $"fsck.fat failed ({result.ExitCode}) without saying why: {result.StandardOutput}{result.StandardError}");
        return problems;
    }

    /// <summary>The date and time <c>mdir</c> shows for a file, as it prints them ("2031-07-15  13:44").</summary>
    public static string MdirStamp(string image, string path)
    {
        var mdir = Tools.Require("mdir", "mtools");
        Environment.SetEnvironmentVariable("MTOOLS_SKIP_CHECK", "1");
        var result = Tools.Run(mdir, ["-a", "-i", image, "::" + path]);
        Check(result, "mdir");
        var match = MdirStampPattern().Match(result.StandardOutput);
        Assert.True(match.Success, $"no date in mdir's listing of {path}: {result.StandardOutput}");
        return match.Groups["date"].Value + " " + match.Groups["time"].Value;
    }

    private static void Check(ToolResult result, string tool) =>
        Assert.True(result.ExitCode == 0, $"{tool} failed ({result.ExitCode}): {result.StandardError}{result.StandardOutput}");

    [GeneratedRegex(@"^(?<base>.{8}) (?<ext>.{3}) +(?<size><DIR>|\d+) +\d{4}-\d{2}-\d{2} +\d{1,2}:\d{2}(?:  (?<long>.+?))?\s*$")]
    private static partial Regex MdirLine();

    [GeneratedRegex(@" (?<date>\d{4}-\d{2}-\d{2}) +(?<time>\d{1,2}:\d{2})")]
    private static partial Regex MdirStampPattern();

    [GeneratedRegex(@": \d+ files?, (?<used>\d+)/(?<total>\d+) clusters")]
    private static partial Regex FsckSummary();
}
