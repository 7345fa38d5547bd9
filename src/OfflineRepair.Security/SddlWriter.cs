using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace OfflineRepair.Security;

/// <summary>
/// Writes SDDL the way ConvertSecurityDescriptorToStringSecurityDescriptor does, as far as its output
/// can be seen in Windows tools (Get-Acl, event 4670, the corpus of research/bcd_azure.md §5.6):
/// <list type="bullet">
/// <item>components in the order O:, G:, D:, S:; a D: or S: only when that ACL is present; a present
/// NULL ACL as NO_ACCESS_CONTROL; ACL flags in the order P, AR, AI ("D:PAI", "D:PARAI").</item>
/// <item>SIDs as their alias when they have one ("SY", "BA", "WD"), else S-1-….</item>
/// <item>ACE flags in bit order ("OICIIOID"); rights as a whole-mask word when the mask is exactly FA,
/// FR, FW, FX, KA, KR or KW (0x1F01FF → FA, 0x120089 → FR); else as one-bit words in bit order when
/// every bit has one ("CCLCSWRPWPDTLOCRRC", "SDGXGWGR", "LC"); else hex, lowercase, no leading zeros
/// ("0x1200a9", "0x12019f": SYNCHRONIZE has no word). Mask 0 is the empty string.</item>
/// </list>
/// <see cref="Write"/> refuses (NotSupportedException) what SDDL cannot say: ACE types without an SDDL
/// word or needing conditional expressions, ACE flag bits without a letter, bytes after an ACE's SID.
/// It does not carry control bits SDDL has no word for (defaulted bits, resource-manager bits), ACL
/// padding, or a descriptor's byte layout: Windows' SDDL drops those too.
/// </summary>
public static class SddlWriter
{
    private const int ObjectTypePresent = 1;
    private const int InheritedObjectTypePresent = 2;

    public static string Write(SecurityDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return WriteCore(descriptor, strict: true);
    }

    /// <summary>For display: like <see cref="Write"/>, but an ACE SDDL cannot say shows as "(?type;…)" instead of throwing.</summary>
    public static string WriteLenient(SecurityDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return WriteCore(descriptor, strict: false);
    }

    /// <summary>One ACE, lenient (used by <see cref="AccessControlEntry.ToString"/>).</summary>
    public static string WriteAce(AccessControlEntry ace)
    {
        ArgumentNullException.ThrowIfNull(ace);
        var text = new StringBuilder();
        AppendAce(text, ace, strict: false);
        return text.ToString();
    }

    /// <summary>A SID as SDDL writes it: its alias, else S-1-….</summary>
    public static string WriteSid(SecurityIdentifier sid)
    {
        ArgumentNullException.ThrowIfNull(sid);
        return sid.SddlAlias ?? sid.ToString();
    }

    /// <summary>An access mask as SDDL writes it in an ACE of <paramref name="type"/> (see the class remarks).</summary>
    public static string WriteRights(uint mask, AceType type = AceType.AccessAllowed)
    {
        if (mask == 0)
        {
            return "";
        }

        if (type == AceType.SystemMandatoryLabel)
        {
            return BitWords(mask, SddlTokens.LabelRights) ?? Hex(mask);
        }

        foreach (var (token, whole) in SddlTokens.WholeMasks)
        {
            if (mask == whole)
            {
                return token;
            }
        }

        return BitWords(mask, SddlTokens.BitRights) ?? Hex(mask);
    }

    private static string Hex(uint mask) => "0x" + mask.ToString("x", CultureInfo.InvariantCulture);

    private static string? BitWords(uint mask, (string Token, uint Bit)[] words)
    {
        var text = new StringBuilder();
        var left = mask;
        foreach (var (token, bit) in words)
        {
            if ((mask & bit) != 0)
            {
                text.Append(token);
                left &= ~bit;
            }
        }

        return left == 0 ? text.ToString() : null;
    }

    private static string WriteCore(SecurityDescriptor descriptor, bool strict)
    {
        var text = new StringBuilder();
        if (descriptor.Owner is not null)
        {
            text.Append("O:").Append(WriteSid(descriptor.Owner));
        }

        if (descriptor.Group is not null)
        {
            text.Append("G:").Append(WriteSid(descriptor.Group));
        }

        if (descriptor.IsDaclPresent)
        {
            text.Append("D:");
            AppendAclFlags(text, descriptor, SecurityDescriptorControl.DaclProtected, SecurityDescriptorControl.DaclAutoInheritRequired,
                SecurityDescriptorControl.DaclAutoInherited);
            AppendAcl(text, descriptor.Dacl, strict);
        }

        if (descriptor.IsSaclPresent)
        {
            text.Append("S:");
            AppendAclFlags(text, descriptor, SecurityDescriptorControl.SaclProtected, SecurityDescriptorControl.SaclAutoInheritRequired,
                SecurityDescriptorControl.SaclAutoInherited);
            AppendAcl(text, descriptor.Sacl, strict);
        }

        return text.ToString();
    }

    private static void AppendAclFlags(StringBuilder text, SecurityDescriptor descriptor, SecurityDescriptorControl protectedFlag,
        SecurityDescriptorControl autoInheritRequired, SecurityDescriptorControl autoInherited)
    {
        if (descriptor.HasControl(protectedFlag))
        {
            text.Append('P');
        }

        if (descriptor.HasControl(autoInheritRequired))
        {
            text.Append("AR");
        }

        if (descriptor.HasControl(autoInherited))
        {
            text.Append("AI");
        }
    }

