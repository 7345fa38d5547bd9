using System.Buffers.Binary;

namespace OfflineRepair.Security;

/// <summary>
/// A security descriptor in self-relative form, as NTFS ($Secure:$SDS) and the registry (security
/// cells) store it. Header (research/ntfs_vhd.md §2.5): revision (1), a byte of resource-manager
/// control bits, uint16 control, then the offsets of owner, group, SACL and DACL (0 = absent), each
/// uint32 from the start of the descriptor. Immutable.
/// <para>
/// Layout. Offsets make the order of the parts free, but $SDS shares descriptors by comparing bytes, so
/// what we write must be what Windows writes: header, SACL, DACL, owner, group, each part right after
/// the previous one (4-aligned). Every descriptor in the Windows-made volumes of the corpus is laid out
/// so (tests/OfflineRepair.Security.Tests/CorpusTests.cs). A parsed descriptor laid out otherwise
/// (another order, gaps, bytes after the last part) remembers where its parts were and what lay between
/// them, and <see cref="ToBytes"/> reproduces it exactly; any change made through the With… methods
/// writes Windows' layout.
/// </para>
/// Equality is logical: control, owner, group, SACL and DACL, not the layout.
/// </summary>
public sealed class SecurityDescriptor : IEquatable<SecurityDescriptor>
{
    public const byte Revision = 1;
    internal const int HeaderLength = 20;

    private const int OwnerField = 4;
    private const int GroupField = 8;
    private const int SaclField = 12;
    private const int DaclField = 16;

    private readonly Layout? layout;

    /// <summary>
    /// A descriptor in Windows' layout. <see cref="SecurityDescriptorControl.SelfRelative"/> is always set;
    /// DaclPresent and SaclPresent are added when the ACL is given (set DaclPresent yourself, with a null
    /// DACL, for a NULL DACL: everyone has full access).
    /// </summary>
    public SecurityDescriptor(SecurityDescriptorControl control, SecurityIdentifier? owner, SecurityIdentifier? group,
        AccessControlList? sacl, AccessControlList? dacl)
        : this(0, control, owner, group, sacl, dacl, null)
    {
    }

    private SecurityDescriptor(byte resourceManagerControl, SecurityDescriptorControl control, SecurityIdentifier? owner,
        SecurityIdentifier? group, AccessControlList? sacl, AccessControlList? dacl, Layout? layout)
    {
        control |= SecurityDescriptorControl.SelfRelative;
        if (dacl is not null)
        {
            control |= SecurityDescriptorControl.DaclPresent;
        }

        if (sacl is not null)
        {
            control |= SecurityDescriptorControl.SaclPresent;
        }

        ResourceManagerControl = resourceManagerControl;
        ControlFlags = control;
        Owner = owner;
        Group = group;
        Sacl = sacl;
        Dacl = dacl;
        this.layout = layout;
    }

    /// <summary>The control word (see <see cref="SecurityDescriptorControl"/>).</summary>
    public ushort Control => (ushort)ControlFlags;

    public SecurityDescriptorControl ControlFlags { get; }

    /// <summary>The byte after the revision (Sbz1): resource-manager bits when <see cref="SecurityDescriptorControl.ResourceManagerControlValid"/> is set.</summary>
    public byte ResourceManagerControl { get; }

    public SecurityIdentifier? Owner { get; }

    public SecurityIdentifier? Group { get; }

    public AccessControlList? Sacl { get; }

    /// <summary>The DACL; null either when absent or, with <see cref="IsDaclPresent"/>, for a NULL DACL.</summary>
    public AccessControlList? Dacl { get; }

    public bool IsDaclPresent => HasControl(SecurityDescriptorControl.DaclPresent);

    public bool IsSaclPresent => HasControl(SecurityDescriptorControl.SaclPresent);

    public bool IsDaclProtected => HasControl(SecurityDescriptorControl.DaclProtected);

