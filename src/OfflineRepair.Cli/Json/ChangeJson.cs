using OfflineRepair.Cli.Output;
using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Cli.Json;

/// <summary>
/// One planned (or remaining, or written) change. <c>action</c> is "set-value", "create-key" or
/// "delete-key"; data is shown as reg.exe shows it ("0x1", text, hex digits); null <c>old</c> means
/// the value did not exist.
/// </summary>
internal sealed record ChangeJson(
    string Repair,
    string Hive,
    string Key,
    string Action,
    string? Value,
    string? OldType,
    string? Old,
    string? NewType,
    string? New,
    string? Detail)
{
    public static ChangeJson Create(PlannedChange change) => change switch
    {
        SetValueChange set => new(
            set.Repair,
            ChangeRows.HiveName(set.Hive),
            set.KeyPath,
            "set-value",
            set.ValueName,
            ValueText.TypeName(set.OldType),
            set.OldType is null || set.OldData is null ? null : ValueText.Show(set.OldType, set.OldData),
            ValueText.TypeName(set.NewType),
            ValueText.Show(set.NewType, set.NewData),
            null),
        CreateKeyChange create => new(create.Repair, ChangeRows.HiveName(create.Hive), create.KeyPath, "create-key", null, null, null, null, null, null),
        DeleteKeyChange delete => new(delete.Repair, ChangeRows.HiveName(delete.Hive), delete.KeyPath, "delete-key", null, null, null, null, null, delete.Detail),
        _ => new(change.Repair, ChangeRows.HiveName(change.Hive), change.KeyPath, change.GetType().Name, null, null, null, null, null, null),
    };

    public static List<ChangeJson> Create(IEnumerable<PlannedChange> changes) => changes.Select(Create).ToList();
}
