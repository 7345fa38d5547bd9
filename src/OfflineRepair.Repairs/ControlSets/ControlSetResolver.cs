using System.Globalization;
using System.Text.RegularExpressions;
using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.ControlSets;

/// <summary>
/// Decides which ControlSet00N keys the SYSTEM repairs edit. An offline hive has no
/// CurrentControlSet (the kernel makes that link at boot from Select), so the article's
/// "CurrentControlSet" means the sets Select names. A set is never created: the article's blind
/// <c>reg add ...ControlSet002...</c> makes an orphan tree Windows never reads.
/// </summary>
public static partial class ControlSetResolver
{
    public static ControlSetChoice Resolve(Hive system, ControlSetSelection mode)
    {
        ArgumentNullException.ThrowIfNull(system);
        var select = SelectValues.Read(system)
            ?? throw new RepairException(
                "the SYSTEM hive has no Select key: cannot tell which control set Windows uses; " +
                "check that the file is a SYSTEM hive, or use --control-sets all to edit every ControlSet00N present");

        var present = PresentSets(system);
        var roles = RolesBySet(select);
        var chosen = new List<string>();
        var skipped = new List<string>();

        if (mode == ControlSetSelection.All)
        {
            chosen.AddRange(present);
        }
        else
        {
            foreach (var (name, setRoles) in roles)
            {
                var existing = present.FirstOrDefault(p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));
                if (existing is null)
                {
                    skipped.Add($"Select names {name} ({string.Join(", ", setRoles)}), which does not exist: skipped");
                }
                else
                {
                    chosen.Add(existing);
                }
            }
        }

        if (chosen.Count == 0)
        {
            var why = present.Count == 0 ? "the SYSTEM hive holds no ControlSet00N key" : $"Select names no existing control set (present: {string.Join(", ", present)})";
            throw new RepairException($"{why}: there is no control set to repair; use --control-sets all to edit every ControlSet00N present");
        }

        chosen.Sort(StringComparer.OrdinalIgnoreCase);
        var described = chosen.Select(set =>
            roles.TryGetValue(set, out var setRoles) ? $"{set} ({string.Join(", ", setRoles)})" : set);
        var note = string.Join(", ", described);
        if (skipped.Count > 0)
        {
            note += "; " + string.Join("; ", skipped);
        }

        return new ControlSetChoice(chosen, note, skipped, select, present);
    }

    /// <summary>Every ControlSet with a three-digit number at the root, in name order.</summary>
    public static IReadOnlyList<string> PresentSets(Hive system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.Root.GetSubkeys()
            .Select(k => k.Name)
            .Where(n => ControlSetName().IsMatch(n))
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>The key name Windows builds from a Select number (ControlSet%03d).</summary>
    public static string NameOf(uint number) => "ControlSet" + number.ToString("D3", CultureInfo.InvariantCulture);

    private static SortedDictionary<string, List<string>> RolesBySet(SelectValues select)
    {
        var roles = new SortedDictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (role, number) in select.Roles())
        {
            var name = NameOf(number);
            if (!roles.TryGetValue(name, out var list))
            {
                roles[name] = list = [];
            }

            list.Add(role);
        }

        return roles;
    }

    [GeneratedRegex(@"^ControlSet\d{3}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ControlSetName();
}
