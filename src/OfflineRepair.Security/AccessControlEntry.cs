using System.Buffers.Binary;

namespace OfflineRepair.Security;

/// <summary>
/// One ACE. Header (MS-DTYP 2.4.4.1): type byte, flags byte, little-endian uint16 size of the whole ACE;
/// then every ACE type starts its body with a uint32 access mask. The types whose body is exactly
/// mask + SID (allow, deny, audit, alarm, mandatory label, scoped policy) are modelled: <see cref="Sid"/>
/// is set. Every other type (object ACEs, callbacks, resource attributes, …) is kept as its exact
/// bytes in <see cref="RawBytes"/>, with <see cref="Sid"/> null, so it is written back byte for byte.
/// Immutable; equal when they would write the same bytes.
/// </summary>
public sealed class AccessControlEntry : IEquatable<AccessControlEntry>
{
    internal const int HeaderLength = 4;
    private const int MaskLength = 4;
    private const int MinimumSidLength = 8;

    private readonly byte[]? raw;

    // Bytes after the SID inside a modelled ACE whose size says more than mask + SID (kept for round trips).
    private readonly byte[] trailing;

    /// <summary>A modelled ACE (allow, deny, audit, alarm, mandatory label, scoped policy).</summary>
    public AccessControlEntry(AceType type, AceFlags flags, uint mask, SecurityIdentifier sid)
    {
        ArgumentNullException.ThrowIfNull(sid);
        if (!IsModelled(type))
        {
            throw new ArgumentException($"ACE type {type} has a body other than mask + SID; read it from bytes instead", nameof(type));
        }

        Type = type;
        Flags = flags;
        Mask = mask;
        Sid = sid;
        trailing = [];
    }

    private AccessControlEntry(AceType type, AceFlags flags, uint mask, SecurityIdentifier? sid, byte[]? raw, byte[] trailing)
    {
        Type = type;
        Flags = flags;
        Mask = mask;
        Sid = sid;
        this.raw = raw;
        this.trailing = trailing;
    }

    public AceType Type { get; }

    public AceFlags Flags { get; }

    /// <summary>The access mask (for every ACE type, the uint32 after the header; 0 for a body too short to hold one).</summary>
    public uint Mask { get; }

    /// <summary>The trustee of a modelled ACE; null for the types kept as raw bytes.</summary>
    public SecurityIdentifier? Sid { get; }

    /// <summary>The exact bytes of an ACE whose type is not modelled; null for modelled ones.</summary>
    public ReadOnlyMemory<byte>? RawBytes
    {
        get
        {
            // Spelled out: a null byte[] converts implicitly to an empty, non-null ReadOnlyMemory.
            if (raw is null)
            {
                return null;
            }

            return new ReadOnlyMemory<byte>(raw);
        }
    }

    public bool IsInherited => (Flags & AceFlags.Inherited) != 0;

    public bool IsInheritOnly => (Flags & AceFlags.InheritOnly) != 0;

    public int BinaryLength => raw?.Length ?? HeaderLength + MaskLength + Sid!.BinaryLength + trailing.Length;

    /// <summary>Whether the model holds more than SDDL can say: bytes after the SID of a modelled ACE.</summary>
    internal bool HasTrailingBytes => trailing.Length > 0;

    /// <summary>The types whose body is mask + SID, which this class models.</summary>
    public static bool IsModelled(AceType type) => type is AceType.AccessAllowed or AceType.AccessDenied or AceType.SystemAudit
        or AceType.SystemAlarm or AceType.SystemMandatoryLabel or AceType.SystemScopedPolicyId;

    /// <summary>Object ACEs (types 5-8): mask, object flags, up to two GUIDs, then the SID.</summary>
    public static bool IsObjectType(AceType type) => type is AceType.AccessAllowedObject or AceType.AccessDeniedObject
        or AceType.SystemAuditObject or AceType.SystemAlarmObject or AceType.AccessAllowedCallbackObject
        or AceType.AccessDeniedCallbackObject or AceType.SystemAuditCallbackObject or AceType.SystemAlarmCallbackObject;

    /// <summary>Reads the ACE at the start of <paramref name="bytes"/>; <paramref name="length"/> is its size field.</summary>
    public static AccessControlEntry Read(ReadOnlySpan<byte> bytes, out int length) => Read(bytes, 0, out length);

