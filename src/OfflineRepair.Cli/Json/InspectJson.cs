using OfflineRepair.Cli.Output;
using OfflineRepair.Repairs.Inspection;

namespace OfflineRepair.Cli.Json;

/// <summary><c>inspect --json</c>: the document README.md describes (schema 1).</summary>
internal sealed record InspectJson(
    int Schema,
    string Command,
    string Target,
    DiskJson? Disk,
    List<HiveJson> Hives,
    WindowsJson? Windows,
    ControlSetsJson? ControlSets,
    List<SettingJson> Settings,
    List<CertificateJson>? RdpCertificates,
    BootStoreJson? BootStore,
    MachineKeysJson? MachineKeys,
    List<string> Notes)
{
    public static InspectJson Create(string target, DiskJson? disk, List<HiveJson> hives, InspectReport report) => new(
        JsonOutput.Schema,
        "inspect",
        target,
        disk,
        hives,
        report.Windows is { } w ? new WindowsJson(w.ProductName, w.Build, w.UpdateBuildRevision, w.DisplayVersion, w.Edition) : null,
        report.ControlSets is { } c ? new ControlSetsJson(new SelectJson(c.Current, c.Default, c.LastKnownGood, c.Failed), [.. c.Present], [.. c.Chosen], c.Note) : null,
        [.. report.Settings.SelectMany(set => set.Settings.Select(s => new SettingJson(set.ControlSet, s.Setting, s.KeyPath, s.ValueName, s.Type, SettingText.Data(s))))],
        report.RdpCertificates?.Select(r => new CertificateJson(r.Thumbprint, r.Subject, r.NotAfter, r.Expired)).ToList(),
        report.BootStore is { } b ? BootStoreJson.Create(b) : null,
        report.MachineKeys is { } k ? MachineKeysJson.Create(k) : null,
        [.. report.Notes]);
}

/// <summary>SOFTWARE's CurrentVersion: null fields are absent values.</summary>
internal sealed record WindowsJson(string? ProductName, string? Build, uint? UpdateBuildRevision, string? DisplayVersion, string? Edition);

/// <summary>SYSTEM\Select's values (null when absent).</summary>
internal sealed record SelectJson(uint? Current, uint? Default, uint? LastKnownGood, uint? Failed);

/// <summary>The control sets present, those the repairs edit (per --control-sets), and why.</summary>
internal sealed record ControlSetsJson(SelectJson Select, List<string> Present, List<string> Chosen, string Note);

/// <summary>One setting in one control set; <c>data</c> as reg.exe shows it, null with <c>type</c> null when absent.</summary>
internal sealed record SettingJson(string ControlSet, string Setting, string Key, string Value, string? Type, string? Data);

/// <summary>A certificate of the "Remote Desktop" store (subject and notAfter null when its blob cannot be read).</summary>
internal sealed record CertificateJson(string Thumbprint, string? Subject, DateTimeOffset? NotAfter, bool? Expired);

/// <summary>The MachineKeys folder and RDP key file(s): SDDL, whether Remote Desktop gets what it needs, and what is wrong; <c>problem</c> when permissions could not be read.</summary>
internal sealed record MachineKeysJson(string Folder, PermissionReadingJson? FolderPermissions, List<PermissionReadingJson> RdpKeyFiles, string? Problem)
{
    public static MachineKeysJson Create(MachineKeysReport report) => new(
        report.Folder,
        report.FolderReading is { } f ? PermissionReadingJson.Create(f) : null,
        [.. report.RdpKeyFiles.Select(PermissionReadingJson.Create)],
        report.Problem);
}

internal sealed record PermissionReadingJson(string Path, string? Sddl, bool AllowsRemoteDesktop, List<string> Findings)
{
    public static PermissionReadingJson Create(PermissionReading reading) => new(reading.Path, reading.Sddl, reading.AllowsRemoteDesktop, [.. reading.Findings]);
}
