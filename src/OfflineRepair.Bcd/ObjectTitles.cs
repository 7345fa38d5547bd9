using System.Globalization;

namespace OfflineRepair.Bcd;

/// <summary>
/// The headings bcdedit /enum prints above each object. Applications are titled by their type;
/// settings objects by which well-known object they are; others name their type in hex.
/// </summary>
public static class ObjectTitles
{
    private static readonly Dictionary<uint, string> Applications = new()
    {
        [ObjectTypes.FirmwareBootManager] = "Firmware Boot Manager",
        [ObjectTypes.BootManager] = "Windows Boot Manager",
        [ObjectTypes.OsLoader] = "Windows Boot Loader",
        [ObjectTypes.ResumeLoader] = "Resume from Hibernate",
        [ObjectTypes.MemoryDiagnostic] = "Windows Memory Tester",
        [ObjectTypes.LegacyLoader] = "Windows Legacy OS Loader",
        [ObjectTypes.BootSector] = "Real-mode Boot Sector",
    };

    private static readonly Dictionary<Guid, string> Settings = new()
    {
        [WellKnownObjects.EmsSettings] = "EMS Settings",
        [WellKnownObjects.DebuggerSettings] = "Debugger Settings",
        [WellKnownObjects.BadMemory] = "RAM Defects",
        [WellKnownObjects.GlobalSettings] = "Global Settings",
        [WellKnownObjects.BootLoaderSettings] = "Boot Loader Settings",
        [WellKnownObjects.HypervisorSettings] = "Hypervisor Settings",
        [WellKnownObjects.ResumeLoaderSettings] = "Resume Loader Settings",
        [WellKnownObjects.KernelDebuggerSettings] = "Kernel Debugger Settings",
    };

    public static string For(BcdObject entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Type is not { } type)
        {
            return "Object without a type";
        }

        if (Applications.TryGetValue(type, out var title))
        {
            return title;
        }

        return ObjectTypes.Kind(type) switch
        {
            ObjectKind.Application when ObjectTypes.ImageType(type) == 1 => $"Firmware Application ({Hex(type)})",
            ObjectKind.Application => $"Application ({Hex(type)})",
            ObjectKind.Inherit => Settings.TryGetValue(entry.Id, out var settings) ? settings : $"Inheritable Settings ({Hex(type)})",
            ObjectKind.Device => "Device options",
            _ => $"Object ({Hex(type)})",
        };
    }

    private static string Hex(uint type) => type.ToString("x8", CultureInfo.InvariantCulture);
}
