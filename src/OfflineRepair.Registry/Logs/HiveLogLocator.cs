namespace OfflineRepair.Registry.Logs;

/// <summary>Finds the transaction logs Windows keeps next to a hive file.</summary>
public static class HiveLogLocator
{
    // LOG1/LOG2 are the Vista+ dual logs; a lone .LOG is the XP-era log (or an empty placeholder).
    private static readonly string[] Suffixes = [".LOG1", ".LOG2", ".LOG"];

    /// <summary>
    /// Reads NAME.LOG1, NAME.LOG2 and NAME.LOG beside <paramref name="hivePath"/>, in that order.
    /// Names match in any letter case, because Windows treats them case-insensitively and copies made
    /// by other tools often change the case (SYSTEM beside system.log1). On a case-sensitive file
    /// system several spellings may exist; all are returned, the exact spelling first. Zero-byte files
    /// are returned too (recovery finds them unusable); a missing folder gives an empty list.
    /// </summary>
    public static IReadOnlyList<HiveLogFile> FindBeside(string hivePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(hivePath);
        var fullPath = Path.GetFullPath(hivePath);
        var directory = Path.GetDirectoryName(fullPath);
        var hiveName = Path.GetFileName(fullPath);
        if (string.IsNullOrEmpty(directory) || string.IsNullOrEmpty(hiveName) || !Directory.Exists(directory))
        {
            return [];
        }

        string[] entries;
        try
        {
            entries = Directory.GetFiles(directory);
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }

        var found = new List<HiveLogFile>();
        foreach (var suffix in Suffixes)
        {
            var wanted = hiveName + suffix;
            var matches = entries
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(name => string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase))
                .OrderBy(name => string.Equals(name, wanted, StringComparison.Ordinal) ? 0 : 1)
                .ThenBy(name => name, StringComparer.Ordinal);
            foreach (var name in matches)
            {
                var log = TryRead(Path.Combine(directory, name));
                if (log is not null)
                {
                    found.Add(log);
                }
            }
        }

        return found;
    }

    private static HiveLogFile? TryRead(string path)
    {
        try
        {
            return new HiveLogFile(Path.GetFileName(path), File.ReadAllBytes(path));
        }
        catch (FileNotFoundException)
        {
            // Deleted between listing and reading: as if it had never been there.
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }
}