    /// <summary>An ACE of a type that is not modelled, from its exact bytes (the SDDL parser builds object ACEs so).</summary>
    internal static AccessControlEntry FromRaw(byte[] bytes) => Read(bytes, 0, out _);

    internal static AccessControlEntry Read(ReadOnlySpan<byte> bytes, int origin, out int length)
    {
        if (bytes.Length < HeaderLength)
        {
            throw new SecurityFormatException("ACE", origin, $"truncated: {bytes.Length} bytes, the header alone is {HeaderLength}");
        }

        var type = (AceType)bytes[0];
        var flags = (AceFlags)bytes[1];
        length = BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]);
        if (length < HeaderLength)
        {
            throw new SecurityFormatException("ACE", origin, $"size {length} is smaller than the {HeaderLength}-byte header");
        }

        if (length > bytes.Length)
        {
            throw new SecurityFormatException("ACE", origin, $"size {length} runs past the end of its ACL ({bytes.Length} bytes remain)");
        }

        var ace = bytes[..length];
        if (!IsModelled(type))
        {
            var mask = length >= HeaderLength + MaskLength ? BinaryPrimitives.ReadUInt32LittleEndian(ace[HeaderLength..]) : 0;
            return new AccessControlEntry(type, flags, mask, null, ace.ToArray(), []);
        }

        if (length < HeaderLength + MaskLength + MinimumSidLength)
        {
            throw new SecurityFormatException("ACE", origin, $"size {length} is too small for a {type} ACE (header, mask and SID need at least 16)");
        }

        var sidStart = HeaderLength + MaskLength;
        var sid = SecurityIdentifier.Read(ace[sidStart..], origin + sidStart, out var sidLength);
        return new AccessControlEntry(type, flags, BinaryPrimitives.ReadUInt32LittleEndian(ace[HeaderLength..]), sid, null,
            ace[(sidStart + sidLength)..].ToArray());
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[BinaryLength];
        WriteTo(bytes);
        return bytes;
    }

    internal void WriteTo(Span<byte> destination)
    {
        if (raw is not null)
        {
            raw.CopyTo(destination);
            return;
        }

        destination[0] = (byte)Type;
        destination[1] = (byte)Flags;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], checked((ushort)BinaryLength));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[HeaderLength..], Mask);
        Sid!.WriteTo(destination[(HeaderLength + MaskLength)..]);
        trailing.CopyTo(destination[(HeaderLength + MaskLength + Sid.BinaryLength)..]);
    }

    /// <summary>The same ACE with another access mask (for a raw ACE, the mask field inside its bytes).</summary>
    public AccessControlEntry WithMask(uint mask)
    {
        if (mask == Mask)
        {
            return this;
        }

        if (raw is null)
        {
            return new AccessControlEntry(Type, Flags, mask, Sid, null, trailing);
        }

        if (raw.Length < HeaderLength + MaskLength)
        {
            throw new InvalidOperationException($"this {Type} ACE is {raw.Length} bytes long and has no access mask to change");
        }

        var copy = (byte[])raw.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(HeaderLength), mask);
        return new AccessControlEntry(Type, Flags, mask, null, copy, []);
    }

    /// <summary>The same ACE with other flags.</summary>
    public AccessControlEntry WithFlags(AceFlags flags)
    {
        if (flags == Flags)
        {
            return this;
        }

        if (raw is null)
        {
            return new AccessControlEntry(Type, flags, Mask, Sid, null, trailing);
        }

        var copy = (byte[])raw.Clone();
        copy[1] = (byte)flags;
        return new AccessControlEntry(Type, flags, Mask, null, copy, []);
    }

    /// <summary>The ACE as SDDL, e.g. "(A;OICI;FA;;;SY)".</summary>
    public override string ToString() => SddlWriter.WriteAce(this);

    public bool Equals(AccessControlEntry? other)
    {
        if (other is null)
        {
            return false;
        }

        if (raw is not null || other.raw is not null)
        {
            return raw is not null && other.raw is not null && raw.AsSpan().SequenceEqual(other.raw);
        }

        return Type == other.Type && Flags == other.Flags && Mask == other.Mask && Sid!.Equals(other.Sid)
            && trailing.AsSpan().SequenceEqual(other.trailing);
    }

    public override bool Equals(object? obj) => Equals(obj as AccessControlEntry);

    public override int GetHashCode() => HashCode.Combine(Type, Flags, Mask, Sid, raw?.Length ?? -1);
}
