using System.Buffers.Binary;
using OfflineRepair.Registry.Cells;
using OfflineRepair.Registry.Format;
using OfflineRepair.Registry.Storage;

namespace OfflineRepair.Registry;

/// <summary>
/// Makes a new, clean hive holding only a root key (for fixtures and samples): one 4 KiB bin with
/// the root key node and one security cell whose ring points at itself.
/// </summary>
public static class EmptyHive
{
    private const uint RootCell = HiveBinHeader.Size;
    private const ushort RootFlags = 0x002C; // hive entry, no delete, compressed name: what Windows gives its roots

    /// <summary>The bytes of an empty hive file.</summary>
    public static byte[] Create(string rootName, uint minorVersion = 5, DateTime? timestamp = null)
    {
        if (minorVersion is < 3 or > 6)
        {
            throw new ArgumentOutOfRangeException(nameof(minorVersion), minorVersion, "hive minor versions 3 to 6 are supported");
        }

        if (string.IsNullOrEmpty(rootName) || rootName.Length > RegistryKey.MaxNameLength)
        {
            throw new ArgumentException("the root key needs a name of 1 to 255 characters", nameof(rootName));
        }

        long fileTime = (timestamp ?? DateTime.UtcNow).ToFileTimeUtc();
        var file = new byte[BaseBlock.Size + HiveBinHeader.PageSize];
        var header = file.AsSpan(0, BaseBlock.Size);
        BinaryPrimitives.WriteUInt32LittleEndian(header, BaseBlock.Signature);
        BaseBlock.SetPrimarySequence(header, 1);
        BaseBlock.SetSecondarySequence(header, 1);
        BaseBlock.SetTimestamp(header, fileTime);
        BinaryPrimitives.WriteUInt32LittleEndian(header[BaseBlock.MajorVersionOffset..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header[BaseBlock.MinorVersionOffset..], minorVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header[BaseBlock.FileFormatOffset..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header[BaseBlock.RootCellOffset..], RootCell);
        BaseBlock.SetHiveBinsSize(header, HiveBinHeader.PageSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header[BaseBlock.ClusteringFactorOffset..], 1);

        var bins = file.AsSpan(BaseBlock.Size);
        HiveBinHeader.Write(bins, 0, HiveBinHeader.PageSize, fileTime);

        var name = KeyNode.EncodeName(rootName, out bool compressed);
        int rootSize = CellAllocator.AlignCell(KeyNode.FixedSize + name.Length);
        uint securityCell = RootCell + (uint)rootSize;
        var descriptor = DefaultDescriptor();
        int securitySize = CellAllocator.AlignCell(SecurityCell.FixedSize + descriptor.Length);

        var root = bins.Slice((int)RootCell, rootSize);
        BinaryPrimitives.WriteInt32LittleEndian(root, -rootSize);
        var nk = root[4..];
        KeyNode.Initialize(nk, name, compressed, parent: 0, security: securityCell, fileTime);
        BinaryPrimitives.WriteUInt16LittleEndian(nk[KeyNode.FlagsField..], (ushort)(RootFlags & (compressed ? 0xFFFF : ~KeyNode.FlagCompressedName)));

        var sk = bins.Slice((int)securityCell, securitySize);
        BinaryPrimitives.WriteInt32LittleEndian(sk, -securitySize);
        BinaryPrimitives.WriteUInt16LittleEndian(sk[4..], SecurityCell.Signature);
        SecurityCell.SetFlink(sk[4..], securityCell);
        SecurityCell.SetBlink(sk[4..], securityCell);
        SecurityCell.SetReferenceCount(sk[4..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(sk[(4 + SecurityCell.DescriptorSizeField)..], (uint)descriptor.Length);
        descriptor.CopyTo(sk[(4 + SecurityCell.DescriptorField)..]);

        int freeStart = (int)securityCell + securitySize;
        BinaryPrimitives.WriteInt32LittleEndian(bins[freeStart..], HiveBinHeader.PageSize - freeStart);

        BaseBlock.UpdateChecksum(header);
        return file;
    }

    /// <summary>
    /// O:BA G:SY D:(A;CI;KA;;;SY)(A;CI;KA;;;BA)(A;CI;KR;;;WD) as a self-relative descriptor:
    /// full control for SYSTEM and Administrators, read for Everyone, inherited by subkeys.
    /// </summary>
    private static byte[] DefaultDescriptor()
    {
        byte[] system = Sid(5, 18);
        byte[] administrators = Sid(5, 32, 544);
        byte[] everyone = Sid(1, 0);
        var aces = new List<byte[]>
        {
            Ace(0xF003F, system),
            Ace(0xF003F, administrators),
            Ace(0x20019, everyone),
        };
        int aclSize = 8 + aces.Sum(a => a.Length);
        var acl = new byte[aclSize];
        acl[0] = 2; // ACL revision
        BinaryPrimitives.WriteUInt16LittleEndian(acl.AsSpan(2), (ushort)aclSize);
        BinaryPrimitives.WriteUInt16LittleEndian(acl.AsSpan(4), (ushort)aces.Count);
        int at = 8;
        foreach (var ace in aces)
        {
            ace.CopyTo(acl, at);
            at += ace.Length;
        }

        const int headerSize = 20;
        var sd = new byte[headerSize + administrators.Length + system.Length + acl.Length];
        sd[0] = 1; // revision
        BinaryPrimitives.WriteUInt16LittleEndian(sd.AsSpan(2), 0x8004); // self-relative, DACL present
        int owner = headerSize;
        int group = owner + administrators.Length;
        int dacl = group + system.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(sd.AsSpan(4), (uint)owner);
        BinaryPrimitives.WriteUInt32LittleEndian(sd.AsSpan(8), (uint)group);
        BinaryPrimitives.WriteUInt32LittleEndian(sd.AsSpan(16), (uint)dacl);
        administrators.CopyTo(sd, owner);
        system.CopyTo(sd, group);
        acl.CopyTo(sd, dacl);
        return sd;
    }

    private static byte[] Sid(byte authority, params uint[] subAuthorities)
    {
        var sid = new byte[8 + (4 * subAuthorities.Length)];
        sid[0] = 1;
        sid[1] = (byte)subAuthorities.Length;
        sid[7] = authority;
        for (int i = 0; i < subAuthorities.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(sid.AsSpan(8 + (4 * i)), subAuthorities[i]);
        }

        return sid;
    }

    private static byte[] Ace(uint mask, byte[] sid)
    {
        var ace = new byte[8 + sid.Length];
        ace[0] = 0; // ACCESS_ALLOWED_ACE_TYPE
        ace[1] = 0x02; // CONTAINER_INHERIT_ACE
        BinaryPrimitives.WriteUInt16LittleEndian(ace.AsSpan(2), (ushort)ace.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(ace.AsSpan(4), mask);
        sid.CopyTo(ace, 8);
        return ace;
    }
}
