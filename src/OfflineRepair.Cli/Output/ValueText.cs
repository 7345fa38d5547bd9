using OfflineRepair.Cli.Reg;
using OfflineRepair.Registry;

namespace OfflineRepair.Cli.Output;

/// <summary>
/// Registry data shown as reg.exe shows it: 0x1 for REG_DWORD, the text of REG_SZ/REG_EXPAND_SZ,
/// hex digits for binary, and "(absent)" for a value that does not exist.
/// </summary>
internal static class ValueText
{
    public const string Absent = "(absent)";

    public static string Show(RegistryValueType? type, byte[]? data) =>
        type is { } known && data is not null ? RegQueryPrinter.DataText(new RegistryValue("", known, data)) : Absent;

    public static string Show(RegistryValue? value) => value is null ? Absent : RegQueryPrinter.DataText(value);

    /// <summary>REG_DWORD and the like, or null for an absent value.</summary>
    public static string? TypeName(RegistryValueType? type) => type is { } known ? RegistryData.TypeName(known) : null;
}
