namespace OfflineRepair.Repairs.Inspection;

/// <summary>
/// What inspect found in the hives, as plain records (serializable as they are): the Windows
/// installation, the control sets, each setting the repairs touch, the RDP certificates and the
/// boot store's serial-console settings (null when the target has no BCD store).
/// </summary>
public sealed record InspectReport(
    WindowsInstallation? Windows,
    ControlSetReport? ControlSets,
    IReadOnlyList<ControlSetSettings> Settings,
    IReadOnlyList<RdpCertificateReport>? RdpCertificates,
    BootStoreReport? BootStore,
    IReadOnlyList<string> Notes,
    MachineKeysReport? MachineKeys = null);

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

/// <summary>
/// The BCD store: the Windows Boot Loader {bootmgr}'s default entry names (null when it names none or
/// a wrong one; a note says why) and the serial-console settings as found.
/// </summary>
public sealed record BootStoreReport(string? DefaultLoader, string? DefaultLoaderDescription, IReadOnlyList<BootSettingReading> Settings);

/// <summary>
/// One BCD setting as found: <paramref name="Object"/> is the identifier of the object it lives on
/// ({bootmgr}, the loader's GUID) or null when the store lacks that object; <paramref name="Value"/> is
/// the value as bcdedit shows it ("Yes", "30"), "absent", or why it cannot be read;
/// <paramref name="Data"/> the stored bytes in hex (null when absent), since real stores hold short forms.
/// </summary>
public sealed record BootSettingReading(string Setting, string? Object, string Element, string? KeyPath, string? Type, string Value, string? Data)
{
    public const string NoObject = "no such object";
}
