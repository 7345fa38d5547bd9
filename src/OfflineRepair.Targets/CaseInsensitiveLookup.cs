namespace OfflineRepair.Targets;

/// <summary>
/// Picks, among the names a folder holds, the one a Windows name means. Windows ignores case, but a
/// Windows volume mounted on Linux (ntfs-3g, ntfs3) is case-sensitive and keeps whatever case Windows
/// wrote (<c>windows/System32/CONFIG/system</c>), so names are matched in any case; when several
/// differ only in case, the exact spelling wins, then the first in ordinal order so the choice is stable.
/// </summary>
internal static class CaseInsensitiveLookup
{
    public static string? Pick(IEnumerable<string> names, string wanted)
    {
        string? best = null;
        foreach (var name in names)
        {
            if (string.Equals(name, wanted, StringComparison.Ordinal))
            {
                return name;
            }

            if (string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase)
                && (best is null || string.CompareOrdinal(name, best) < 0))
            {
                best = name;
            }
        }

        return best;
    }

    /// <summary>Every name equal to <paramref name="wanted"/> in any case, the exact spelling first.</summary>
    public static IEnumerable<string> All(IEnumerable<string> names, string wanted) =>
        names.Where(name => string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase))
            .OrderBy(name => string.Equals(name, wanted, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(name => name, StringComparer.Ordinal);
}
