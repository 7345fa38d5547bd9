namespace OfflineRepair.Security;

/// <summary>
/// The words of SDDL (Microsoft's "ACE Strings" and "Security Descriptor String Format" pages, sddl.h):
/// ACE types, ACE flags and access rights. Shared by <see cref="SddlWriter"/> and <see cref="SddlParser"/>.
/// </summary>
internal static class SddlTokens
{
    public static readonly (string Token, AceType Type)[] AceTypes =
    [
        ("A", AceType.AccessAllowed),
        ("D", AceType.AccessDenied),
        ("AU", AceType.SystemAudit),
        ("AL", AceType.SystemAlarm),
        ("OA", AceType.AccessAllowedObject),
        ("OD", AceType.AccessDeniedObject),
        ("OU", AceType.SystemAuditObject),
        ("OL", AceType.SystemAlarmObject),
        ("ML", AceType.SystemMandatoryLabel),
        ("SP", AceType.SystemScopedPolicyId),
    ];

    /// <summary>ACE types SDDL has words for that need conditional expressions or claims, which we do not handle.</summary>
    public static readonly HashSet<string> UnsupportedAceTypes = new(StringComparer.Ordinal) { "XA", "XD", "XU", "ZA", "RA", "TL" };

    // In bit order, which is the order Windows writes them in ("OICIIOID").
    public static readonly (string Token, AceFlags Flag)[] AceFlagTokens =
    [
        ("OI", AceFlags.ObjectInherit),
        ("CI", AceFlags.ContainerInherit),
        ("NP", AceFlags.NoPropagateInherit),
        ("IO", AceFlags.InheritOnly),
        ("ID", AceFlags.Inherited),
        ("SA", AceFlags.SuccessfulAccess),
        ("FA", AceFlags.FailedAccess),
    ];

    /// <summary>
    /// Masks SDDL names as a whole. A mask equal to one of these is written as its word; KX has the
    /// value of KR, and Windows writes KR for it (Get-Acl shows "(A;ID;KR;;;BU)").
    /// </summary>
    public static readonly (string Token, uint Mask)[] WholeMasks =
    [
        ("FA", AccessMasks.FileAllAccess),
        ("FR", AccessMasks.FileGenericRead),
        ("FW", AccessMasks.FileGenericWrite),
        ("FX", AccessMasks.FileGenericExecute),
        ("KA", AccessMasks.KeyAllAccess),
        ("KR", AccessMasks.KeyRead),
        ("KW", AccessMasks.KeyWrite),
        ("KX", AccessMasks.KeyRead),
    ];

    /// <summary>
    /// One-bit rights in bit order, the order Windows writes them in when a mask is a sum of them
    /// ("CCDCLCSWRPWPDTLOCRSDRCWDWO", "SDGXGWGR"). The low nine bits carry directory-service names,
    /// which Windows uses for files too ("(A;CIID;LC;;;BU)").
    /// </summary>
    public static readonly (string Token, uint Bit)[] BitRights =
    [
        ("CC", 0x1),
        ("DC", 0x2),
        ("LC", 0x4),
        ("SW", 0x8),
        ("RP", 0x10),
        ("WP", 0x20),
        ("DT", 0x40),
        ("LO", 0x80),
        ("CR", 0x100),
        ("SD", AccessMasks.Delete),
        ("RC", AccessMasks.ReadControl),
        ("WD", AccessMasks.WriteDac),
        ("WO", AccessMasks.WriteOwner),
        ("GA", AccessMasks.GenericAll),
        ("GX", AccessMasks.GenericExecute),
        ("GW", AccessMasks.GenericWrite),
        ("GR", AccessMasks.GenericRead),
    ];

    /// <summary>The policy bits of a mandatory label ACE, written in place of CC/DC/LC there.</summary>
    public static readonly (string Token, uint Bit)[] LabelRights =
    [
        ("NW", AccessMasks.NoWriteUp),
        ("NR", AccessMasks.NoReadUp),
        ("NX", AccessMasks.NoExecuteUp),
    ];

    public static string? AceTypeToken(AceType type)
    {
        foreach (var (token, t) in AceTypes)
        {
            if (t == type)
            {
                return token;
            }
        }

        return null;
    }
}
