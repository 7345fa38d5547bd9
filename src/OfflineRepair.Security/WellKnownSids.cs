namespace OfflineRepair.Security;

/// <summary>The SIDs the MachineKeys and RDP repairs name, identical on every Windows installation.</summary>
public static class WellKnownSids
{
    /// <summary>NT AUTHORITY\SYSTEM, S-1-5-18 (SY).</summary>
    public static SecurityIdentifier LocalSystem { get; } = new(5, 18);

    /// <summary>BUILTIN\Administrators, S-1-5-32-544 (BA).</summary>
    public static SecurityIdentifier Administrators { get; } = new(5, 32, 544);

    /// <summary>BUILTIN\Users, S-1-5-32-545 (BU).</summary>
    public static SecurityIdentifier Users { get; } = new(5, 32, 545);

    /// <summary>NT AUTHORITY\NETWORK SERVICE, S-1-5-20 (NS): TermService runs as it.</summary>
    public static SecurityIdentifier NetworkService { get; } = new(5, 20);

    /// <summary>NT AUTHORITY\LOCAL SERVICE, S-1-5-19 (LS).</summary>
    public static SecurityIdentifier LocalService { get; } = new(5, 19);

    /// <summary>Everyone, S-1-1-0 (WD).</summary>
    public static SecurityIdentifier Everyone { get; } = new(1, 0);

    /// <summary>CREATOR OWNER, S-1-3-0 (CO).</summary>
    public static SecurityIdentifier CreatorOwner { get; } = new(3, 0);

    /// <summary>CREATOR GROUP, S-1-3-1 (CG).</summary>
    public static SecurityIdentifier CreatorGroup { get; } = new(3, 1);

    /// <summary>NT AUTHORITY\Authenticated Users, S-1-5-11 (AU).</summary>
    public static SecurityIdentifier AuthenticatedUsers { get; } = new(5, 11);

    /// <summary>NT SERVICE\TrustedInstaller, S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464.</summary>
    public static SecurityIdentifier TrustedInstaller { get; } = SecurityIdentifier.ForService("TrustedInstaller");

    /// <summary>NT SERVICE\SessionEnv (Remote Desktop Configuration): full control of the RDP key container on 17763 and later.</summary>
    public static SecurityIdentifier SessionEnv { get; } = SecurityIdentifier.ForService("SessionEnv");
}
