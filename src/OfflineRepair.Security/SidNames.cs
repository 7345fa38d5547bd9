namespace OfflineRepair.Security;

/// <summary>
/// SDDL aliases and display names of well-known SIDs. Aliases are those of Microsoft's "SID Strings"
/// page (sddl.h) whose SID does not depend on a machine or a domain; the SIDs are those of the
/// "Well-known SIDs" page. The names are what Windows shows (icacls, whoami /groups) on an English system.
/// </summary>
internal static class SidNames
{
    private sealed record Entry(string Sid, string? Alias, string? Name);

    private static readonly Entry[] Entries =
    [
        new("S-1-0-0", null, "NULL SID"),
        new("S-1-1-0", "WD", "Everyone"),
        new("S-1-2-0", null, "LOCAL"),
        new("S-1-3-0", "CO", "CREATOR OWNER"),
        new("S-1-3-1", "CG", "CREATOR GROUP"),
        new("S-1-3-4", "OW", "OWNER RIGHTS"),
        new("S-1-5-2", "NU", @"NT AUTHORITY\NETWORK"),
        new("S-1-5-4", "IU", @"NT AUTHORITY\INTERACTIVE"),
        new("S-1-5-6", "SU", @"NT AUTHORITY\SERVICE"),
        new("S-1-5-7", "AN", @"NT AUTHORITY\ANONYMOUS LOGON"),
        new("S-1-5-9", "ED", @"NT AUTHORITY\ENTERPRISE DOMAIN CONTROLLERS"),
        new("S-1-5-10", "PS", @"NT AUTHORITY\SELF"),
        new("S-1-5-11", "AU", @"NT AUTHORITY\Authenticated Users"),
        new("S-1-5-12", "RC", @"NT AUTHORITY\RESTRICTED"),
        new("S-1-5-18", "SY", @"NT AUTHORITY\SYSTEM"),
        new("S-1-5-19", "LS", @"NT AUTHORITY\LOCAL SERVICE"),
        new("S-1-5-20", "NS", @"NT AUTHORITY\NETWORK SERVICE"),
        new("S-1-5-32-544", "BA", @"BUILTIN\Administrators"),
        new("S-1-5-32-545", "BU", @"BUILTIN\Users"),
        new("S-1-5-32-546", "BG", @"BUILTIN\Guests"),
        new("S-1-5-32-547", "PU", @"BUILTIN\Power Users"),
        new("S-1-5-32-548", "AO", @"BUILTIN\Account Operators"),
        new("S-1-5-32-549", "SO", @"BUILTIN\Server Operators"),
        new("S-1-5-32-550", "PO", @"BUILTIN\Print Operators"),
        new("S-1-5-32-551", "BO", @"BUILTIN\Backup Operators"),
        new("S-1-5-32-552", "RE", @"BUILTIN\Replicator"),
        new("S-1-5-32-554", "RU", @"BUILTIN\Pre-Windows 2000 Compatible Access"),
        new("S-1-5-32-555", "RD", @"BUILTIN\Remote Desktop Users"),
        new("S-1-5-32-556", "NO", @"BUILTIN\Network Configuration Operators"),
        new("S-1-5-32-558", "MU", @"BUILTIN\Performance Monitor Users"),
        new("S-1-5-32-559", "LU", @"BUILTIN\Performance Log Users"),
        new("S-1-5-32-568", "IS", @"BUILTIN\IIS_IUSRS"),
        new("S-1-5-32-569", "CY", @"BUILTIN\Cryptographic Operators"),
        new("S-1-5-32-573", "ER", @"BUILTIN\Event Log Readers"),
        new("S-1-15-2-1", "AC", @"APPLICATION PACKAGE AUTHORITY\ALL APPLICATION PACKAGES"),
        new("S-1-16-4096", "LW", @"Mandatory Label\Low Mandatory Level"),
        new("S-1-16-8192", "ME", @"Mandatory Label\Medium Mandatory Level"),
        new("S-1-16-8448", "MP", @"Mandatory Label\Medium Plus Mandatory Level"),
        new("S-1-16-12288", "HI", @"Mandatory Label\High Mandatory Level"),
        new("S-1-16-16384", "SI", @"Mandatory Label\System Mandatory Level"),
    ];

    // Aliases of sddl.h that stand for RIDs under the domain's or the machine's own SID.
    private static readonly HashSet<string> DomainRelative = new(StringComparer.Ordinal)
    {
        "DA", "DG", "DU", "DD", "DC", "CA", "SA", "EA", "PA", "RS", "LA", "LG", "CN", "AP", "RO", "KA", "EK",
    };

    // Service SIDs whose name we print; the SID itself is derived from the name (SecurityIdentifier.ForService).
    private static readonly string[] KnownServices = ["TrustedInstaller", "SessionEnv", "TermService", "UmRdpService"];

    private static readonly Dictionary<string, SecurityIdentifier> ByAlias = Entries
        .Where(e => e.Alias is not null)
        .ToDictionary(e => e.Alias!, e => SecurityIdentifier.Parse(e.Sid), StringComparer.Ordinal);

    private static readonly Dictionary<SecurityIdentifier, Entry> BySid = Entries.ToDictionary(e => SecurityIdentifier.Parse(e.Sid));

    private static readonly Dictionary<SecurityIdentifier, string> Services = KnownServices
        .ToDictionary(SecurityIdentifier.ForService, name => @"NT SERVICE\" + name);

    public static IEnumerable<string> Aliases => ByAlias.Keys;

    public static SecurityIdentifier? FromAlias(string alias) => ByAlias.GetValueOrDefault(alias);

    public static bool IsDomainRelativeAlias(string alias) => DomainRelative.Contains(alias);

    public static string? AliasOf(SecurityIdentifier sid) => BySid.GetValueOrDefault(sid)?.Alias;

    public static string? AccountNameOf(SecurityIdentifier sid) =>
        BySid.GetValueOrDefault(sid)?.Name ?? Services.GetValueOrDefault(sid);
}
