using System.Buffers.Binary;

namespace OfflineRepair.Containers.Vhdx;

/// <summary>
/// The VHDX metadata log ([MS-VHDX] 2.3). A header with a non-zero LogGuid means updates may sit
/// in the log and not yet in their places; they must be applied before anything else is read.
/// This reader never writes, so it replays the active sequence into an in-memory overlay of 4 KiB
/// pages that the file reader lays over the file's bytes.
/// </summary>
internal static class VhdxLog
{
    private const string Structure = "VHDX log";

    /// <summary>Upper bound on replayed pages (256 MiB): a real log is 1 MiB; more is a lie.</summary>
    private const long MaxOverlayPages = 65536;

    /// <summary>Largest log read into memory; Hyper-V and qemu make 1 MiB logs.</summary>
    private const uint MaxLogBytes = 256 << 20;

    /// <summary>The replay of the active sequence, or null when the log holds no valid entry for this LogGuid.</summary>
    public static VhdxLogReplay? Replay(ContainerFile file, VhdxHeader header)
    {
        var logOffset = (long)Math.Min(header.LogOffset, long.MaxValue);
        if (header.LogLength == 0 || header.LogLength % VhdxLayout.MiB != 0 || header.LogOffset % (ulong)VhdxLayout.MiB != 0
            || header.LogOffset < (ulong)VhdxLayout.MiB || header.LogOffset > (ulong)file.Length || header.LogLength > file.Length - logOffset)
        {
            throw new ContainerFormatException(Structure, header.FileOffset + VhdxLayout.HeaderLogOffsetOffset, $"log at {header.LogOffset}, {header.LogLength} bytes, is not 1 MiB aligned or lies outside the file ({file.Length} bytes)");
        }

        if (header.LogLength > MaxLogBytes)
        {
            throw new ContainerFormatException(Structure, header.FileOffset + VhdxLayout.HeaderLogLengthOffset, $"log length {header.LogLength} is more than this reader replays ({MaxLogBytes} bytes)");
        }

        var log = file.ReadBytes(logOffset, (int)header.LogLength, Structure);
        var sectors = log.Length / VhdxLayout.LogSectorSize;

        // The head of the active sequence is the valid entry with the highest sequence number
        // (its chain back to its tail is checked below).
        VhdxLogEntry? head = null;
        for (var s = 0; s < sectors; s++)
        {
            var entry = TryReadEntry(log, s * (long)VhdxLayout.LogSectorSize, header.LogGuid);
            if (entry is not null && (head is null || entry.SequenceNumber > head.SequenceNumber))
            {
                head = entry;
            }
        }

        if (head is null)
        {
            return null;
        }

        // Walk from the tail to the head: every entry on the way must be valid and in sequence,
        // or the log is torn and replaying part of it would leave metadata half-updated.
        var chain = new List<VhdxLogEntry>();
        var position = (long)head.Tail;
        for (var step = 0; step <= sectors; step++)
        {
            var entry = position % VhdxLayout.LogSectorSize == 0 && position < log.Length ? TryReadEntry(log, position, header.LogGuid) : null;
            if (entry is null || (chain.Count > 0 && entry.SequenceNumber != chain[^1].SequenceNumber + 1))
            {
                throw new ContainerFormatException(Structure, logOffset + position, $"the active sequence (head sequence {head.SequenceNumber} at log offset {head.LogPosition}, tail {head.Tail}) is broken here; the log cannot be replayed");
            }

            chain.Add(entry);
            if (entry.LogPosition == head.LogPosition)
            {
                return Apply(file, chain, logOffset);
            }

            position = (entry.LogPosition + entry.Length) % log.Length;
        }

        throw new ContainerFormatException(Structure, logOffset + head.LogPosition, "the active sequence does not lead from its tail to its head");
    }

    private static VhdxLogReplay Apply(ContainerFile file, List<VhdxLogEntry> chain, long logOffset)
    {
        var head = chain[^1];
        if (head.FlushedFileOffset > (ulong)file.Length)
        {
            throw new ContainerFormatException(Structure, logOffset + head.LogPosition, $"the file is {file.Length} bytes but the log says {head.FlushedFileOffset} were flushed: the file was truncated");
        }

        var pages = new Dictionary<long, byte[]>();
        var zeroPage = new byte[VhdxLayout.LogSectorSize];
        var end = Math.Max(file.Length, (long)Math.Min(head.LastFileOffset, (ulong)VhdxLayout.MaxVirtualSize * 2));
        foreach (var entry in chain)
        {
            foreach (var write in entry.Writes)
            {
                var pageCount = write.Data is null ? (long)(write.ZeroLength / VhdxLayout.LogSectorSize) : 1;
                if (write.FileOffset > (ulong)VhdxLayout.MaxVirtualSize * 2 || pages.Count + pageCount > MaxOverlayPages)
                {
                    throw new ContainerFormatException(Structure, logOffset + entry.LogPosition, $"a write at {write.FileOffset} ({pageCount} pages) is beyond what this reader replays in memory");
                }

                for (long p = 0; p < pageCount; p++)
                {
                    var at = (long)write.FileOffset + (p * VhdxLayout.LogSectorSize);
                    pages[at] = write.Data ?? zeroPage;
                    end = Math.Max(end, at + VhdxLayout.LogSectorSize);
                }
            }
        }

        return new VhdxLogReplay(pages, end, chain.Count, head.SequenceNumber);
    }

