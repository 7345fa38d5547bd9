using System.Buffers.Binary;

namespace OfflineRepair.Containers.Vhdx;

/// <summary>One of the two VHDX headers; the valid one with the higher sequence number is current.</summary>
internal sealed partial record VhdxHeader(long FileOffset, ulong SequenceNumber, Guid FileWriteGuid, Guid DataWriteGuid, Guid LogGuid, uint LogLength, ulong LogOffset)
{
    private const string Structure = "VHDX header";

    /// <summary>Decodes a header, or returns the reason it is not valid (a damaged copy is not yet an error).</summary>
    public static VhdxHeader? TryParse(ReadOnlySpan<byte> raw, long fileOffset, out string? problem)
    {
        problem = null;
        if (!raw[..4].SequenceEqual(VhdxLayout.HeaderSignature))
        {
            problem = "signature is not \"head\"";
            return null;
        }

        var stored = BinaryPrimitives.ReadUInt32LittleEndian(raw[VhdxLayout.HeaderChecksumOffset..]);
        var computed = Crc32C.ComputeWithFieldZeroed(raw[..VhdxLayout.HeaderSize], VhdxLayout.HeaderChecksumOffset);
        if (stored != computed)
        {
            problem = $"CRC-32C mismatch: stored 0x{stored:X8}, computed 0x{computed:X8}";
            return null;
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(raw[VhdxLayout.HeaderVersionOffset..]);
        if (version != 1)
        {
            problem = $"version {version} (1 expected)";
            return null;
        }

        return new VhdxHeader(
            fileOffset,
            BinaryPrimitives.ReadUInt64LittleEndian(raw[VhdxLayout.HeaderSequenceNumberOffset..]),
            new Guid(raw.Slice(VhdxLayout.HeaderFileWriteGuidOffset, 16)),
            new Guid(raw.Slice(VhdxLayout.HeaderDataWriteGuidOffset, 16)),
            new Guid(raw.Slice(VhdxLayout.HeaderLogGuidOffset, 16)),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[VhdxLayout.HeaderLogLengthOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(raw[VhdxLayout.HeaderLogOffsetOffset..]));
    }

    /// <summary>Reads both headers and picks the current one; throws when neither is valid.</summary>
    public static VhdxHeader ReadCurrent(ContainerFile file)
    {
        var raw1 = file.ReadBytes(VhdxLayout.Header1Offset, VhdxLayout.HeaderSize, Structure + " 1");
        var raw2 = file.ReadBytes(VhdxLayout.Header2Offset, VhdxLayout.HeaderSize, Structure + " 2");
        var first = TryParse(raw1, VhdxLayout.Header1Offset, out var problem1);
        var second = TryParse(raw2, VhdxLayout.Header2Offset, out var problem2);
        if (first is null && second is null)
        {
            throw new ContainerFormatException(Structure, VhdxLayout.Header1Offset, $"neither header is valid (header 1: {problem1}; header 2 at {VhdxLayout.Header2Offset}: {problem2})");
        }

        if (first is null)
        {
            return second!;
        }

        if (second is null)
        {
            return first;
        }

        // Equal sequence numbers happen (Disk2VHD writes identical headers); either will do.
        return second.SequenceNumber > first.SequenceNumber ? second : first;
    }
}
