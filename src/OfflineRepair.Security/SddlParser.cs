using System.Globalization;

namespace OfflineRepair.Security;

/// <summary>
/// Parses SDDL ("O:BAG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)") into a descriptor in Windows' layout, with
/// SE_SELF_RELATIVE set, DaclPresent/SaclPresent for a D:/S: component, and ACL revision 4 when it holds
/// object ACEs (else 2), as ConvertStringSecurityDescriptorToSecurityDescriptor builds them.
/// <list type="bullet">
/// <item>Components O:, G:, D:, S:, each at most once, in any order.</item>
/// <item>ACL flags P, AR, AI; NO_ACCESS_CONTROL for a NULL ACL; "D:" alone is an empty (deny-all) DACL.</item>
/// <item>ACE types A, D, AU, AL, ML, SP, and the object types OA, OD, OU, OL (with their GUIDs).
/// Callback, conditional and resource-attribute ACEs (XA, XD, XU, ZA, RA) are refused.</item>
/// <item>Rights: words (FA, FR, FW, FX, KA, KR, KW, KX, GA, GR, GW, GX, RC, SD, WD, WO, RP, WP, CC, DC,
/// LC, SW, LO, DT, CR, NR, NW, NX, concatenated), hex "0x1200a9", or decimal digits.</item>
/// <item>SIDs: an alias or S-1-…; aliases that need a domain (DA, DU, …) are refused.</item>
/// </list>
/// Every error is a <see cref="FormatException"/> that says what and where.
/// </summary>
public static class SddlParser
{
    private const string NullAcl = "NO_ACCESS_CONTROL";

    public static SecurityDescriptor Parse(string sddl)
    {
        ArgumentNullException.ThrowIfNull(sddl);
        var text = sddl.AsSpan().Trim();
        var position = 0;
        SecurityIdentifier? owner = null, group = null;
        AccessControlList? dacl = null, sacl = null;
        var control = SecurityDescriptorControl.None;
        var seen = new HashSet<char>();
        while (position < text.Length)
        {
            if (!IsComponentStart(text, position))
            {
                throw Error(sddl, position, "expected a component O:, G:, D: or S:");
            }

            var tag = text[position];
            if (!seen.Add(tag))
            {
                throw Error(sddl, position, $"component {tag}: appears twice");
            }

            position += 2;
            switch (tag)
            {
                case 'O':
                    owner = ReadSid(sddl, text, ref position, tag);
                    break;
                case 'G':
                    group = ReadSid(sddl, text, ref position, tag);
                    break;
                case 'D':
                    dacl = ReadAcl(sddl, text, ref position, isSacl: false, ref control);
                    control |= SecurityDescriptorControl.DaclPresent;
                    break;
                default:
                    sacl = ReadAcl(sddl, text, ref position, isSacl: true, ref control);
                    control |= SecurityDescriptorControl.SaclPresent;
                    break;
            }
        }

        return new SecurityDescriptor(control, owner, group, sacl, dacl);
    }

    /// <summary>Rights as SDDL writes them: words, "0x…" hex or decimal. The empty string is 0.</summary>
    public static uint ParseRights(string rights)
    {
        ArgumentNullException.ThrowIfNull(rights);
        if (TryParseRights(rights, out var mask, out var error))
        {
            return mask;
        }

        throw new FormatException(error);
    }

    private static bool IsComponentStart(ReadOnlySpan<char> text, int position) =>
        position + 1 < text.Length && text[position] is 'O' or 'G' or 'D' or 'S' && text[position + 1] == ':';

    private static FormatException Error(string sddl, int position, string problem) =>
        new($"SDDL at character {position}: {problem} (in \"{Shorten(sddl)}\")");

    private static string Shorten(string sddl) => sddl.Length <= 200 ? sddl : sddl[..200] + "…";

    private static SecurityIdentifier ReadSid(string sddl, ReadOnlySpan<char> text, ref int position, char tag)
    {
        if (!SecurityIdentifier.TryParsePrefix(text[position..], out var sid, out var consumed, out var error))
        {
            throw Error(sddl, position, $"{tag}: {error}");
        }

        position += consumed;
        return sid!;
    }

    private static AccessControlList? ReadAcl(string sddl, ReadOnlySpan<char> text, ref int position, bool isSacl,
        ref SecurityDescriptorControl control)
    {
        var isNull = false;

        // ACL flags, up to the first ACE or the next component.
        while (position < text.Length && text[position] != '(' && !IsComponentStart(text, position))
        {
            var rest = text[position..];
            if (rest.StartsWith(NullAcl, StringComparison.Ordinal))
            {
                isNull = true;
                position += NullAcl.Length;
            }
            else if (rest.StartsWith("AR", StringComparison.Ordinal))
            {
                control |= isSacl ? SecurityDescriptorControl.SaclAutoInheritRequired : SecurityDescriptorControl.DaclAutoInheritRequired;
                position += 2;
            }
            else if (rest.StartsWith("AI", StringComparison.Ordinal))
            {
                control |= isSacl ? SecurityDescriptorControl.SaclAutoInherited : SecurityDescriptorControl.DaclAutoInherited;
                position += 2;
            }
            else if (rest[0] == 'P')
            {
                control |= isSacl ? SecurityDescriptorControl.SaclProtected : SecurityDescriptorControl.DaclProtected;
                position += 1;
            }
            else
            {
                throw Error(sddl, position, $"unknown {(isSacl ? "SACL" : "DACL")} flag; the flags are P, AR, AI and NO_ACCESS_CONTROL");
            }
        }

        var entries = new List<AccessControlEntry>();
        var size = AccessControlList.HeaderLength;
        while (position < text.Length && text[position] == '(')
        {
            var close = text[position..].IndexOf(')');
            if (close < 0)
            {
                throw Error(sddl, position, "an ACE has no closing parenthesis");
            }

            var ace = ReadAce(sddl, text.Slice(position + 1, close - 1), position + 1);
            size += ace.BinaryLength;
            if (size > ushort.MaxValue)
            {
                throw Error(sddl, position, "the ACL would exceed 65535 bytes");
            }

            entries.Add(ace);
            position += close + 1;
        }

        if (isNull)
        {
            if (entries.Count > 0)
            {
                throw Error(sddl, position, "NO_ACCESS_CONTROL (a NULL ACL) cannot hold ACEs");
            }

            return null;
        }

        return new AccessControlList(entries);
    }

