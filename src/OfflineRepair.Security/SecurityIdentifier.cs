using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OfflineRepair.Security;

/// <summary>
/// A security identifier (SID): revision 1, a 48-bit identifier authority and up to 15 32-bit
/// sub-authorities. Binary form (MS-DTYP 2.4.2.2): revision byte, sub-authority count byte, the
/// authority as 6 big-endian bytes, then each sub-authority as a little-endian uint32; 8 + 4n bytes.
/// Immutable, compared by value.
/// </summary>
public sealed class SecurityIdentifier : IEquatable<SecurityIdentifier>
{
    /// <summary>The only SID revision there is.</summary>
    public const byte Revision = 1;

    /// <summary>Windows' SID_MAX_SUB_AUTHORITIES.</summary>
    public const int MaxSubAuthorities = 15;

    /// <summary>The largest identifier authority: 6 bytes.</summary>
    public const ulong MaxIdentifierAuthority = 0xFFFF_FFFF_FFFF;

    private const int HeaderLength = 8;

    // NT SERVICE\X is S-1-5-80 followed by the SHA-1 of the upper-cased name (SECURITY_SERVICE_ID_BASE_RID).
    private const uint ServiceBaseRid = 80;

    private readonly uint[] subAuthorities;

    public SecurityIdentifier(ulong identifierAuthority, params ReadOnlySpan<uint> subAuthorities)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(identifierAuthority, MaxIdentifierAuthority);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(subAuthorities.Length, MaxSubAuthorities, nameof(subAuthorities));
        IdentifierAuthority = identifierAuthority;
        this.subAuthorities = subAuthorities.ToArray();
    }

    public ulong IdentifierAuthority { get; }

    public IReadOnlyList<uint> SubAuthorities => subAuthorities;

    /// <summary>The last sub-authority (the relative identifier), or null when there is none.</summary>
    public uint? Rid => subAuthorities.Length == 0 ? null : subAuthorities[^1];

    public int BinaryLength => HeaderLength + (4 * subAuthorities.Length);

    /// <summary>The two-letter SDDL alias ("SY", "BA", ...) of a well-known SID, or null.</summary>
    public string? SddlAlias => SidNames.AliasOf(this);

    /// <summary>
    /// The name Windows shows for a well-known SID ("NT AUTHORITY\SYSTEM", "BUILTIN\Administrators",
    /// "Everyone", "NT SERVICE\TrustedInstaller"), or null for a SID only a machine or domain can name.
    /// </summary>
    public string? AccountName => SidNames.AccountNameOf(this);

    /// <summary>
    /// Parses "S-1-5-18" (authority in decimal, or in hex with 0x as Windows writes authorities of 2^32 and
    /// more) or an SDDL alias ("SY", "BA", ...). Aliases that stand for a domain's or a machine's own
    /// accounts (DA, DU, LA, ...) are refused: offline there is no domain to resolve them against.
    /// </summary>
    public static SecurityIdentifier Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParseCore(text.AsSpan().Trim(), out var sid, out var error))
        {
            return sid!;
        }

        throw new FormatException(error);
    }

    public static bool TryParse(string? text, out SecurityIdentifier? sid)
    {
        sid = null;
        return text is not null && TryParseCore(text.AsSpan().Trim(), out sid, out _);
    }

    /// <summary>Reads a binary SID from the start of <paramref name="bytes"/>; <paramref name="length"/> is 8 + 4n.</summary>
    public static SecurityIdentifier Read(ReadOnlySpan<byte> bytes, out int length) => Read(bytes, 0, out length);

    internal static SecurityIdentifier Read(ReadOnlySpan<byte> bytes, int origin, out int length)
    {
        if (bytes.Length < HeaderLength)
        {
            throw new SecurityFormatException("SID", origin, $"truncated: {bytes.Length} bytes, the header alone is {HeaderLength}");
        }

        if (bytes[0] != Revision)
        {
            throw new SecurityFormatException("SID", origin, $"revision {bytes[0]}, only revision 1 exists");
        }

        int count = bytes[1];
        if (count > MaxSubAuthorities)
        {
            throw new SecurityFormatException("SID", origin, $"{count} sub-authorities, at most {MaxSubAuthorities} are allowed");
        }

        length = HeaderLength + (4 * count);
        if (bytes.Length < length)
        {
            throw new SecurityFormatException("SID", origin, $"truncated: {count} sub-authorities need {length} bytes, {bytes.Length} remain");
        }

        ulong authority = 0;
        for (var i = 2; i < HeaderLength; i++)
        {
            authority = (authority << 8) | bytes[i];
        }

        Span<uint> subs = stackalloc uint[count];
        for (var i = 0; i < count; i++)
        {
            subs[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(HeaderLength + (4 * i))..]);
        }

        return new SecurityIdentifier(authority, subs);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[BinaryLength];
        WriteTo(bytes);
        return bytes;
    }

    internal void WriteTo(Span<byte> destination)
    {
        destination[0] = Revision;
        destination[1] = (byte)subAuthorities.Length;
        var authority = IdentifierAuthority;
        for (var i = HeaderLength - 1; i >= 2; i--)
        {
            destination[i] = (byte)authority;
            authority >>= 8;
        }

        for (var i = 0; i < subAuthorities.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(HeaderLength + (4 * i))..], subAuthorities[i]);
        }
    }

    /// <summary>
    /// The SID of NT SERVICE\<paramref name="serviceName"/>: S-1-5-80 and the five little-endian words of
    /// SHA-1 over the UTF-16LE bytes of the upper-cased name. It depends on the name only, so it is the
    /// same on every Windows installation and can be written offline.
    /// </summary>
    public static SecurityIdentifier ForService(string serviceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        var name = Encoding.Unicode.GetBytes(serviceName.ToUpperInvariant());
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];

        // SHA-1 here is the naming scheme Windows fixed, not a security choice.
