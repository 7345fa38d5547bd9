using OfflineRepair.Repairs.Inspection;

namespace OfflineRepair.Cli.Json;

/// <summary>
/// The BCD store in <c>inspect --json</c>: the default loader (null when {bootmgr} names none that
/// exists) and the serial-console settings; null as a whole when the target has no BCD store.
/// </summary>
internal sealed record BootStoreJson(string? DefaultLoader, string? DefaultLoaderDescription, List<BootSettingJson> Settings)
{
    public static BootStoreJson Create(BootStoreReport report) => new(
        report.DefaultLoader,
        report.DefaultLoaderDescription,
        [.. report.Settings.Select(s => new BootSettingJson(s.Setting, s.Object, s.Element, s.KeyPath, s.Type, s.Value, s.Data))]);
}

/// <summary>
/// One BCD setting: <c>object</c> null when the store lacks it; <c>value</c> as bcdedit shows it
/// ("Yes", "30"), "absent" or why it is unreadable; <c>data</c> the stored bytes in hex, null when absent.
/// </summary>
internal sealed record BootSettingJson(string Setting, string? Object, string Element, string? Key, string? Type, string Value, string? Data);
