using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests.Support;

/// <summary>ntfs-3g's ntfsls / ntfscat / ntfsinfo as the independent reading of the same bytes.</summary>
internal static class Oracle
{
    /// <summary>Names ntfsls lists in a directory (long names, system files included, "." and ".." left out).</summary>
    public static SortedSet<string> List(string image, string directory)
    {
        var ntfsls = Tools.Require("ntfsls", "ntfs-3g");
        var result = Tools.Run(ntfsls, ["-a", "-s", "-p", directory, image]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            if (line.Length > 0 && line != "." && line != "..")
            {
                names.Add(line);
            }
        }

        return names;
    }

    /// <summary>sha256 and length of each path per ntfscat, one process per file driven by a shell loop.</summary>
    public static Dictionary<string, (string Sha256, long Length)> Cat(string image, IReadOnlyList<string> paths, string workDir)
    {
        Tools.Require("ntfscat", "ntfs-3g");
        var list = Path.Combine(workDir, "paths.txt");
        File.WriteAllLines(list, paths);
        var tmp = Path.Combine(workDir, "cat.out");
        var result = Tools.Run("/bin/bash", ["-c",
            $"while IFS= read -r p; do ntfscat '{image}' \"$p\" > '{tmp}' || exit 1; printf '%s\\t%s\\t%s\\n' \"$p\" $(stat -c %s '{tmp}') $(sha256sum < '{tmp}' | cut -d' ' -f1); done < '{list}'"]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        var map = new Dictionary<string, (string, long)>(StringComparer.Ordinal);
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t');
            map[parts[0]] = (parts[2], long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }

        return map;
    }

    public static string Sha256(Stream stream) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
}
