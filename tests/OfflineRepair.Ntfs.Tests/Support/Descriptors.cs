using System.Buffers.Binary;

namespace OfflineRepair.Ntfs.Tests.Support;

/// <summary>
/// Self-relative security descriptors built byte by byte from the layout in the research notes (§2.5): header,
/// DACL at 0x14 with allow ACEs, then owner and group SIDs, as Windows lays them out. Valid by ntfs-3g's rules
/// (it refuses to return a descriptor it finds malformed), and different in size with the ACE count.
/// </summary>
internal static class Descriptors
{
    /// <summary>A descriptor with <paramref name="aces"/> allow ACEs for made-up domain SIDs; <paramref name="seed"/>
    /// makes the SIDs, masks and flags differ.</summary>
    public static byte[] Make(int aces, int seed)
    {
        var rng = new Random(seed);
        var sids = Enumerable.Range(0, aces).Select(_ => Sid(5, 21, (uint)rng.Next(), (uint)rng.Next(), (uint)rng.Next(), (uint)rng.Next(1000, 100000))).ToList();
        var owner = Sid(5, 32, 544);
        var group = Sid(5, 18);
        var aclSize = 8 + sids.Sum(s => 8 + s.Length);
        var bytes = new byte[20 + aclSize + owner.Length + group.Length];
        bytes[0] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), 0x8004);
        var dacl = 20;
        var ownerAt = dacl + aclSize;
        var groupAt = ownerAt + owner.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)ownerAt);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)groupAt);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)dacl);
        bytes[dacl] = 2;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(dacl + 2), (ushort)aclSize);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(dacl + 4), (ushort)aces);
        var at = dacl + 8;
        foreach (var sid in sids)
        {
            bytes[at] = 0;
            bytes[at + 1] = (byte)(rng.Next(2) == 0 ? 0 : 3);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 2), (ushort)(8 + sid.Length));
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), rng.Next(2) == 0 ? 0x1F01FFu : 0x120089u);
            sid.CopyTo(bytes, at + 8);
            at += 8 + sid.Length;
        }

        owner.CopyTo(bytes, ownerAt);
        group.CopyTo(bytes, groupAt);
        return bytes;
    }

    private static byte[] Sid(byte authority, params uint[] subAuthorities)
    {
        var sid = new byte[8 + (4 * subAuthorities.Length)];
        sid[0] = 1;
        sid[1] = (byte)subAuthorities.Length;
        sid[7] = authority;
        for (var i = 0; i < subAuthorities.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(sid.AsSpan(8 + (4 * i)), subAuthorities[i]);
        }

        return sid;
    }
}
