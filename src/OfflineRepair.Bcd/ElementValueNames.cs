using System.Globalization;

namespace OfflineRepair.Bcd;

/// <summary>
/// The words bcdedit shows (and accepts) for the integer elements that are enumerations: nx OptIn,
/// bootmenupolicy Standard ... Other integers are shown in decimal.
/// </summary>
public static class ElementValueNames
{
    private static readonly Dictionary<uint, string[]> Enumerations = new()
    {
        [0x25000020] = ["OptIn", "OptOut", "AlwaysOff", "AlwaysOn"], // nx
        [0x250000c2] = ["Legacy", "Standard"], // bootmenupolicy (OS loader)
        [0x25000008] = ["Legacy", "Standard"], // bootmenupolicy (resume; the only 0x25000008 with a name)
        [0x250000e0] = ["DisplayAllFailures", "IgnoreAllFailures", "IgnoreShutdownFailures", "IgnoreBootFailures", "IgnoreCheckpointFailures", "DisplayShutdownFailures", "DisplayBootFailures", "DisplayCheckpointFailures"], // bootstatuspolicy
        [0x15000011] = ["Serial", "1394", "USB", "NET", "Local"], // debugtype
        [0x250000f0] = ["Off", "Auto"], // hypervisorlaunchtype
        [0x15000065] = ["Default", "Resume", "HyperV", "Recovery", "StartupRepair", "SystemImageRecovery", "CommandPrompt", "SystemRestore", "PushButtonReset"], // displaymessage
        [0x15000066] = ["Default", "Resume", "HyperV", "Recovery", "StartupRepair", "SystemImageRecovery", "CommandPrompt", "SystemRestore", "PushButtonReset"], // displaymessageoverride
    };

    /// <summary>The word for an enumeration value, else the number in decimal.</summary>
    public static string Integer(uint elementType, ulong value) =>
        Enumerations.TryGetValue(elementType, out var words) && value < (ulong)words.Length
            ? words[value]
            : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The number an enumeration word means for that element (case-insensitive).</summary>
    public static bool TryParse(uint elementType, string word, out ulong value)
    {
        if (Enumerations.TryGetValue(elementType, out var words))
        {
            int index = Array.FindIndex(words, w => string.Equals(w, word, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                value = (ulong)index;
                return true;
            }
        }

        value = 0;
        return false;
    }
}
