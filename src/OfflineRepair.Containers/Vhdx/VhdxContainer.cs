namespace OfflineRepair.Containers.Vhdx;

/// <summary>
/// A VHDX file (fixed or dynamic). Reads go through the BAT: fully present blocks are read at their
/// file offset, blocks never written (not present, undefined, zero, unmapped) read as zeros.
/// Writing (in place, into fully present blocks only) is in VhdxContainer.Write.cs.
/// </summary>
internal sealed partial class VhdxContainer : DiskContainer
{
    private readonly ContainerFile file;
    private readonly VhdxRegionTable regions;
    private readonly VhdxMetadata metadata;
    private readonly VhdxBlockAllocationTable bat;
    private readonly VhdxLogReplay? replay;
    private VhdxHeader header;

    private VhdxContainer(ContainerFile file, VhdxHeader header, VhdxRegionTable regions, VhdxMetadata metadata, VhdxBlockAllocationTable bat, VhdxLogReplay? replay)
    {
        this.replay = replay;
        this.file = file;
        this.header = header;
        this.regions = regions;
        this.metadata = metadata;
        this.bat = bat;
    }

    public override ContainerKind Kind => ContainerKind.Vhdx;

    public override long VirtualSize => metadata.VirtualDiskSize;

    public override int LogicalSectorSize => metadata.LogicalSectorSize;

    public int PhysicalSectorSize => metadata.PhysicalSectorSize;

    public override string Describe() =>
        $"{(metadata.LeaveBlocksAllocated ? "fixed" : "dynamic")} VHDX {file.Location}, virtual size {VirtualSize} bytes, block size {metadata.BlockSize}, " +
        $"logical sector {metadata.LogicalSectorSize}, physical sector {metadata.PhysicalSectorSize}, header sequence {header.SequenceNumber}" +
        (replay is null ? "" : $"; log replayed in memory ({replay.EntriesReplayed} entries up to sequence {replay.HeadSequenceNumber}), file unchanged");

    public static VhdxContainer Open(ContainerFile file)
    {
        var header = VhdxHeader.ReadCurrent(file);
        VhdxLogReplay? replay = null;
        if (header.LogGuid != Guid.Empty)
        {
            // Updates may sit in the log and not yet in place; everything below must see them.
            replay = VhdxLog.Replay(file, header);
            if (replay is not null && file.CanWrite)
            {
                // Writing under an overlay would put our bytes in the file while the log still
                // holds older ones to apply over them; applying the log to the file is a job for
                // the tools that own it.
                throw new ContainerWriteRefusedException(
                    file.Location,
                    $"this VHDX has a pending log ({replay.EntriesReplayed} entries up to sequence {replay.HeadSequenceNumber} not yet applied to the file), which offline-repair only replays in memory for reading",
                    "attach the disk once in Windows/Hyper-V (which applies the log) or run `qemu-img check -r all` on it, then try again");
            }

            if (replay is not null)
            {
                file.SetOverlay(replay.Pages, replay.FileLength, VhdxLayout.LogSectorSize);
            }
        }

        var regions = VhdxRegionTable.Read(file);
        var metadata = VhdxMetadata.Read(file, regions.Metadata);
        if (metadata.HasParent)
        {
            RefuseDifferencing(file, metadata);
        }

        var bat = VhdxBlockAllocationTable.Read(file, regions.Bat, metadata);
        return new VhdxContainer(file, header, regions, metadata, bat, replay);
    }

    protected override void ReadCore(long offset, Span<byte> buffer)
    {
        var blockSize = (long)metadata.BlockSize;
        while (!buffer.IsEmpty)
        {
            var block = offset / blockSize;
            var inBlock = offset % blockSize;
            var count = (int)Math.Min(buffer.Length, blockSize - inBlock);
            ReadFromBlock(block, inBlock, buffer[..count]);
            buffer = buffer[count..];
            offset += count;
        }
    }

    private void ReadFromBlock(long block, long inBlock, Span<byte> buffer)
    {
        var entry = bat.PayloadEntry(block);
        switch (VhdxBlockAllocationTable.State(entry))
        {
            case VhdxLayout.PayloadNotPresent:
            case VhdxLayout.PayloadUndefined:
            case VhdxLayout.PayloadZero:
            case VhdxLayout.PayloadUnmapped:
            case VhdxLayout.PayloadUnmappedV095:
                buffer.Clear();
                return;
            case VhdxLayout.PayloadFullyPresent:
                file.ReadExactly(BlockFileOffset(block, entry) + inBlock, buffer, $"VHDX block {block} data");
                return;
            default:
                throw new ContainerFormatException("VHDX BAT", bat.PayloadEntryOffset(block), $"block {block} has state {VhdxBlockAllocationTable.State(entry)}, which is not valid in a VHDX without a parent");
        }
    }

    /// <summary>Where a fully present block's data starts in the file, checked to lie inside it.</summary>
    private long BlockFileOffset(long block, ulong entry)
    {
        var blockOffset = VhdxBlockAllocationTable.FileOffsetOf(entry);
        var bytesInBlock = (ulong)BytesInBlock(block);
        if (blockOffset < (ulong)VhdxLayout.MiB || blockOffset > (ulong)file.Length || bytesInBlock > (ulong)file.Length - blockOffset)
        {
            throw new ContainerFormatException("VHDX BAT", bat.PayloadEntryOffset(block), $"block {block} points to offset {blockOffset}, outside the file ({file.Length} bytes)");
        }

        return (long)blockOffset;
    }

    /// <summary>The block's bytes that are part of the disk (the last block may be cut by the virtual size).</summary>
    private long BytesInBlock(long block) => Math.Min(metadata.BlockSize, VirtualSize - (block * metadata.BlockSize));

    private static void RefuseDifferencing(ContainerFile file, VhdxMetadata metadata)
    {
        var locator = metadata.ParentLocator;
        var candidates = new List<string>();
        if (locator.TryGetValue("relative_path", out var relative) && relative.Length > 0)
        {
            candidates.Add(ParentPaths.Relative(file.Location, relative));
        }

        if (locator.TryGetValue("absolute_win32_path", out var absolute) && absolute.Length > 0)
        {
            candidates.Add(ParentPaths.Absolute(absolute));
        }

        var name = candidates.Count > 0 ? ParentPaths.FileName(relative is { Length: > 0 } ? relative : absolute!) : "";
        if (ParentPaths.FirstExisting(candidates) is null)
        {
            throw new ParentNotFoundException("VHDX parent locator", metadata.ParentLocatorOffset, name, candidates);
        }

        throw new ContainerFormatException("VHDX metadata", metadata.ParentLocatorOffset,
            $"differencing VHDX is not supported yet (parent {name}); merge the checkpoint in Hyper-V or run `qemu-img convert -O vhdx` to flatten it first");
    }

    protected override void ReleaseFiles() => file.Dispose();
}