    public bool IsDaclAutoInherited => HasControl(SecurityDescriptorControl.DaclAutoInherited);

    /// <summary>
    /// No DACL, or a NULL DACL: Windows then grants everyone every access. (An empty DACL is the opposite:
    /// nobody gets anything.)
    /// </summary>
    public bool GrantsEveryoneFullAccess => !IsDaclPresent || Dacl is null;

    /// <summary>Whether <see cref="ToBytes"/> writes Windows' layout (always, unless parsed from bytes laid out otherwise).</summary>
    public bool HasWindowsLayout => layout is null;

    public int BinaryLength => layout?.Length ?? CanonicalLength();

    public bool HasControl(SecurityDescriptorControl flags) => (ControlFlags & flags) == flags;

    /// <summary>
    /// Parses a self-relative descriptor; the span is the whole descriptor (as an $SDS entry or a
    /// registry security cell gives it), and bytes past its last part are part of its layout.
    /// </summary>
    public static SecurityDescriptor Parse(ReadOnlySpan<byte> selfRelative)
    {
        if (selfRelative.Length < HeaderLength)
        {
            throw new SecurityFormatException("security descriptor", 0, $"truncated: {selfRelative.Length} bytes, the header alone is {HeaderLength}");
        }

        if (selfRelative[0] != Revision)
        {
            throw new SecurityFormatException("security descriptor", 0, $"revision {selfRelative[0]}, only revision 1 exists");
        }

        var control = (SecurityDescriptorControl)BinaryPrimitives.ReadUInt16LittleEndian(selfRelative[2..]);
        if ((control & SecurityDescriptorControl.SelfRelative) == 0)
        {
            throw new SecurityFormatException("security descriptor", 2,
                $"control 0x{(ushort)control:X4} lacks SE_SELF_RELATIVE (0x8000): an absolute descriptor holds pointers, not offsets");
        }

        var ownerOffset = ReadOffset(selfRelative, OwnerField, "owner");
        var groupOffset = ReadOffset(selfRelative, GroupField, "group");
        var saclOffset = ReadOffset(selfRelative, SaclField, "SACL");
        var daclOffset = ReadOffset(selfRelative, DaclField, "DACL");

        var owner = ownerOffset == 0 ? null : SecurityIdentifier.Read(selfRelative[ownerOffset..], ownerOffset, out _);
        var group = groupOffset == 0 ? null : SecurityIdentifier.Read(selfRelative[groupOffset..], groupOffset, out _);

        // An ACL whose present bit is clear is ignored by Windows; it is not read (its bytes, if any, stay
        // in the layout).
        var sacl = saclOffset != 0 && (control & SecurityDescriptorControl.SaclPresent) != 0
            ? AccessControlList.Read(selfRelative[saclOffset..], saclOffset, out _)
            : null;
        var dacl = daclOffset != 0 && (control & SecurityDescriptorControl.DaclPresent) != 0
            ? AccessControlList.Read(selfRelative[daclOffset..], daclOffset, out _)
            : null;

        var parsed = new SecurityDescriptor(selfRelative[1], control, owner, group, sacl, dacl, null);
        var canonical = parsed.ToBytes();
        if (selfRelative.SequenceEqual(canonical))
        {
            return parsed;
        }

        var found = new Layout(selfRelative.Length, ownerOffset, groupOffset, saclOffset, daclOffset, Background(selfRelative, parsed,
            ownerOffset, groupOffset, saclOffset, daclOffset));
        return new SecurityDescriptor(selfRelative[1], control, owner, group, sacl, dacl, found);
    }

