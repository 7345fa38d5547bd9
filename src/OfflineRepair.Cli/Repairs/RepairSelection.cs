using OfflineRepair.Repairs;
using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Cli.Repairs;

/// <summary>
/// Turns the REPAIR... words and --all into the catalog's repairs, in the catalog's order. An unknown
/// name lists the valid ones.
/// </summary>
internal static class RepairSelection
{
    public static string ValidNames => string.Join(", ", RepairCatalog.Names);

    /// <summary>fix: names or --all, not both, and at least one of them.</summary>
    public static IReadOnlyList<IRepair> ForFix(IReadOnlyList<string> names, bool all)
    {
        if (all && names.Count > 0)
        {
            throw new BadInputException($"give repair names or --all, not both (--all is {AllNames}).");
        }

        if (all)
        {
            return RepairCatalog.AllSet;
        }

        if (names.Count == 0)
        {
            throw new BadInputException($"name the repairs to make ({ValidNames}) or give --all ({AllNames}), e.g. offline-repair fix F: --all --dry-run. See 'offline-repair fix --help'.");
        }

        return Resolve(names);
    }

    /// <summary>fix --from-diagnosis: the repairs the findings name, in the catalog's order.</summary>
    public static IReadOnlyList<IRepair> ForDiagnosis(IReadOnlyList<string> names) =>
        names.Count == 0 ? [] : Resolve(names);

    /// <summary>check: the names given, or every repair of the catalog when none is.</summary>
    public static IReadOnlyList<IRepair> ForCheck(IReadOnlyList<string> names) =>
        names.Count == 0 ? RepairCatalog.AllSet : Resolve(names);

    private static string AllNames => string.Join(", ", RepairCatalog.AllSet.Select(r => r.Name));

    private static List<IRepair> Resolve(IReadOnlyList<string> names)
    {
        var chosen = new List<IRepair>();
        foreach (var name in names)
        {
            var repair = RepairCatalog.Find(name);
            if (repair is null)
            {
                throw new BadInputException($"'{name}' is not a repair: the repairs are {ValidNames}.");
            }

            if (!chosen.Contains(repair))
            {
                chosen.Add(repair);
            }
        }

        // The catalog's order, whatever the order on the line: the plan reads the same every time.
        return RepairCatalog.All.Where(chosen.Contains).ToList();
    }
}
