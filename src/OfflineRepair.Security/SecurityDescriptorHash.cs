using System.Buffers.Binary;

namespace OfflineRepair.Security;

/// <summary>
/// The hash NTFS keys $Secure's $SDH index and $SDS entries with (research/ntfs_vhd.md §2.2): over the
/// descriptor's bytes taken as little-endian uint32 words (a trailing partial word is ignored),
/// hash = word + (hash rotated left by 3).
/// </summary>
public static class SecurityDescriptorHash
{
    public static uint Compute(ReadOnlySpan<byte> selfRelative)
    {
        uint hash = 0;
        for (var i = 0; i + 4 <= selfRelative.Length; i += 4)
        {
            hash = BinaryPrimitives.ReadUInt32LittleEndian(selfRelative[i..]) + uint.RotateLeft(hash, 3);
        }

        return hash;
    }
}
