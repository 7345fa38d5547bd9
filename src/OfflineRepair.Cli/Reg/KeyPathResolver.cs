using OfflineRepair.Registry;
using OfflineRepair.Registry.Names;

namespace OfflineRepair.Cli.Reg;

/// <summary>
/// Reads the KEY argument of the reg commands. A hive file has no HKLM\NAME above it, but people
/// type paths as reg.exe takes them after 'reg load', so KEY may start with a prefix naming where the
/// hive would be loaded; the rule (also in 'reg --help', <see cref="RegHelpText.KeyRule"/>):
/// <list type="number">
/// <item>HKLM\NAME\ or HKU\NAME\ (also spelled HKEY_LOCAL_MACHINE, HKEY_USERS): NAME is the mount
/// name and the rest is below the hive's root, unless NAME is not a known mount name (below) and
/// NAME\rest is an existing key.</item>
/// <item>HKCU\, HKCR\, HKCC\ (or their long names): the rest is below the hive's root.</item>
/// <item>No such root: the path as written is below the hive's root. If that key does not exist and the
/// first name is a known mount name — the hive's stored root key name (ROOT, CMI-CreateHive{...},
/// NewStoreRoot ...), the hive's file name with or without extension, or a standard hive name
/// (SYSTEM, SOFTWARE ...) — the path without it is meant.</item>
/// </list>
/// For a key that may not exist yet (reg add) the reading under which more of the path already exists
/// wins, and on a tie the one with the prefix dropped.
/// </summary>
internal sealed class KeyPathResolver
{
    /// <summary>Names Windows mounts hives under (HKLM\SYSTEM ...), and the BCD store's key.</summary>
    public static readonly IReadOnlyList<string> StandardHiveNames =
        ["SYSTEM", "SOFTWARE", "SAM", "SECURITY", "DEFAULT", "COMPONENTS", "DRIVERS", "ELAM", "BCD00000000"];

    private static readonly PredefinedRoot[] PredefinedRoots =
    [
        new("HKLM", "HKEY_LOCAL_MACHINE", HasMountName: true),
        new("HKU", "HKEY_USERS", HasMountName: true),
        new("HKCU", "HKEY_CURRENT_USER", HasMountName: false),
        new("HKCR", "HKEY_CLASSES_ROOT", HasMountName: false),
        new("HKCC", "HKEY_CURRENT_CONFIG", HasMountName: false),
    ];

    private const string DefaultRoot = "HKEY_LOCAL_MACHINE";

    private readonly Hive _hive;
    private readonly string _hiveName;

    public KeyPathResolver(Hive hive, string hivePath)
    {
        ArgumentNullException.ThrowIfNull(hive);
        ArgumentNullException.ThrowIfNull(hivePath);
        _hive = hive;
        _hiveName = Path.GetFileName(hivePath);
    }

    /// <summary>Where the hive's root shows when KEY names no mount: HKEY_LOCAL_MACHINE\ and the stored root name.</summary>
    public string DefaultDisplayRoot => DefaultRoot + "\\" + _hive.RootName;

    /// <summary>The hive's root key, shown under <see cref="DefaultDisplayRoot"/>.</summary>
    public ResolvedKey Root => new(DefaultDisplayRoot, "", _hive.Root);

    /// <summary>An existing key; a KEY that names none is bad input.</summary>
    public ResolvedKey Find(string keyArgument)
    {
        var readings = Readings(keyArgument);
        foreach (var reading in readings)
        {
            var key = _hive.Root.OpenKey(reading.Path);
            if (key is not null)
            {
                return new ResolvedKey(reading.DisplayRoot, key.Path, key);
            }
        }

        var tried = string.Join(" or ", readings.Select(r => r.Path.Length == 0 ? "the root key" : "'" + r.Path + "'"));
        throw new BadInputException(
            $"key '{keyArgument}' does not exist in {_hiveName} (looked for {tried} below its root key {_hive.RootName}). " +
            $"See what is there with: offline-repair reg query {_hiveName}");
    }

