using System.Buffers.Binary;
using C = OfflineRepair.Ntfs.NtfsLayout.Collation;

namespace OfflineRepair.Ntfs.ViewIndexes;

/// <summary>
/// How a view index orders its keys ($INDEX_ROOT's collation rule): NTOFS_ULONG ($SII: one unsigned 32-bit
/// number), NTOFS_SECURITY_HASH ($SDH: hash, then security id, both unsigned) and NTOFS_ULONGS ($ObjId-style
/// sequences of unsigned numbers). The key lengths a rule needs are checked when a node is read, so a comparison
/// never reads past a key.
/// </summary>
internal static class ViewCollation
{
    public static bool IsSupported(uint rule) => rule is C.NtofsUlong or C.NtofsSecurityHash or C.NtofsUlongs;

    /// <summary>The shortest key the rule can compare.</summary>
    public static int MinimumKeyLength(uint rule) => rule switch
    {
        C.NtofsUlong => 4,
        C.NtofsSecurityHash => 8,
        _ => 0,
    };

    public static int Compare(uint rule, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        switch (rule)
        {
            case C.NtofsUlong:
                return U32(a, 0).CompareTo(U32(b, 0));
            case C.NtofsSecurityHash:
                var byHash = U32(a, 0).CompareTo(U32(b, 0));
                return byHash != 0 ? byHash : U32(a, 4).CompareTo(U32(b, 4));
            case C.NtofsUlongs:
                var count = Math.Min(a.Length, b.Length) / 4;
                for (var i = 0; i < count; i++)
                {
                    var order = U32(a, 4 * i).CompareTo(U32(b, 4 * i));
                    if (order != 0)
                    {
                        return order;
                    }
                }

                return a.Length.CompareTo(b.Length);
            default:
                throw new NotSupportedException($"index collation rule 0x{rule:X} is not supported");
        }
    }

    private static uint U32(ReadOnlySpan<byte> key, int at) => BinaryPrimitives.ReadUInt32LittleEndian(key[at..]);
}