    public byte[] ToBytes()
    {
        if (layout is not null)
        {
            return WriteParsedLayout(layout);
        }

        var bytes = new byte[CanonicalLength()];
        WriteHeader(bytes, 0, 0, 0, 0);
        var offset = HeaderLength;

        // Windows' order: SACL, DACL, owner, group.
        if (Sacl is not null)
        {
            WriteOffset(bytes, SaclField, offset);
            Sacl.WriteTo(bytes.AsSpan(offset));
            offset = Align4(offset + Sacl.BinaryLength);
        }

        if (Dacl is not null)
        {
            WriteOffset(bytes, DaclField, offset);
            Dacl.WriteTo(bytes.AsSpan(offset));
            offset = Align4(offset + Dacl.BinaryLength);
        }

        if (Owner is not null)
        {
            WriteOffset(bytes, OwnerField, offset);
            Owner.WriteTo(bytes.AsSpan(offset));
            offset += Owner.BinaryLength;
        }

        if (Group is not null)
        {
            WriteOffset(bytes, GroupField, offset);
            Group.WriteTo(bytes.AsSpan(offset));
        }

        return bytes;
    }

    /// <summary>The same descriptor, written in Windows' layout from now on.</summary>
    public SecurityDescriptor WithWindowsLayout() =>
        layout is null ? this : new SecurityDescriptor(ResourceManagerControl, ControlFlags, Owner, Group, Sacl, Dacl, null);

    public SecurityDescriptor WithOwner(SecurityIdentifier? owner) =>
        new(ResourceManagerControl, ControlFlags, owner, Group, Sacl, Dacl, null);

    public SecurityDescriptor WithGroup(SecurityIdentifier? group) =>
        new(ResourceManagerControl, ControlFlags, Owner, group, Sacl, Dacl, null);

    /// <summary>This descriptor with <paramref name="dacl"/> as its DACL (DaclPresent set).</summary>
    public SecurityDescriptor WithDacl(AccessControlList dacl)
    {
        ArgumentNullException.ThrowIfNull(dacl);
        return new(ResourceManagerControl, ControlFlags, Owner, Group, Sacl, dacl, null);
    }

    /// <summary>This descriptor without a DACL (DaclPresent cleared: everyone has full access).</summary>
    public SecurityDescriptor WithoutDacl() =>
        new(ResourceManagerControl, ControlFlags & ~SecurityDescriptorControl.DaclPresent, Owner, Group, Sacl, null, null);

    public SecurityDescriptor WithSacl(AccessControlList sacl)
    {
        ArgumentNullException.ThrowIfNull(sacl);
        return new(ResourceManagerControl, ControlFlags, Owner, Group, sacl, Dacl, null);
    }

    public SecurityDescriptor WithoutSacl() =>
        new(ResourceManagerControl, ControlFlags & ~SecurityDescriptorControl.SaclPresent, Owner, Group, null, Dacl, null);

    /// <summary>
    /// Sets or clears control bits, e.g. <c>WithControl(SecurityDescriptorControl.DaclProtected, true)</c>.
    /// SelfRelative stays set; clearing DaclPresent or SaclPresent drops that ACL.
    /// </summary>
    public SecurityDescriptor WithControl(SecurityDescriptorControl flags, bool set)
    {
        var control = set ? ControlFlags | flags : ControlFlags & ~flags;
        control |= SecurityDescriptorControl.SelfRelative;
        var dacl = (control & SecurityDescriptorControl.DaclPresent) != 0 ? Dacl : null;
        var sacl = (control & SecurityDescriptorControl.SaclPresent) != 0 ? Sacl : null;
        return control == ControlFlags ? this : new(ResourceManagerControl, control, Owner, Group, sacl, dacl, null);
    }

    /// <summary>SDDL, as Windows writes it (see <see cref="SddlWriter"/>).</summary>
    public string ToSddl() => SddlWriter.Write(this);

    /// <summary>Parses SDDL into a descriptor in Windows' layout (see <see cref="SddlParser"/>).</summary>
    public static SecurityDescriptor ParseSddl(string sddl) => SddlParser.Parse(sddl);

    public override string ToString() => SddlWriter.WriteLenient(this);

