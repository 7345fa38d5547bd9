namespace OfflineRepair.Repairs.Inspection;

/// <summary>
/// What inspect found in the hives, as plain records (serializable as they are): the Windows
/// installation, the control sets, each setting the repairs touch and the RDP certificates.
/// </summary>
public sealed record InspectReport(
    WindowsInstallation? Windows,
    ControlSetReport? ControlSets,
    IReadOnlyList<ControlSetSettings> Settings,
    IReadOnlyList<RdpCertificateReport>? RdpCertificates,
    IReadOnlyList<string> Notes);

/// <summary>SOFTWARE <c>Microsoft\Windows NT\CurrentVersion</c> and <c>Microsoft\Cryptography</c>; null fields are absent values.</summary>
public sealed record WindowsInstallation(
    string? ProductName,
    string? Build,
    uint? UpdateBuildRevision,
    string? DisplayVersion,
    string? Edition,
    string? MachineGuid);

/// <summary>SYSTEM\Select and the control sets: present, chosen for repair (per --control-sets), and why.</summary>
public sealed record ControlSetReport(
    uint? Current,
    uint? Default,
    uint? LastKnownGood,
    uint? Failed,
    IReadOnlyList<string> Present,
    IReadOnlyList<string> Chosen,
    string Note);

/// <summary>The settings of one control set.</summary>
public sealed record ControlSetSettings(string ControlSet, IReadOnlyList<SettingReading> Settings);

/// <summary>
/// One setting as found: <paramref name="Value"/> is the data in words ("1", "%SystemRoot%\MEMORY.DMP",
/// "3389") or "absent"; <paramref name="Type"/> is reg.exe's type name, null when absent.
/// </summary>
public sealed record SettingReading(string Setting, string KeyPath, string ValueName, string? Type, string Value)
{
    public const string Absent = "absent";

    public bool IsAbsent => Type is null;
}

/// <summary>A certificate of the "Remote Desktop" store; Subject and NotAfter are null when its blob cannot be read.</summary>
public sealed record RdpCertificateReport(string Thumbprint, string? Subject, DateTimeOffset? NotAfter, bool? Expired, string Description);
