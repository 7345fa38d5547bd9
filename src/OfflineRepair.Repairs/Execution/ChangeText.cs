using System.Buffers.Binary;
using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Execution;

/// <summary>Planned changes and value data as people read them (plans, manifests, logs).</summary>
public static class ChangeText
{
    /// <summary>"crash-dump: SYSTEM\ControlSet001\Control\CrashControl: CrashDumpEnabled REG_DWORD 0 -> 1".</summary>
    public static string Describe(PlannedChange change) => change switch
    {
        SetValueChange set =>
            $"{set.Repair}: {HivePaths.Name(set.Hive)}\\{set.KeyPath}: {ValueLabel(set.ValueName)} {RegistryData.TypeName(set.NewType)} " +
            $"{(set.OldType is null ? "(absent)" : Value(set.OldType.Value, set.OldData ?? []))} -> {Value(set.NewType, set.NewData)}",
        CreateKeyChange create => $"{create.Repair}: create key {HivePaths.Name(create.Hive)}\\{create.KeyPath}",
        DeleteKeyChange delete => $"{delete.Repair}: delete key {HivePaths.Name(delete.Hive)}\\{delete.KeyPath} ({delete.Detail})",
        _ => $"{change.Repair}: {HivePaths.Name(change.Hive)}\\{change.KeyPath}",
    };

    /// <summary>Value data as text: strings as themselves, numbers in decimal and hex, anything else as hex bytes.</summary>
    public static string Value(RegistryValueType type, byte[] data) => type switch
    {
        RegistryValueType.String or RegistryValueType.ExpandString => "\"" + RegistryData.DecodeString(data) + "\"",
        RegistryValueType.MultiString => "[" + string.Join(", ", RegistryData.DecodeMultiString(data).Select(s => "\"" + s + "\"")) + "]",
        RegistryValueType.DWord when data.Length == 4 => Number(BinaryPrimitives.ReadUInt32LittleEndian(data)),
        RegistryValueType.QWord when data.Length == 8 => Number(BinaryPrimitives.ReadUInt64LittleEndian(data)),
        _ => "hex:" + Convert.ToHexStringLower(data),
    };

    public static string ValueLabel(string name) => name.Length == 0 ? "(Default)" : name;

    private static string Number(ulong value) => $"{value} (0x{value:x})";
}
