namespace OfflineRepair.Security;

/// <summary>
/// icacls' permission words (Microsoft's icacls page). Simple rights: N (none), F (full), M (modify),
/// RX (read and execute), R (read-only), W (write-only), D (delete); specific rights: DE, RC, WDAC, WO, S,
/// AS, MA, GR, GW, GE, GA, RD, WD, AD, REA, WEA, X, DC, RA, WA. The masks of the simple rights are those
/// icacls writes into the ACE (FILE_ALL_ACCESS for F; R = FILE_GENERIC_READ; W = FILE_GENERIC_WRITE
/// without READ_CONTROL), as seen in Windows-made descriptors: MachineKeys' Everyone 0x12019F shown as
/// "(R,W)", Authenticated Users 0x1301BF as "(M)", Users 0x1200A9 as "(RX)".
/// </summary>
public static class IcaclsRights
{
    public const uint None = 0;
    public const uint Full = AccessMasks.FileAllAccess;                                               // 0x1F01FF
    public const uint Modify = 0x0013_01BF;
    public const uint ReadExecute = 0x0012_00A9;
    public const uint Read = AccessMasks.FileGenericRead;                                             // 0x120089
    public const uint Write = 0x0010_0116;
    public const uint Delete = AccessMasks.Delete;                                                    // 0x10000

    // Largest first, so Format names a mask with the fewest words ("M", not "RX,W,D").
    private static readonly (string Word, uint Mask)[] Simple =
    [
        ("F", Full),
        ("M", Modify),
        ("RX", ReadExecute),
        ("R", Read),
        ("W", Write),
        ("D", Delete),
    ];

    private static readonly (string Word, uint Mask)[] Specific =
    [
        ("DE", AccessMasks.Delete),
        ("RC", AccessMasks.ReadControl),
        ("WDAC", AccessMasks.WriteDac),
        ("WO", AccessMasks.WriteOwner),
        ("S", AccessMasks.Synchronize),
        ("AS", AccessMasks.AccessSystemSecurity),
        ("MA", AccessMasks.MaximumAllowed),
        ("GR", AccessMasks.GenericRead),
        ("GW", AccessMasks.GenericWrite),
        ("GE", AccessMasks.GenericExecute),
        ("GA", AccessMasks.GenericAll),
        ("RD", AccessMasks.ReadData),
        ("WD", AccessMasks.WriteData),
        ("AD", AccessMasks.AppendData),
        ("REA", AccessMasks.ReadExtendedAttributes),
        ("WEA", AccessMasks.WriteExtendedAttributes),
        ("X", AccessMasks.Execute),
        ("DC", AccessMasks.DeleteChild),
        ("RA", AccessMasks.ReadAttributes),
        ("WA", AccessMasks.WriteAttributes),
    ];

    private static readonly (string Word, AceFlags Flag)[] Inheritance =
    [
        ("OI", AceFlags.ObjectInherit),
        ("CI", AceFlags.ContainerInherit),
        ("IO", AceFlags.InheritOnly),
        ("NP", AceFlags.NoPropagateInherit),
    ];

    /// <summary>
    /// The mask of a permission: one word ("F", "RX", "WDAC") or a comma-separated list ("R,W",
    /// "(RD,WD)"), optionally in parentheses, case-insensitive.
    /// </summary>
    public static uint Parse(string rights)
    {
        ArgumentNullException.ThrowIfNull(rights);
        var text = rights.Trim();
        if (text.Length >= 2 && text[0] == '(' && text[^1] == ')')
        {
            text = text[1..^1];
        }

        if (text.Length == 0)
        {
            throw new FormatException("icacls permission is empty; use N for no access");
        }

        uint mask = 0;
        foreach (var part in text.Split(','))
        {
            var word = part.Trim().ToUpperInvariant();
            var found = word == "N" ? 0 : Lookup(word);
            if (found is null)
            {
                throw new FormatException($"'{part.Trim()}' is not an icacls permission (simple: N F M RX R W D; specific: {string.Join(' ', Specific.Select(s => s.Word))})");
            }

            mask |= found.Value;
        }

        return mask;
    }

    /// <summary>
    /// A whole icacls permission as written after "SID:", e.g. "(OI)(CI)F", "(OI)(CI)(RX)", "(R,W)": the
    /// inheritance flags in parentheses, then the rights.
    /// </summary>
    public static uint ParsePermission(string permission, out AceFlags inheritance)
    {
        ArgumentNullException.ThrowIfNull(permission);
        inheritance = AceFlags.None;
        var text = permission.Trim();
        while (text.StartsWith('('))
        {
            var close = text.IndexOf(')', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"'{permission}' has an unclosed parenthesis");
            }

            var word = text[1..close].Trim().ToUpperInvariant();
            var flag = Inheritance.FirstOrDefault(i => i.Word == word);
            if (flag.Word is null)
            {
                break;
            }

            inheritance |= flag.Flag;
            text = text[(close + 1)..];
        }

        return Parse(text);
    }

    /// <summary>
    /// How icacls shows a mask: a simple right ("F", "M", "RX", "R", "W", "D"), a comma-separated list of
    /// simple rights when the mask is exactly their sum ("R,W" for MachineKeys' 0x12019F), "N" for 0, and
    /// "(special)" for anything else (icacls itself then lists specific rights; we do not imitate that).
    /// </summary>
    public static string Format(uint mask)
    {
        if (mask == 0)
        {
            return "N";
        }

        var words = new List<string>();
        uint covered = 0;
        foreach (var (word, simple) in Simple)
        {
            // A right already implied by a larger one (R inside RX) is not named again.
            if ((mask & simple) == simple && (covered & simple) != simple)
            {
                words.Add(word);
                covered |= simple;
            }
        }

        return covered == mask ? string.Join(',', words) : "(special)";
    }

    private static uint? Lookup(string word)
    {
        foreach (var (name, mask) in Simple)
        {
            if (name == word)
            {
                return mask;
            }
        }

        foreach (var (name, mask) in Specific)
        {
            if (name == word)
            {
                return mask;
            }
        }

        return null;
    }
}
