namespace OfflineRepair.Containers.Vhdx;

/// <summary>
/// Writing a VHDX: only into blocks whose BAT state is PAYLOAD_BLOCK_FULLY_PRESENT, in place. Any
/// other state would need a BAT update, which [MS-VHDX] wants done through the log; this tool
/// does not write the log, so such a write is refused before anything is written. Before the
/// first write the headers get new FileWriteGuid and DataWriteGuid, as the format asks of any
/// writer, so Hyper-V and others can tell the file and its data changed.
/// </summary>
internal sealed partial class VhdxContainer
{
    private const string RefusedRemedy =
        "convert the disk to VHD or raw with qemu-img (e.g. `qemu-img convert -f vhdx -O vpc -o subformat=fixed,force_size=on DISK.vhdx DISK.vhd`), or mount it on Windows";

    private bool headersUpdated;

    protected override bool IsWritable => file.CanWrite;

    protected override void FlushCore() => file.Flush();

    protected override void WriteCore(long offset, ReadOnlySpan<byte> data)
    {
        var blockSize = (long)metadata.BlockSize;
        var firstBlock = offset / blockSize;
        var lastBlock = (offset + data.Length - 1) / blockSize;

        // Every block is checked before anything is written, the headers included: a refused
        // write leaves the file byte for byte as it was.
        var blockOffsets = new long[lastBlock - firstBlock + 1];
        for (var block = firstBlock; block <= lastBlock; block++)
        {
            blockOffsets[block - firstBlock] = WritableBlockOffset(block);
        }

        if (!headersUpdated)
        {
            UpdateHeaders();
        }

        while (!data.IsEmpty)
        {
            var block = offset / blockSize;
            var inBlock = offset % blockSize;
            var count = (int)Math.Min(data.Length, blockSize - inBlock);
            file.Write(blockOffsets[block - firstBlock] + inBlock, data[..count], $"VHDX block {block} data");
            data = data[count..];
            offset += count;
        }
    }

    /// <summary>The file offset of a block we may write in place, or a refusal saying why not.</summary>
    private long WritableBlockOffset(long block)
    {
        var entry = bat.PayloadEntry(block);
        var state = VhdxBlockAllocationTable.State(entry);
        if (state != VhdxLayout.PayloadFullyPresent)
        {
            var start = block * metadata.BlockSize;
            var what = state switch
            {
                VhdxLayout.PayloadNotPresent => "is not allocated (PAYLOAD_BLOCK_NOT_PRESENT: never written)",
                VhdxLayout.PayloadUndefined => "is not allocated (PAYLOAD_BLOCK_UNDEFINED)",
                VhdxLayout.PayloadZero => "is not allocated (PAYLOAD_BLOCK_ZERO: reads as zeros, no space in the file)",
                VhdxLayout.PayloadUnmapped or VhdxLayout.PayloadUnmappedV095 => "is not allocated (PAYLOAD_BLOCK_UNMAPPED: trimmed, no space in the file)",
                VhdxLayout.PayloadPartiallyPresent => "is only partially present (PAYLOAD_BLOCK_PARTIALLY_PRESENT, a differencing disk's block)",
                _ => $"has BAT state {state}, which no VHDX writer should leave",
            };
            throw new ContainerWriteRefusedException(
                file.Location,
                $"this VHDX block (block {block}, disk bytes {start}-{start + BytesInBlock(block) - 1}) {what}; writing would need a new block and a BAT update, which offline-repair does not do",
                RefusedRemedy);
        }

        var blockOffset = BlockFileOffset(block, entry);
        var blockEnd = blockOffset + BytesInBlock(block);
        var logStart = (long)Math.Min(header.LogOffset, (ulong)long.MaxValue / 2);
        // (BlockFileOffset already keeps blocks out of the first MiB: file identifier, headers, region tables.)
        var overlaps =
            Overlaps(blockOffset, blockEnd, logStart, logStart + header.LogLength) ? "the log"
            : Overlaps(blockOffset, blockEnd, regions.Bat.FileOffset, regions.Bat.FileOffset + regions.Bat.Length) ? "the BAT"
            : Overlaps(blockOffset, blockEnd, regions.Metadata.FileOffset, regions.Metadata.FileOffset + regions.Metadata.Length) ? "the metadata region"
            : null;
        if (overlaps is not null)
        {
            // A damaged BAT entry must not turn a disk write into metadata damage.
            throw new ContainerFormatException("VHDX BAT", bat.PayloadEntryOffset(block), $"block {block} at offset {blockOffset} overlaps {overlaps}; refusing to write into it");
        }

        return blockOffset;
    }

    /// <summary>
    /// Writes the non-current header with sequence + 1 and new FileWriteGuid and DataWriteGuid,
    /// flushed, then the other one with sequence + 2, flushed: whichever write an interruption
    /// stops, at least one valid header remains, and afterwards both are valid and the newest is
    /// current (qemu does the same in vhdx_update_headers).
    /// </summary>
    private void UpdateHeaders()
    {
        if (header.SequenceNumber > ulong.MaxValue - 2)
        {
            throw new ContainerWriteRefusedException(file.Location, $"the VHDX header sequence number {header.SequenceNumber} cannot be increased", "convert the disk with qemu-img, then write to the copy");
        }

        var raw = file.ReadBytes(header.FileOffset, VhdxLayout.HeaderSize, "VHDX header");
        var current = VhdxHeader.TryParse(raw, header.FileOffset, out var problem);
        if (current is null || current.SequenceNumber != header.SequenceNumber)
        {
            var why = current is null ? problem : $"sequence {current.SequenceNumber}, was {header.SequenceNumber}";
            throw new ContainerFormatException("VHDX header", header.FileOffset, $"the current header changed since the disk was opened ({why}); is another program writing to it?");
        }

        var fileWriteGuid = Guid.NewGuid();
        var dataWriteGuid = Guid.NewGuid();
        var otherOffset = header.FileOffset == VhdxLayout.Header1Offset ? VhdxLayout.Header2Offset : VhdxLayout.Header1Offset;
        file.Write(otherOffset, VhdxHeader.Restamp(raw, header.SequenceNumber + 1, fileWriteGuid, dataWriteGuid), "VHDX header");
        file.Flush();
        file.Write(header.FileOffset, VhdxHeader.Restamp(raw, header.SequenceNumber + 2, fileWriteGuid, dataWriteGuid), "VHDX header");
        file.Flush();
        header = header with { SequenceNumber = header.SequenceNumber + 2, FileWriteGuid = fileWriteGuid, DataWriteGuid = dataWriteGuid };
        headersUpdated = true;
    }

    private static bool Overlaps(long start, long end, long otherStart, long otherEnd) => start < otherEnd && otherStart < end;
}
