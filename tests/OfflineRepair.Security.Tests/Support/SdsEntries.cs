using System.Buffers.Binary;

namespace OfflineRepair.Security.Tests.Support;

/// <summary>One $SDS entry: the 20-byte header and the descriptor bytes it frames.</summary>
internal sealed record SdsEntry(uint Hash, uint SecurityId, long Offset, byte[] Descriptor);

/// <summary>
/// Walks $Secure:$SDS (research/ntfs_vhd.md §2.1), written here from the format description: entries
/// 16-byte aligned, each a header {hash, security_id, u64 offset of itself, u32 length = 20 + SD length}
/// and the descriptor; the stream is 256 KiB blocks in pairs, the second of each pair a mirror of the
/// first, and an entry never crosses a block. A block's entries end where a header is zero or does not
/// name its own offset.
/// </summary>
internal static class SdsEntries
{
    private const int HeaderLength = 20;
    private const long Block = 0x40000;

    public static List<SdsEntry> Read(byte[] sds)
    {
        var entries = new List<SdsEntry>();
        long offset = 0;
        while (offset + HeaderLength <= sds.Length)
        {
            if ((offset / Block) % 2 == 1)
            {
                // The mirror half of a pair: skip to the next pair.
                offset = ((offset / (2 * Block)) + 1) * 2 * Block;
                continue;
            }

            var header = sds.AsSpan((int)offset, HeaderLength);
            var hash = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var id = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            var self = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
            if (length == 0 || self != offset)
            {
                offset = ((offset / Block) + 1) * Block;
                continue;
            }

            Assert.InRange(length, (uint)HeaderLength + 20, (uint)(Block - (offset % Block)));
            Assert.True(offset + length <= sds.Length, $"$SDS entry at 0x{offset:X} runs past the stream");
            var descriptor = sds.AsSpan((int)offset + HeaderLength, (int)length - HeaderLength).ToArray();
            entries.Add(new SdsEntry(hash, id, offset, descriptor));

            // The mirror copy, when the stream reaches it, is byte-identical (its offset field names the primary).
            var mirror = offset + Block;
            if (mirror + length <= sds.Length)
            {
                Assert.True(sds.AsSpan((int)offset, (int)length).SequenceEqual(sds.AsSpan((int)mirror, (int)length)),
                    $"$SDS entry 0x{id:X} at 0x{offset:X} differs from its mirror");
            }

            offset = (offset + length + 15) & ~15L;
        }

        return entries;
    }
}
