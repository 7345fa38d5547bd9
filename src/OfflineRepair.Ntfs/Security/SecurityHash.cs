using System.Buffers.Binary;
using System.Numerics;

namespace OfflineRepair.Ntfs.Security;

/// <summary>
/// The hash $Secure files a descriptor under ($SDH's key, and the first field of its $SDS entry): over the
/// descriptor's whole little-endian 32-bit words, each added to the running hash rotated left by 3. A trailing
/// partial word does not count. The same rule in Windows, ntfs-3g and ntfs3; checked against the hash Windows
/// gave mkntfs's default descriptor.
/// </summary>
internal static class SecurityHash
{
    public static uint Compute(ReadOnlySpan<byte> descriptor)
    {
        var hash = 0u;
        for (var at = 0; at + 4 <= descriptor.Length; at += 4)
        {
            hash = BinaryPrimitives.ReadUInt32LittleEndian(descriptor[at..]) + BitOperations.RotateLeft(hash, 3);
        }

        return hash;
    }
}
