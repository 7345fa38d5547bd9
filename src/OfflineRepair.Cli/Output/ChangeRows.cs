using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Cli.Output;

/// <summary>How one planned change reads in a table: its value column and what happens to it.</summary>
internal static class ChangeRows
{
    public const string Arrow = "→";

    public static string HiveName(HiveKind hive) => HivePaths.Name(hive);

    /// <summary>The value's name ("(Default)" for the unnamed one), or "" for a change to a whole key.</summary>
    public static string ValueColumn(PlannedChange change) => change switch
    {
        SetValueChange set => set.ValueName.Length == 0 ? "(Default)" : set.ValueName,
        _ => "",
    };

    /// <summary>"0x0 → 0x1", "(absent) → 0x1", "key created", "key deleted (detail)".</summary>
    public static string What(PlannedChange change) => change switch
    {
        SetValueChange set => $"{ValueText.Show(set.OldType, set.OldData)} {Arrow} {ValueText.Show(set.NewType, set.NewData)}{TypeChange(set)}",
        CreateKeyChange => "key created",
        DeleteKeyChange delete => delete.Detail.Length == 0 ? "key deleted" : $"key deleted ({delete.Detail})",
        _ => change.GetType().Name,
    };

    /// <summary>The header and rows of a list of changes.</summary>
    public static TextTable Table(IEnumerable<PlannedChange> changes)
    {
        var table = new TextTable("REPAIR", "HIVE", "KEY", "VALUE", "CHANGE");
        foreach (var change in changes)
        {
            table.Add(change.Repair, HiveName(change.Hive), change.KeyPath, ValueColumn(change), What(change));
        }

        return table;
    }

    private static string TypeChange(SetValueChange set) =>
        set.OldType is { } old && old != set.NewType
            ? $" ({ValueText.TypeName(old)} {Arrow} {ValueText.TypeName(set.NewType)})"
            : "";
}
