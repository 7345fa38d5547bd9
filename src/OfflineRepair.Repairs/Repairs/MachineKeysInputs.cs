using System.Globalization;
using OfflineRepair.Registry;

namespace OfflineRepair.Repairs.Repairs;

/// <summary>What machine-keys reads from SOFTWARE: the MachineGuid naming the RDP key file, and the Windows build choosing its default descriptor.</summary>
internal static class MachineKeysInputs
{
    public static string? MachineGuid(Hive? software) =>
        software?.OpenKey(RegistryPaths.Cryptography)?.GetValue("MachineGuid") is { } value && IsText(value.Type) ? value.AsString().Trim() : null;

    public static int? Build(Hive? software)
    {
        var version = software?.OpenKey(RegistryPaths.CurrentVersion);
        foreach (var name in new[] { "CurrentBuildNumber", "CurrentBuild" })
        {
            if (version?.GetValue(name) is { } value && IsText(value.Type)
                && int.TryParse(value.AsString().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var build))
            {
                return build;
            }
        }

        return null;
    }

    private static bool IsText(RegistryValueType type) => type is RegistryValueType.String or RegistryValueType.ExpandString;
}