    /// <summary>The key KEY names, or where it would be created (then <see cref="ResolvedKey.Key"/> is null).</summary>
    public ResolvedKey ForCreate(string keyArgument)
    {
        var readings = Readings(keyArgument);
        Reading? best = null;
        int bestExisting = -1;
        foreach (var reading in readings)
        {
            var names = reading.Names;
            int existing = ExistingDepth(names);
            if (existing == names.Count)
            {
                var key = _hive.Root.OpenKey(reading.Path)!;
                return new ResolvedKey(reading.DisplayRoot, key.Path, key);
            }

            // On a tie the reading with the prefix dropped wins: "SYSTEM\New" in a SYSTEM hive means New.
            if (existing > bestExisting || (existing == bestExisting && reading.PrefixDropped))
            {
                best = reading;
                bestExisting = existing;
            }
        }

        foreach (var name in best!.Names)
        {
            if (name.Length > RegistryKey.MaxNameLength)
            {
                throw new BadInputException($"key name '{name[..40]}...' is {name.Length} characters long; Windows allows at most {RegistryKey.MaxNameLength}.");
            }
        }

        return new ResolvedKey(best.DisplayRoot, best.Path, null);
    }

    /// <summary>The possible readings of KEY, in the order they are preferred when both exist.</summary>
    private List<Reading> Readings(string keyArgument)
    {
        var parts = keyArgument.Split('\\', StringSplitOptions.RemoveEmptyEntries);
        var root = parts.Length > 0 ? PredefinedRoots.FirstOrDefault(r => r.Matches(parts[0])) : null;
        var rest = root is null ? parts : parts[1..];
        var readings = new List<Reading>();

        if (root is { HasMountName: true })
        {
            if (rest.Length == 0)
            {
                readings.Add(new Reading(root.LongName + "\\" + _hive.RootName, [], PrefixDropped: false));
                return readings;
            }

            var mounted = new Reading(root.LongName + "\\" + rest[0], rest[1..], PrefixDropped: true);
            var asWritten = new Reading(root.LongName + "\\" + _hive.RootName, rest, PrefixDropped: false);

            // HKLM\SYSTEM is the mount point of a SYSTEM hive, but HKLM\Select in one means its key Select.
            readings.AddRange(IsKnownMountName(rest[0]) ? [mounted, asWritten] : [asWritten, mounted]);
            return readings;
        }

        string asWrittenRoot = root?.LongName ?? DefaultDisplayRoot;
        readings.Add(new Reading(asWrittenRoot, rest, PrefixDropped: false));
        if (rest.Length > 0 && IsKnownMountName(rest[0]))
        {
            readings.Add(new Reading(root?.LongName ?? (DefaultRoot + "\\" + rest[0]), rest[1..], PrefixDropped: true));
        }

        return readings;
    }

    private bool IsKnownMountName(string name) =>
        RegistryNameComparer.NamesEqual(name, _hive.RootName) ||
        RegistryNameComparer.NamesEqual(name, _hiveName) ||
        RegistryNameComparer.NamesEqual(name, Path.GetFileNameWithoutExtension(_hiveName)) ||
        StandardHiveNames.Any(standard => RegistryNameComparer.NamesEqual(name, standard));

    /// <summary>How many leading names of the path already exist as keys.</summary>
    private int ExistingDepth(IReadOnlyList<string> names)
    {
        var key = _hive.Root;
        for (int i = 0; i < names.Count; i++)
        {
            key = key.OpenSubkey(names[i]);
            if (key is null)
            {
                return i;
            }
        }

        return names.Count;
    }

    private sealed record PredefinedRoot(string ShortName, string LongName, bool HasMountName)
    {
        public bool Matches(string name) =>
            string.Equals(name, ShortName, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(name, LongName, StringComparison.OrdinalIgnoreCase);
    }

    private sealed record Reading(string DisplayRoot, IReadOnlyList<string> Names, bool PrefixDropped)
    {
        public string Path => string.Join('\\', Names);
    }
}
