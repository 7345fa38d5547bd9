using System.Text.RegularExpressions;
using OfflineRepair.Registry;

namespace OfflineRepair.Targets;

/// <summary>Tells a SYSTEM, SOFTWARE or BCD hive from its top-level keys.</summary>
public static partial class HiveContent
{
    public static HiveFileKind Detect(Hive hive)
    {
        ArgumentNullException.ThrowIfNull(hive);
        var topLevel = hive.Root.GetSubkeys().Select(k => k.Name).ToList();
        bool Has(string name) => topLevel.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

        if (Has("Select") && topLevel.Any(n => ControlSetName().IsMatch(n)))
        {
            return HiveFileKind.System;
        }

        if (hive.OpenKey(@"Microsoft\Windows NT\CurrentVersion") is not null || (Has("Microsoft") && Has("Classes")))
        {
            return HiveFileKind.Software;
        }

        if (Has("Objects") && Has("Description"))
        {
            return HiveFileKind.Bcd;
        }

        return HiveFileKind.Unknown;
    }

    /// <summary>
    /// Reads a hive file to tell its kind. Opened read-only and forced past a missing log, because
    /// only the key names matter here; throws <see cref="HiveFormatException"/> for a file that is no hive.
    /// </summary>
    public static HiveFileKind DetectFile(string path)
    {
        using var hive = Hive.Open(path, new HiveOpenOptions { ForceDirty = true });
        return Detect(hive);
    }

    [GeneratedRegex("^ControlSet[0-9]{3}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ControlSetName();
}
