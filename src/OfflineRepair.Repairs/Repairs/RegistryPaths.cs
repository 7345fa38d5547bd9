namespace OfflineRepair.Repairs.Repairs;

/// <summary>
/// Where the settings the article names live, in one place: paths under a control set
/// (ControlSet00N\...) or under the SOFTWARE hive root.
/// </summary>
public static class RegistryPaths
{
    /// <summary>Under a control set: SCHANNEL's per-protocol keys ("TLS 1.2\Server" below it).</summary>
    public const string SchannelProtocols = @"Control\SecurityProviders\SCHANNEL\Protocols";

    /// <summary>Under a control set: the RDP listener.</summary>
    public const string RdpTcp = @"Control\Terminal Server\WinStations\RDP-Tcp";

    /// <summary>Under a control set: what Windows does on a bugcheck.</summary>
    public const string CrashControl = @"Control\CrashControl";

    /// <summary>Under a control set: Windows Firewall's local rules, one REG_SZ value per rule.</summary>
    public const string FirewallRules = @"Services\SharedAccess\Parameters\FirewallPolicy\FirewallRules";

    /// <summary>Under a control set: the Group Policy Client service.</summary>
    public const string GroupPolicyService = @"Services\gpsvc";

    /// <summary>SOFTWARE: the machine's "Remote Desktop" certificate store, one subkey per SHA-1 thumbprint.</summary>
    public const string RdpCertificates = @"Microsoft\SystemCertificates\Remote Desktop\Certificates";

    /// <summary>SOFTWARE: product name, build, edition.</summary>
    public const string CurrentVersion = @"Microsoft\Windows NT\CurrentVersion";

    /// <summary>SOFTWARE: MachineGuid (names the machine's key containers).</summary>
    public const string Cryptography = @"Microsoft\Cryptography";

    /// <summary>The firewall rules that open RDP's listener port (TCP and UDP, Windows 8 / 2012 on).</summary>
    public const string RdpFirewallRulePrefix = "RemoteDesktop-UserMode-In-";

    public static string SchannelServer(string version) => $@"{SchannelProtocols}\TLS {version}\Server";

    public static string Under(string controlSet, string path) => controlSet + "\\" + path;
}