    public bool Equals(SecurityDescriptor? other) =>
        other is not null && ControlFlags == other.ControlFlags && ResourceManagerControl == other.ResourceManagerControl
        && Equals(Owner, other.Owner) && Equals(Group, other.Group) && Equals(Sacl, other.Sacl) && Equals(Dacl, other.Dacl);

    public override bool Equals(object? obj) => Equals(obj as SecurityDescriptor);

    public override int GetHashCode() => HashCode.Combine(ControlFlags, Owner, Group, Sacl, Dacl);

    private static int Align4(int value) => (value + 3) & ~3;

    private int CanonicalLength()
    {
        var length = HeaderLength;
        if (Sacl is not null)
        {
            length = Align4(length + Sacl.BinaryLength);
        }

        if (Dacl is not null)
        {
            length = Align4(length + Dacl.BinaryLength);
        }

        return length + (Owner?.BinaryLength ?? 0) + (Group?.BinaryLength ?? 0);
    }

    private static int ReadOffset(ReadOnlySpan<byte> bytes, int field, string part)
    {
        var offset = BinaryPrimitives.ReadUInt32LittleEndian(bytes[field..]);
        if (offset == 0)
        {
            return 0;
        }

        if (offset < HeaderLength)
        {
            throw new SecurityFormatException("security descriptor", field, $"{part} offset 0x{offset:X} points into the {HeaderLength}-byte header");
        }

        if (offset >= (uint)bytes.Length)
        {
            throw new SecurityFormatException("security descriptor", field, $"{part} offset 0x{offset:X} is past the end ({bytes.Length} bytes)");
        }

        return (int)offset;
    }

    private static void WriteOffset(Span<byte> bytes, int field, int offset) =>
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[field..], (uint)offset);

    private void WriteHeader(Span<byte> bytes, int owner, int group, int sacl, int dacl)
    {
        bytes[0] = Revision;
        bytes[1] = ResourceManagerControl;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[2..], Control);
        WriteOffset(bytes, OwnerField, owner);
        WriteOffset(bytes, GroupField, group);
        WriteOffset(bytes, SaclField, sacl);
        WriteOffset(bytes, DaclField, dacl);
    }

    private byte[] WriteParsedLayout(Layout parsed)
    {
        var bytes = (byte[])parsed.Background.Clone();
        WriteHeader(bytes, parsed.OwnerOffset, parsed.GroupOffset, parsed.SaclOffset, parsed.DaclOffset);
        Owner?.WriteTo(bytes.AsSpan(parsed.OwnerOffset));
        Group?.WriteTo(bytes.AsSpan(parsed.GroupOffset));
        Sacl?.WriteTo(bytes.AsSpan(parsed.SaclOffset));
        Dacl?.WriteTo(bytes.AsSpan(parsed.DaclOffset));
        return bytes;
    }

    // What lies outside the header and the parts: gaps, bytes after the last part, and an ignored ACL.
    private static byte[] Background(ReadOnlySpan<byte> bytes, SecurityDescriptor parsed, int owner, int group, int sacl, int dacl)
    {
        var background = bytes.ToArray();
        background.AsSpan(0, HeaderLength).Clear();
        Clear(background, owner, parsed.Owner?.BinaryLength ?? 0);
        Clear(background, group, parsed.Group?.BinaryLength ?? 0);
        Clear(background, sacl, parsed.Sacl?.BinaryLength ?? 0);
        Clear(background, dacl, parsed.Dacl?.BinaryLength ?? 0);
        return background;

        static void Clear(byte[] buffer, int offset, int length)
        {
            if (length > 0)
            {
                buffer.AsSpan(offset, length).Clear();
            }
        }
    }

    /// <summary>Where a parsed descriptor's parts were, and the bytes around them, to write it back as it was.</summary>
    private sealed record Layout(int Length, int OwnerOffset, int GroupOffset, int SaclOffset, int DaclOffset, byte[] Background);
}