    /// <summary>Decodes and verifies the entry at a log position, or returns null when it is not a valid entry of this log.</summary>
    private static VhdxLogEntry? TryReadEntry(byte[] log, long position, Guid logGuid)
    {
        var first = Sector(log, position);
        if (!first[..4].SequenceEqual(VhdxLayout.LogEntrySignature))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(first[8..]);
        var tail = BinaryPrimitives.ReadUInt32LittleEndian(first[12..]);
        var sequence = BinaryPrimitives.ReadUInt64LittleEndian(first[16..]);
        var descriptorCount = BinaryPrimitives.ReadUInt32LittleEndian(first[24..]);
        var guid = new Guid(first.Slice(32, 16));
        if (guid != logGuid || length == 0 || length % VhdxLayout.LogSectorSize != 0 || length > log.Length || sequence == 0
            || tail % VhdxLayout.LogSectorSize != 0 || tail >= log.Length)
        {
            return null;
        }

        var descriptorSectors = (VhdxLayout.LogEntryHeaderSize + ((long)descriptorCount * VhdxLayout.LogDescriptorSize) + VhdxLayout.LogSectorSize - 1) / VhdxLayout.LogSectorSize;
        if (descriptorSectors * VhdxLayout.LogSectorSize > length)
        {
            return null;
        }

        var entry = Gather(log, position, (int)length);
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(entry.AsSpan(4));
        if (Crc32C.ComputeWithFieldZeroed(entry, 4) != stored)
        {
            return null;
        }

        var writes = new List<VhdxLogWrite>();
        var dataSector = descriptorSectors;
        for (var d = 0; d < descriptorCount; d++)
        {
            var descriptor = entry.AsSpan(VhdxLayout.LogEntryHeaderSize + (d * VhdxLayout.LogDescriptorSize), VhdxLayout.LogDescriptorSize);
            var descriptorSequence = BinaryPrimitives.ReadUInt64LittleEndian(descriptor[24..]);
            var fileOffset = BinaryPrimitives.ReadUInt64LittleEndian(descriptor[16..]);
            if (descriptorSequence != sequence || fileOffset % VhdxLayout.LogSectorSize != 0)
            {
                return null;
            }

            if (descriptor[..4].SequenceEqual(VhdxLayout.ZeroDescriptorSignature))
            {
                var zeroLength = BinaryPrimitives.ReadUInt64LittleEndian(descriptor[8..]);
                if (zeroLength % VhdxLayout.LogSectorSize != 0)
                {
                    return null;
                }

                writes.Add(new VhdxLogWrite(fileOffset, null, zeroLength));
            }
            else if (descriptor[..4].SequenceEqual(VhdxLayout.DataDescriptorSignature))
            {
                if ((dataSector + 1) * VhdxLayout.LogSectorSize > length)
                {
                    return null;
                }

                var data = entry.AsSpan((int)(dataSector * VhdxLayout.LogSectorSize), VhdxLayout.LogSectorSize);
                var high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
                var low = BinaryPrimitives.ReadUInt32LittleEndian(data[4092..]);
                if (!data[..4].SequenceEqual(VhdxLayout.DataSectorSignature) || (((ulong)high << 32) | low) != sequence)
                {
                    return null;
                }

                // The data sector's own signature and sequence fields displace the page's first 8
                // and last 4 bytes, which the descriptor carries instead.
                var page = new byte[VhdxLayout.LogSectorSize];
                descriptor.Slice(8, 8).CopyTo(page);
                data[8..4092].CopyTo(page.AsSpan(8));
                descriptor.Slice(4, 4).CopyTo(page.AsSpan(4092));
                writes.Add(new VhdxLogWrite(fileOffset, page, 0));
                dataSector++;
            }
            else
            {
                return null;
            }
        }

        return new VhdxLogEntry(
            position,
            length,
            tail,
            sequence,
            BinaryPrimitives.ReadUInt64LittleEndian(first[48..]),
            BinaryPrimitives.ReadUInt64LittleEndian(first[56..]),
            writes);
    }

    private static ReadOnlySpan<byte> Sector(byte[] log, long position) =>
        log.AsSpan((int)(position % log.Length), VhdxLayout.LogSectorSize);

    /// <summary>The entry's bytes; the log is circular, so an entry may wrap past its end.</summary>
    private static byte[] Gather(byte[] log, long position, int length)
    {
        var bytes = new byte[length];
        for (var done = 0; done < length; done += VhdxLayout.LogSectorSize)
        {
            Sector(log, position + done).CopyTo(bytes.AsSpan(done));
        }

        return bytes;
    }
}
