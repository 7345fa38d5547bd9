using System.Buffers.Binary;

namespace OfflineRepair.Containers.Vhdx;

internal sealed partial record VhdxHeader
{
    /// <summary>
    /// The header's 4 KiB with a new sequence number and write GUIDs and a fresh CRC-32C. Built on
    /// the bytes as read, so the log fields, version and reserved bytes stay exactly as they were.
    /// </summary>
    public static byte[] Restamp(ReadOnlySpan<byte> raw, ulong sequenceNumber, Guid fileWriteGuid, Guid dataWriteGuid)
    {
        var bytes = raw[..VhdxLayout.HeaderSize].ToArray();
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(span[VhdxLayout.HeaderSequenceNumberOffset..], sequenceNumber);
        fileWriteGuid.TryWriteBytes(span.Slice(VhdxLayout.HeaderFileWriteGuidOffset, 16));
        dataWriteGuid.TryWriteBytes(span.Slice(VhdxLayout.HeaderDataWriteGuidOffset, 16));
        span.Slice(VhdxLayout.HeaderChecksumOffset, 4).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(span[VhdxLayout.HeaderChecksumOffset..], Crc32C.Compute(span));
        return bytes;
    }
}
