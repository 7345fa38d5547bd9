using System.Buffers.Binary;
using M = OfflineRepair.Ntfs.NtfsLayout.MultiSector;

namespace OfflineRepair.Ntfs;

/// <summary>
/// Update sequence ("fixups") of FILE records, INDX blocks and $LogFile pages. On disk the last two bytes of
/// every 512-byte block hold the update sequence number, so a torn multi-sector write shows as a mismatch;
/// the real bytes are kept in the update sequence array. Reading checks every block and puts them back.
/// </summary>
internal static class UpdateSequence
{
    /// <summary>Checks and removes the fixups in place; returns the problem, or null when the buffer is sound.</summary>
    public static string? TryApply(Span<byte> buffer)
    {
        var stride = NtfsLayout.UpdateSequenceStride;
        if (buffer.Length < stride || buffer.Length % stride != 0)
        {
            return $"size {buffer.Length} is not a multiple of {stride}";
        }

        int offset = BinaryPrimitives.ReadUInt16LittleEndian(buffer[M.UpdateSequenceOffset..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(buffer[M.UpdateSequenceCount..]);
        var blocks = buffer.Length / stride;
        if (count != blocks + 1)
        {
            return $"update sequence count {count} does not match {blocks} blocks of {stride} bytes";
        }

        if (offset % 2 != 0 || offset < M.UpdateSequenceCount + 2 || offset + (2 * count) > stride - 2)
        {
            return $"update sequence array offset 0x{offset:X} is not valid";
        }

        var usn = BinaryPrimitives.ReadUInt16LittleEndian(buffer[offset..]);
        for (var i = 0; i < blocks; i++)
        {
            var tail = ((i + 1) * stride) - 2;
            if (BinaryPrimitives.ReadUInt16LittleEndian(buffer[tail..]) != usn)
            {
                return $"fixup mismatch in block {i} (torn or corrupt write)";
            }
        }

        for (var i = 0; i < blocks; i++)
        {
            var tail = ((i + 1) * stride) - 2;
            buffer.Slice(offset + (2 * (i + 1)), 2).CopyTo(buffer[tail..]);
        }

        return null;
    }

    /// <summary>
    /// Protects a buffer for writing, once: the update sequence number goes up by one (0xFFFF wraps to 1, since 0
    /// is never used), the last two bytes of every 512-byte block are saved in the array and replaced by the
    /// number. The buffer must hold the real bytes (fixups removed); afterwards it holds the on-disk form.
    /// Returns the new number.
    /// </summary>
    public static ushort Protect(Span<byte> buffer)
    {
        var stride = NtfsLayout.UpdateSequenceStride;
        int offset = BinaryPrimitives.ReadUInt16LittleEndian(buffer[M.UpdateSequenceOffset..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(buffer[M.UpdateSequenceCount..]);
        var blocks = buffer.Length / stride;
        if (buffer.Length % stride != 0 || count != blocks + 1 || offset % 2 != 0 || offset < M.UpdateSequenceCount + 2 || offset + (2 * count) > stride - 2)
        {
            // The buffer passed TryApply when it was read, so this is a caller bug, not a disk problem.
            throw new InvalidOperationException($"update sequence header (offset 0x{offset:X}, count {count}) does not fit a {buffer.Length}-byte buffer");
        }

        var usn = BinaryPrimitives.ReadUInt16LittleEndian(buffer[offset..]);
        usn = usn >= ushort.MaxValue ? (ushort)1 : (ushort)(usn + 1);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[offset..], usn);
        for (var i = 0; i < blocks; i++)
        {
            var tail = ((i + 1) * stride) - 2;
            buffer.Slice(tail, 2).CopyTo(buffer[(offset + (2 * (i + 1)))..]);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer[tail..], usn);
        }

        return usn;
    }
}
