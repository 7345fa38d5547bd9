using System.Globalization;

namespace OfflineRepair.Cli.Hives;

/// <summary>
/// Copies a hive and its transaction logs (NAME.LOG1, NAME.LOG2, NAME.LOG, any letter case) before a
/// command writes to it: each file F becomes F.yyyyMMdd-HHmmss.bak (local time) beside it, or in the
/// chosen folder. An existing backup is never overwritten: a second one in the same second gets -2, -3 ...
/// </summary>
internal static class HiveBackup
{
    private static readonly string[] LogSuffixes = [".LOG1", ".LOG2", ".LOG"];

    /// <summary>Copies the files and returns the backup paths, the hive's first.</summary>
    public static IReadOnlyList<string> Create(string hivePath, string? backupDirectory, DateTime now)
    {
        var hive = Path.GetFullPath(hivePath);
        var folder = backupDirectory is null ? Path.GetDirectoryName(hive)! : Path.GetFullPath(backupDirectory);
        Directory.CreateDirectory(folder);
        string stamp = now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

        var copies = new List<string>();
        foreach (var source in new[] { hive }.Concat(LogsBeside(hive)))
        {
            copies.Add(CopyOnce(source, folder, stamp));
        }

        return copies;
    }

    /// <summary>The transaction logs beside a hive, as the engine looks for them.</summary>
    public static IEnumerable<string> LogsBeside(string hivePath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(hivePath))!;
        var name = Path.GetFileName(hivePath);
        foreach (var candidate in Directory.EnumerateFiles(folder))
        {
            var candidateName = Path.GetFileName(candidate);
            if (LogSuffixes.Any(suffix => string.Equals(candidateName, name + suffix, StringComparison.OrdinalIgnoreCase)))
            {
                yield return candidate;
            }
        }
    }

    private static string CopyOnce(string source, string folder, string stamp)
    {
        var baseName = Path.Combine(folder, $"{Path.GetFileName(source)}.{stamp}");
        var (target, output) = CreateNew(baseName);
        using (output)
        {
            // The hive is already open for writing by this process: share it, or Windows refuses the read.
            using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            input.CopyTo(output);
            output.Flush(flushToDisk: true);
        }

        return target;
    }

    private static (string Path, FileStream Stream) CreateNew(string baseName)
    {
        for (int attempt = 1; ; attempt++)
        {
            var target = attempt == 1 ? baseName + ".bak" : $"{baseName}-{attempt}.bak";
            try
            {
                return (target, new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None));
            }
            catch (IOException) when (File.Exists(target) && attempt < 100)
            {
                // Taken by an earlier backup made in the same second: try the next suffix.
            }
        }
    }
}
