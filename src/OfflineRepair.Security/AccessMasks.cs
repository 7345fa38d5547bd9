namespace OfflineRepair.Security;

/// <summary>Access mask bits and the composite masks SDDL and icacls name (winnt.h; research/ntfs_vhd.md §2.5).</summary>
public static class AccessMasks
{
    // File-specific rights (the same bits mean other things on keys and directory-service objects).
    public const uint ReadData = 0x0001;
    public const uint WriteData = 0x0002;
    public const uint AppendData = 0x0004;
    public const uint ReadExtendedAttributes = 0x0008;
    public const uint WriteExtendedAttributes = 0x0010;
    public const uint Execute = 0x0020;
    public const uint DeleteChild = 0x0040;
    public const uint ReadAttributes = 0x0080;
    public const uint WriteAttributes = 0x0100;

    // Standard rights.
    public const uint Delete = 0x0001_0000;
    public const uint ReadControl = 0x0002_0000;
    public const uint WriteDac = 0x0004_0000;
    public const uint WriteOwner = 0x0008_0000;
    public const uint Synchronize = 0x0010_0000;
    public const uint AccessSystemSecurity = 0x0100_0000;
    public const uint MaximumAllowed = 0x0200_0000;

    // Generic rights.
    public const uint GenericAll = 0x1000_0000;
    public const uint GenericExecute = 0x2000_0000;
    public const uint GenericWrite = 0x4000_0000;
    public const uint GenericRead = 0x8000_0000;

    /// <summary>FILE_ALL_ACCESS, SDDL FA, icacls F.</summary>
    public const uint FileAllAccess = 0x001F_01FF;

    /// <summary>FILE_GENERIC_READ, SDDL FR, icacls R.</summary>
    public const uint FileGenericRead = 0x0012_0089;

    /// <summary>FILE_GENERIC_WRITE, SDDL FW (icacls W lacks READ_CONTROL: 0x100116).</summary>
    public const uint FileGenericWrite = 0x0012_0116;

    /// <summary>FILE_GENERIC_EXECUTE, SDDL FX.</summary>
    public const uint FileGenericExecute = 0x0012_00A0;

    /// <summary>KEY_ALL_ACCESS, SDDL KA.</summary>
    public const uint KeyAllAccess = 0x000F_003F;

    /// <summary>KEY_READ (and KEY_EXECUTE, the same value), SDDL KR and KX.</summary>
    public const uint KeyRead = 0x0002_0019;

    /// <summary>KEY_WRITE, SDDL KW.</summary>
    public const uint KeyWrite = 0x0002_0006;

    // Mandatory label policy bits (SYSTEM_MANDATORY_LABEL_*), only in label ACEs.
    public const uint NoWriteUp = 0x1;
    public const uint NoReadUp = 0x2;
    public const uint NoExecuteUp = 0x4;
}
