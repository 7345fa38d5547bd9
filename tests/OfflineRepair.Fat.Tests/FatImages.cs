using System.Text.RegularExpressions;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Fat.Tests;

/// <summary>Builds FAT images with dosfstools and mtools (independent of our reader) and reads them back with mtools.</summary>
internal static partial class FatImages
{
    public static string Mkfs => Tools.Require("mkfs.fat", "dosfstools");

    /// <summary>A fresh image: <paramref name="fatBits"/> 16 or 32, <paramref name="sectorsPerCluster"/> 0 for mkfs's choice.</summary>
    public static string Format(TemporaryDirectory dir, string name, int fatBits, int sizeKiB, int sectorsPerCluster = 0)
    {
        var image = dir.File(name);
        var arguments = new List<string> { "-C", "-F", fatBits.ToString(), "-S", "512", "-i", "12345678", "-n", "TESTVOL" };
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

    private static void Check(ToolResult result, string tool) =>
        Assert.True(result.ExitCode == 0, $"{tool} failed ({result.ExitCode}): {result.StandardError}{result.StandardOutput}");

    [GeneratedRegex(@"^(?<base>.{8}) (?<ext>.{3}) +(?<size><DIR>|\d+) +\d{4}-\d{2}-\d{2} +\d{1,2}:\d{2}(?:  (?<long>.+?))?\s*$")]
    private static partial Regex MdirLine();
}