    private static AccessControlEntry ReadAce(string sddl, ReadOnlySpan<char> body, int start)
    {
        Span<Range> fields = stackalloc Range[7];
        var count = body.Split(fields, ';');
        var typeText = count > 0 ? body[fields[0]] : body;
        if (SddlTokens.UnsupportedAceTypes.Contains(typeText.ToString()))
        {
            throw Error(sddl, start, $"ACE type {typeText.ToString()} (callback, conditional or resource-attribute ACE) is not supported");
        }

        if (count != 6)
        {
            throw Error(sddl, start, "an ACE has six fields: type;flags;rights;object_guid;inherit_object_guid;account_sid");
        }

        AceType? type = null;
        foreach (var (token, t) in SddlTokens.AceTypes)
        {
            if (typeText.SequenceEqual(token))
            {
                type = t;
            }
        }

        if (type is null)
        {
            throw Error(sddl, start, $"unknown ACE type '{typeText.ToString()}'");
        }

        var flags = ReadFlags(sddl, body[fields[1]], start + fields[1].Start.Value);
        var rightsText = body[fields[2]];
        if (!TryParseRights(rightsText, out var mask, out var rightsError))
        {
            throw Error(sddl, start + fields[2].Start.Value, rightsError);
        }

        var objectType = ReadGuid(sddl, body[fields[3]], start + fields[3].Start.Value);
        var inheritedObjectType = ReadGuid(sddl, body[fields[4]], start + fields[4].Start.Value);
        var sidText = body[fields[5]];
        var sidStart = start + fields[5].Start.Value;
        if (!SecurityIdentifier.TryParsePrefix(sidText, out var sid, out var consumed, out var sidError))
        {
            throw Error(sddl, sidStart, sidError);
        }

        if (consumed != sidText.Length)
        {
            throw Error(sddl, sidStart + consumed, $"unexpected text after the SID: '{sidText[consumed..].ToString()}'");
        }

        if (AccessControlEntry.IsObjectType(type.Value))
        {
            return AccessControlEntry.FromRaw(SddlWriter.BuildObjectAce(type.Value, flags, mask, objectType, inheritedObjectType, sid!));
        }

        if (objectType is not null || inheritedObjectType is not null)
        {
            throw Error(sddl, start, $"only object ACEs (OA, OD, OU, OL) carry GUIDs, not {typeText.ToString()}");
        }

        return new AccessControlEntry(type.Value, flags, mask, sid!);
    }

    private static AceFlags ReadFlags(string sddl, ReadOnlySpan<char> text, int start)
    {
        var flags = AceFlags.None;
        for (var i = 0; i < text.Length; i += 2)
        {
            var word = text.Slice(i, Math.Min(2, text.Length - i));
            var found = false;
            foreach (var (token, flag) in SddlTokens.AceFlagTokens)
            {
                if (word.SequenceEqual(token))
                {
                    flags |= flag;
                    found = true;
                }
            }

            if (!found)
            {
                throw Error(sddl, start + i, $"unknown ACE flag '{word.ToString()}'; the flags are OI, CI, NP, IO, ID, SA, FA");
            }
        }

        return flags;
    }

    private static Guid? ReadGuid(string sddl, ReadOnlySpan<char> text, int start)
    {
        if (text.IsEmpty)
        {
            return null;
        }

        return Guid.TryParseExact(text, "D", out var guid) ? guid : throw Error(sddl, start, $"'{text.ToString()}' is not a GUID");
    }

    private static bool TryParseRights(ReadOnlySpan<char> text, out uint mask, out string error)
    {
        mask = 0;
        error = "";
        if (text.IsEmpty)
        {
            return true;
        }

        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            var hex = text[2..];
            if (hex.Length is > 0 and <= 8 && uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out mask))
            {
                return true;
            }

            error = $"rights '{text.ToString()}' are not a 32-bit hex number";
            return false;
        }

        if (char.IsAsciiDigit(text[0]))
        {
            if (!text.ContainsAnyExceptInRange('0', '9') && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out mask))
            {
                return true;
            }

            error = $"rights '{text.ToString()}' are not a 32-bit number";
            return false;
        }

        for (var i = 0; i < text.Length; i += 2)
        {
            var word = text.Slice(i, Math.Min(2, text.Length - i));
            var bits = RightsWord(word);
            if (bits is null)
            {
                error = $"unknown rights word '{word.ToString()}' in '{text.ToString()}'";
                return false;
            }

            mask |= bits.Value;
        }

        return true;
    }

    private static uint? RightsWord(ReadOnlySpan<char> word)
    {
        foreach (var (token, whole) in SddlTokens.WholeMasks)
        {
            if (word.SequenceEqual(token))
            {
                return whole;
            }
        }

        foreach (var (token, bit) in SddlTokens.BitRights)
        {
            if (word.SequenceEqual(token))
            {
                return bit;
            }
        }

        foreach (var (token, bit) in SddlTokens.LabelRights)
        {
            if (word.SequenceEqual(token))
            {
                return bit;
            }
        }

        return null;
    }
}