    private static void AppendAcl(StringBuilder text, AccessControlList? acl, bool strict)
    {
        if (acl is null)
        {
            text.Append("NO_ACCESS_CONTROL");
            return;
        }

        foreach (var ace in acl.Entries)
        {
            AppendAce(text, ace, strict);
        }
    }

    private static void AppendAce(StringBuilder text, AccessControlEntry ace, bool strict)
    {
        var problem = Describe(ace, out var typeToken, out var objectType, out var inheritedObjectType, out var sid);
        if (problem is not null)
        {
            if (strict)
            {
                throw new NotSupportedException($"SDDL cannot express this ACE: {problem}");
            }

            text.Append("(?").Append(problem).Append(')');
            return;
        }

        text.Append('(').Append(typeToken).Append(';');
        foreach (var (token, flag) in SddlTokens.AceFlagTokens)
        {
            if ((ace.Flags & flag) != 0)
            {
                text.Append(token);
            }
        }

        text.Append(';').Append(WriteRights(ace.Mask, ace.Type)).Append(';');
        text.Append(objectType?.ToString("D") ?? "").Append(';');
        text.Append(inheritedObjectType?.ToString("D") ?? "").Append(';');
        text.Append(WriteSid(sid!)).Append(')');
    }

    // Null when the ACE can be written; otherwise what stands in the way.
    private static string? Describe(AccessControlEntry ace, out string? typeToken, out Guid? objectType, out Guid? inheritedObjectType,
        out SecurityIdentifier? sid)
    {
        objectType = null;
        inheritedObjectType = null;
        sid = ace.Sid;
        typeToken = SddlTokens.AceTypeToken(ace.Type);
        if (typeToken is null)
        {
            return $"ACE type 0x{(byte)ace.Type:X2} ({ace.Type}) has no SDDL form this tool writes";
        }

        var known = AceFlags.None;
        foreach (var (_, flag) in SddlTokens.AceFlagTokens)
        {
            known |= flag;
        }

        if ((ace.Flags & ~known) != 0)
        {
            return $"ACE flag bits 0x{(byte)(ace.Flags & ~known):X2} have no SDDL letter";
        }

        if (ace.RawBytes is { } raw)
        {
            return DescribeObjectAce(raw.Span, ace.Type, out objectType, out inheritedObjectType, out sid);
        }

        return ace.HasTrailingBytes ? $"the {ace.Type} ACE holds bytes after its SID" : null;
    }

    // Object ACE body: mask, uint32 flags (1: object type GUID follows, 2: inherited object type GUID follows), the GUIDs, the SID.
    private static string? DescribeObjectAce(ReadOnlySpan<byte> raw, AceType type, out Guid? objectType, out Guid? inheritedObjectType,
        out SecurityIdentifier? sid)
    {
        objectType = null;
        inheritedObjectType = null;
        sid = null;
        const int flagsOffset = 8;
        if (raw.Length < flagsOffset + 4)
        {
            return $"the {type} ACE is too short for its object flags";
        }

        var flags = BinaryPrimitives.ReadUInt32LittleEndian(raw[flagsOffset..]);
        if ((flags & ~(uint)(ObjectTypePresent | InheritedObjectTypePresent)) != 0)
        {
            return $"the {type} ACE has unknown object flags 0x{flags:X}";
        }

        var offset = flagsOffset + 4;
        if ((flags & ObjectTypePresent) != 0)
        {
            if (raw.Length < offset + 16)
            {
                return $"the {type} ACE is too short for its object type GUID";
            }

            objectType = new Guid(raw.Slice(offset, 16));
            offset += 16;
        }

        if ((flags & InheritedObjectTypePresent) != 0)
        {
            if (raw.Length < offset + 16)
            {
                return $"the {type} ACE is too short for its inherited object type GUID";
            }

            inheritedObjectType = new Guid(raw.Slice(offset, 16));
            offset += 16;
        }

        try
        {
            sid = SecurityIdentifier.Read(raw[offset..], out var sidLength);
            return offset + sidLength == raw.Length ? null : $"the {type} ACE holds bytes after its SID";
        }
        catch (SecurityFormatException e)
        {
            return $"the {type} ACE's SID is malformed ({e.Problem})";
        }
    }

    /// <summary>Builds the bytes of an object ACE (the SDDL parser's OA/OD/OU/OL).</summary>
    internal static byte[] BuildObjectAce(AceType type, AceFlags flags, uint mask, Guid? objectType, Guid? inheritedObjectType, SecurityIdentifier sid)
    {
        var length = 12 + (objectType is null ? 0 : 16) + (inheritedObjectType is null ? 0 : 16) + sid.BinaryLength;
        var bytes = new byte[length];
        bytes[0] = (byte)type;
        bytes[1] = (byte)flags;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), (ushort)length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), mask);
        var objectFlags = (objectType is null ? 0 : ObjectTypePresent) | (inheritedObjectType is null ? 0 : InheritedObjectTypePresent);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)objectFlags);
        var offset = 12;
        if (objectType is { } o)
        {
            o.TryWriteBytes(bytes.AsSpan(offset));
            offset += 16;
        }

        if (inheritedObjectType is { } i)
        {
            i.TryWriteBytes(bytes.AsSpan(offset));
            offset += 16;
        }

        sid.WriteTo(bytes.AsSpan(offset));
        return bytes;
    }
}
