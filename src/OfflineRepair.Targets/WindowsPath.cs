namespace OfflineRepair.Targets;

/// <summary>Splitting and comparing the Windows-style relative paths targets are addressed with.</summary>
internal static class WindowsPath
{
    /// <summary>The components of a relative path; '/' is accepted too. Rooted paths and ".." are refused so a path never leaves the target.</summary>
    public static string[] Split(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split(['\\', '/'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            if (part == ".." || part.Contains(':', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{path}' is not a path relative to the volume root", nameof(path));
            }
        }

        return parts.Where(part => part != ".").ToArray();
    }

    public static string Join(IEnumerable<string> parts) => string.Join('\\', parts);

    /// <summary>The path with its separators made uniform, for comparisons.</summary>
    public static string Normalize(string path) => Join(Split(path));

    public static bool Equal(string a, string b) =>
        string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

    public static string Parent(string path)
    {
        var parts = Split(path);
        return Join(parts.Take(parts.Length - 1));
    }

    public static string FileName(string path)
    {
        var parts = Split(path);
        return parts.Length == 0 ? "" : parts[^1];
    }
}
