using System.Globalization;
using OfflineRepair.Registry;
using OfflineRepair.Repairs.Inspection;

namespace OfflineRepair.Cli.Output;

/// <summary>
/// An inspected setting shown as reg.exe shows data: a REG_DWORD as 0x1 (with its decimal value when
/// that reads better, 0xd3d (3389)), text as text, "(absent)" for a value that does not exist.
/// </summary>
internal static class SettingText
{
    public static string Show(SettingReading reading)
    {
        if (reading.IsAbsent)
        {
            return ValueText.Absent;
        }

        bool dword = RegistryData.TryParseTypeName(reading.Type!, out var type) && type is RegistryValueType.DWord or RegistryValueType.DWordBigEndian;
        if (dword && uint.TryParse(reading.Value, NumberStyles.None, CultureInfo.InvariantCulture, out uint number))
        {
            var hex = "0x" + number.ToString("x", CultureInfo.InvariantCulture);
            return number > 9 ? $"{hex} ({number.ToString(CultureInfo.InvariantCulture)})" : hex;
        }

        return reading.Value;
    }

    /// <summary>The data for --json: reg.exe's form without the decimal aside, null when absent.</summary>
    public static string? Data(SettingReading reading)
    {
        var shown = Show(reading);
        if (reading.IsAbsent)
        {
            return null;
        }

        int aside = shown.IndexOf(" (", StringComparison.Ordinal);
        return shown.StartsWith("0x", StringComparison.Ordinal) && aside > 0 ? shown[..aside] : shown;
    }
}