#pragma warning disable CA5350
        SHA1.HashData(name, hash);
#pragma warning restore CA5350
        Span<uint> subs = stackalloc uint[6];
        subs[0] = ServiceBaseRid;
        for (var i = 0; i < 5; i++)
        {
            subs[i + 1] = BinaryPrimitives.ReadUInt32LittleEndian(hash[(4 * i)..]);
        }

        return new SecurityIdentifier(5, subs);
    }

    /// <summary>"S-1-5-18". Authorities of 2^32 and more are written as 0x and 12 hex digits, as Windows does.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("S-1-");
        if (IdentifierAuthority < (1UL << 32))
        {
            text.Append(IdentifierAuthority.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            text.Append("0x").Append(IdentifierAuthority.ToString("X12", CultureInfo.InvariantCulture));
        }

        foreach (var sub in subAuthorities)
        {
            text.Append('-').Append(sub.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public bool Equals(SecurityIdentifier? other) =>
        other is not null && IdentifierAuthority == other.IdentifierAuthority && subAuthorities.AsSpan().SequenceEqual(other.subAuthorities);

    public override bool Equals(object? obj) => Equals(obj as SecurityIdentifier);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(IdentifierAuthority);
        foreach (var sub in subAuthorities)
        {
            hash.Add(sub);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(SecurityIdentifier? left, SecurityIdentifier? right) =>
        left is null ? right is null : left.Equals(right);

    public static bool operator !=(SecurityIdentifier? left, SecurityIdentifier? right) => !(left == right);

    /// <summary>Parses a SID at the start of SDDL text (alias or S-1-…); <paramref name="consumed"/> says how far it went.</summary>
    internal static bool TryParsePrefix(ReadOnlySpan<char> text, out SecurityIdentifier? sid, out int consumed, out string error)
    {
        sid = null;
        consumed = 0;
        if (text.Length >= 2 && (text[0] == 'S' || text[0] == 's') && text[1] == '-')
        {
            // A textual SID runs over digits, dashes and (for a hex authority) x and hex digits; it ends
            // where the next SDDL component or ACE field starts.
            var end = 2;
            while (end < text.Length && IsSidTextChar(text, end))
            {
                end++;
            }

            consumed = end;
            return TryParseNumeric(text[..end], out sid, out error);
        }

        if (text.Length >= 2)
        {
            consumed = 2;
            return TryParseAlias(text[..2], out sid, out error);
        }

        error = $"'{text.ToString()}' is neither an SDDL alias nor an S-1-… SID";
        return false;
    }

    private static bool IsSidTextChar(ReadOnlySpan<char> text, int index)
    {
        var c = text[index];
        if (char.IsAsciiDigit(c) || c == '-')
        {
            return true;
        }

        // Hex letters only inside a "0x" authority (the third dash-separated field).
        if (c is 'x' or 'X')
        {
            return index >= 1 && text[index - 1] == '0';
        }

        if (char.IsAsciiHexDigit(c))
        {
            var x = text[..index].LastIndexOfAny('x', 'X');
            return x >= 0 && text[x..index].IndexOf('-') < 0 && index - x <= 12;
        }

        return false;
    }

    private static bool TryParseCore(ReadOnlySpan<char> text, out SecurityIdentifier? sid, out string error)
    {
        if (text.Length >= 2 && (text[0] == 'S' || text[0] == 's') && text[1] == '-')
        {
            return TryParseNumeric(text, out sid, out error);
        }

        if (text.Length == 2)
        {
            return TryParseAlias(text, out sid, out error);
        }

        sid = null;
        error = $"'{text.ToString()}' is neither an SDDL alias nor an S-1-… SID";
        return false;
    }

    private static bool TryParseAlias(ReadOnlySpan<char> alias, out SecurityIdentifier? sid, out string error)
    {
        var upper = alias.ToString().ToUpperInvariant();
        sid = SidNames.FromAlias(upper);
        if (sid is not null)
        {
            error = "";
            return true;
        }

        error = SidNames.IsDomainRelativeAlias(upper)
            ? $"SDDL alias '{upper}' names an account of the machine's or the domain's own SID, which cannot be resolved offline; write the full S-1-5-21-… SID"
            : $"'{alias.ToString()}' is not an SDDL SID alias this tool knows";
        return false;
    }

    private static bool TryParseNumeric(ReadOnlySpan<char> text, out SecurityIdentifier? sid, out string error)
    {
        sid = null;
        Span<Range> parts = stackalloc Range[MaxSubAuthorities + 4];
        var count = text.Split(parts, '-');
        if (count < 3)
        {
            error = $"SID '{text.ToString()}' needs at least S-1-authority";
            return false;
        }

        if (count > MaxSubAuthorities + 3)
        {
            error = $"SID '{text.ToString()}' has more than {MaxSubAuthorities} sub-authorities";
            return false;
        }

        if (!text[parts[1]].SequenceEqual("1"))
        {
            error = $"SID '{text.ToString()}' has revision '{text[parts[1]].ToString()}', only 1 exists";
            return false;
        }

        var authorityText = text[parts[2]];
        ulong authority;
        if (authorityText.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            var hex = authorityText[2..];
            if (hex.Length is 0 or > 12 || !ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out authority))
            {
                error = $"SID '{text.ToString()}' has a bad hex authority";
                return false;
            }
        }
        else if (!IsDigits(authorityText) || !ulong.TryParse(authorityText, NumberStyles.None, CultureInfo.InvariantCulture, out authority)
                 || authority > MaxIdentifierAuthority)
        {
            error = $"SID '{text.ToString()}' has a bad authority";
            return false;
        }

        Span<uint> subs = stackalloc uint[count - 3];
        for (var i = 3; i < count; i++)
        {
            var part = text[parts[i]];
            if (!IsDigits(part) || !uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out subs[i - 3]))
            {
                error = $"SID '{text.ToString()}' has a bad sub-authority '{part.ToString()}' (decimal 0-4294967295)";
                return false;
            }
        }

        sid = new SecurityIdentifier(authority, subs);
        error = "";
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => text.Length is > 0 and <= 20 && !text.ContainsAnyExceptInRange('0', '9');
}
