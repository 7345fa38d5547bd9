namespace OfflineRepair.Containers;

/// <summary>
/// Turns the Windows paths a differencing image records for its parent into paths on this machine:
/// backslashes become the local separator, and a relative path is taken from the child's folder
/// (the image may have been downloaded anywhere).
/// </summary>
internal static class ParentPaths
{
    public static string Relative(string childPath, string stored)
    {
        var local = ToLocal(stored);
        var prefix = "." + Path.DirectorySeparatorChar;
        while (local.StartsWith(prefix, StringComparison.Ordinal))
        {
            local = local[prefix.Length..];
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(childPath)) ?? ".";
        return Path.GetFullPath(Path.Combine(folder, local));
    }

    public static string Absolute(string stored) =>
        OperatingSystem.IsWindows() ? stored : ToLocal(stored);

    /// <summary>The last component of a Windows or local path.</summary>
    public static string FileName(string stored)
    {
        var cut = stored.LastIndexOfAny(['\\', '/']);
        return cut < 0 ? stored : stored[(cut + 1)..];
    }

    public static string? FirstExisting(IEnumerable<string> candidates) =>
        candidates.FirstOrDefault(c => c.Length > 0 && File.Exists(c));

    private static string ToLocal(string stored) =>
        stored.Replace('\\', Path.DirectorySeparatorChar).Replace('/', Path.DirectorySeparatorChar);
}
