using System.Buffers.Binary;

namespace OfflineRepair.Security;

/// <summary>
/// An ACL: 8-byte header (revision byte, reserved byte, little-endian uint16 size including the header,
/// uint16 ACE count, uint16 reserved), then the ACEs back to back. Revision 2 (ACL_REVISION), or 4
/// (ACL_REVISION_DS) when it holds object ACEs. The size field may say more than the ACEs fill; those
/// bytes, and the reserved fields, are kept so a parsed ACL writes back byte for byte. An ACL built by
/// code has no padding. Immutable; equal when they would write the same bytes.
/// </summary>
public sealed class AccessControlList : IEquatable<AccessControlList>
{
    public const byte Revision2 = 2;
    public const byte RevisionDs = 4;
    internal const int HeaderLength = 8;

    private readonly AccessControlEntry[] entries;
    private readonly byte[] padding;
    private readonly byte reserved1;
    private readonly ushort reserved2;

    /// <summary>An ACL of these ACEs, revision 4 when any is an object ACE, else 2.</summary>
    public AccessControlList(IEnumerable<AccessControlEntry> entries)
        : this(null, entries)
    {
    }

    public AccessControlList(byte revision, IEnumerable<AccessControlEntry> entries)
        : this((byte?)revision, entries)
    {
    }

    private AccessControlList(byte? revision, IEnumerable<AccessControlEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        this.entries = [.. entries];
        if (this.entries.Any(e => e is null))
        {
            throw new ArgumentException("an ACL cannot hold a null ACE", nameof(entries));
        }

        if (revision is { } r && r is < Revision2 or > RevisionDs)
        {
            throw new ArgumentOutOfRangeException(nameof(revision), r, "ACL revisions are 2 to 4");
        }

        Revision = revision ?? (this.entries.Any(e => AccessControlEntry.IsObjectType(e.Type)) ? RevisionDs : Revision2);
        padding = [];
        if (this.entries.Length > ushort.MaxValue || HeaderLength + this.entries.Sum(e => (long)e.BinaryLength) > ushort.MaxValue)
        {
            throw new ArgumentException("an ACL holds at most 65535 bytes", nameof(entries));
        }
    }

    private AccessControlList(byte revision, AccessControlEntry[] entries, byte[] padding, byte reserved1, ushort reserved2)
    {
        Revision = revision;
        this.entries = entries;
        this.padding = padding;
        this.reserved1 = reserved1;
        this.reserved2 = reserved2;
    }

    /// <summary>An empty ACL (as a DACL: nobody has access).</summary>
    public static AccessControlList Empty { get; } = new([]);

    public byte Revision { get; }

    public IReadOnlyList<AccessControlEntry> Entries => entries;

    public int Count => entries.Length;

    public AccessControlEntry this[int index] => entries[index];

    /// <summary>The size field: header, ACEs and any padding after them.</summary>
    public int BinaryLength => HeaderLength + entries.Sum(e => e.BinaryLength) + padding.Length;

    /// <summary>Bytes the size field covers beyond the last ACE (kept from a parsed ACL, none in a built one).</summary>
    public int PaddingLength => padding.Length;

    /// <summary>Whether the ACL holds something a rebuilt ACL of the same ACEs would not: padding or non-zero reserved fields.</summary>
    internal bool HasExtraBytes => padding.Length > 0 || reserved1 != 0 || reserved2 != 0;

    /// <summary>Reads the ACL at the start of <paramref name="bytes"/>; <paramref name="length"/> is its size field.</summary>
    public static AccessControlList Read(ReadOnlySpan<byte> bytes, out int length) => Read(bytes, 0, out length);

    internal static AccessControlList Read(ReadOnlySpan<byte> bytes, int origin, out int length)
    {
        if (bytes.Length < HeaderLength)
        {
            throw new SecurityFormatException("ACL", origin, $"truncated: {bytes.Length} bytes, the header alone is {HeaderLength}");
        }

        var revision = bytes[0];
        if (revision is < Revision2 or > RevisionDs)
        {
            throw new SecurityFormatException("ACL", origin, $"revision {revision}, ACL revisions are 2 to 4");
        }

        length = BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        if (length < HeaderLength)
        {
            throw new SecurityFormatException("ACL", origin, $"size {length} is smaller than the {HeaderLength}-byte header");
        }

        if (length > bytes.Length)
        {
            throw new SecurityFormatException("ACL", origin, $"size {length} runs past the end of the data ({bytes.Length} bytes remain)");
        }

        // Each ACE is at least a header, so the count cannot exceed what the size leaves room for.
        if (count > (length - HeaderLength) / AccessControlEntry.HeaderLength)
        {
            throw new SecurityFormatException("ACL", origin, $"{count} ACEs cannot fit in {length} bytes");
        }

        var acl = bytes[..length];
        var entries = new AccessControlEntry[count];
        var offset = HeaderLength;
        for (var i = 0; i < count; i++)
        {
            entries[i] = AccessControlEntry.Read(acl[offset..], origin + offset, out var aceLength);
            offset += aceLength;
        }

        return new AccessControlList(revision, entries, acl[offset..].ToArray(), bytes[1], BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]));
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
        destination[1] = reserved1;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], checked((ushort)BinaryLength));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], (ushort)entries.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], reserved2);
        var offset = HeaderLength;
        foreach (var entry in entries)
        {
            entry.WriteTo(destination[offset..]);
            offset += entry.BinaryLength;
        }

        padding.CopyTo(destination[offset..]);
    }

    /// <summary>A new ACL (same revision rule, no padding) with <paramref name="entry"/> at <paramref name="index"/>.</summary>
    public AccessControlList Insert(int index, AccessControlEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)index, (uint)entries.Length, nameof(index));
        return Rebuilt([.. entries[..index], entry, .. entries[index..]]);
    }

    /// <summary>A new ACL with the ACE at <paramref name="index"/> replaced.</summary>
    public AccessControlList Replace(int index, AccessControlEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)entries.Length, nameof(index));
        var copy = (AccessControlEntry[])entries.Clone();
        copy[index] = entry;
        return Rebuilt(copy);
    }

    /// <summary>A new ACL without the ACE at <paramref name="index"/>.</summary>
    public AccessControlList RemoveAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)entries.Length, nameof(index));
        return Rebuilt([.. entries[..index], .. entries[(index + 1)..]]);
    }

    // A changed ACL keeps the revision it had, and becomes DS when it gains an object ACE.
    private AccessControlList Rebuilt(AccessControlEntry[] changed) =>
        new(changed.Any(e => AccessControlEntry.IsObjectType(e.Type)) ? RevisionDs : Revision, changed);

    /// <summary>The ACL as the ACE part of SDDL: "(A;;FA;;;SY)(A;;FA;;;BA)".</summary>
    public override string ToString() => string.Concat(entries.Select(SddlWriter.WriteAce));

    public bool Equals(AccessControlList? other) =>
        other is not null && Revision == other.Revision && reserved1 == other.reserved1 && reserved2 == other.reserved2
        && entries.AsSpan().SequenceEqual(other.entries) && padding.AsSpan().SequenceEqual(other.padding);

    public override bool Equals(object? obj) => Equals(obj as AccessControlList);

    public override int GetHashCode() => HashCode.Combine(Revision, entries.Length, entries.Length > 0 ? entries[0] : null, padding.Length);
}
