namespace OfflineRepair.Containers.Vhd;

/// <summary>
/// A dynamic or differencing VHD. Each block is [sector bitmap][data]; a sector whose bitmap bit
/// is clear reads as zeros (dynamic) or from the parent (differencing). Unallocated blocks
/// likewise. The BAT is loaded once; bitmaps are read when a block is first touched. Writing is in
/// VhdDynamicContainer.Write.cs.
/// </summary>
internal sealed partial class VhdDynamicContainer : DiskContainer
{
    private const int BitmapCacheLimit = 256;
    private readonly ContainerFile file;
    private readonly VhdFooter footer;
    private readonly VhdDynamicHeader header;
    private readonly BlockAllocationTable bat;
    private readonly DiskContainer? parent;
    private readonly int bitmapSize;
    private readonly Dictionary<long, byte[]> bitmaps = [];

    /// <param name="footerOffset">Where the footer at the end of the file is, or -1 when only its copy at offset 0 is valid.</param>
    public VhdDynamicContainer(ContainerFile file, VhdFooter footer, long footerOffset, VhdDynamicHeader header, DiskContainer? parent)
    {
        this.file = file;
        this.footerOffset = footerOffset;
        this.footer = footer;
        this.header = header;
        this.parent = parent;
        bitmapSize = VhdLayout.BitmapSize(header.BlockSize);
        bat = BlockAllocationTable.Read(file, header, footer.CurrentSize);
    }

    public override ContainerKind Kind => parent is null ? ContainerKind.VhdDynamic : ContainerKind.VhdDifferencing;

    public override long VirtualSize => footer.CurrentSize;

    /// <summary>The footer's unique id, which a differencing child records for its parent.</summary>
    internal Guid UniqueId => footer.UniqueId;

    public override string Describe()
    {
        var what = parent is null ? "dynamic VHD" : "differencing VHD";
        var text = $"{what} {file.Location}, virtual size {VirtualSize} bytes, block size {header.BlockSize}, {bat.Count} blocks, creator \"{footer.CreatorApplication.TrimEnd()}\"";
        return parent is null ? text : $"{text}; parent: {parent.Describe()}";
    }

    protected override void ReadCore(long offset, Span<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var block = offset / header.BlockSize;
            var inBlock = (int)(offset % header.BlockSize);
            var count = Math.Min(buffer.Length, header.BlockSize - inBlock);
            ReadFromBlock(block, inBlock, buffer[..count]);
            buffer = buffer[count..];
            offset += count;
        }
    }

    private void ReadFromBlock(long block, int inBlock, Span<byte> buffer)
    {
        var bitmapSector = bat.BitmapSector(block);
        var blockStart = block * header.BlockSize;
        if (bitmapSector is null)
        {
            ReadAbsent(blockStart + inBlock, buffer);
            return;
        }

        var dataOffset = (bitmapSector.Value * VhdLayout.SectorSize) + bitmapSize;
        var bytesInBlock = Math.Min(header.BlockSize, VirtualSize - blockStart);
        if (dataOffset + bytesInBlock > file.Length)
        {
            throw new ContainerFormatException("VHD block allocation table", bat.EntryOffset(block), $"block {block} points to sector {bitmapSector.Value} (data at offset {dataOffset}), past the end of the file ({file.Length} bytes)");
        }

        var bitmap = Bitmap(block, bitmapSector.Value * VhdLayout.SectorSize);

        // Walk runs of sectors with the same bit so a mostly-written block is one read, not one per sector.
        var done = 0;
        while (done < buffer.Length)
        {
            var sector = (inBlock + done) / VhdLayout.SectorSize;
            var present = IsSet(bitmap, sector);
            var runEnd = done;
            while (runEnd < buffer.Length && IsSet(bitmap, (inBlock + runEnd) / VhdLayout.SectorSize) == present)
            {
                runEnd = Math.Min(buffer.Length, (((inBlock + runEnd) / VhdLayout.SectorSize) + 1) * VhdLayout.SectorSize - inBlock);
            }

            var run = buffer[done..runEnd];
            if (present)
            {
                file.ReadExactly(dataOffset + inBlock + done, run, $"VHD block {block} data");
            }
            else
            {
                ReadAbsent(blockStart + inBlock + done, run);
            }

            done = runEnd;
        }
    }

    private void ReadAbsent(long diskOffset, Span<byte> buffer)
    {
        if (parent is null)
        {
            buffer.Clear();
        }
        else
        {
            parent.ReadDisk(diskOffset, buffer);
        }
    }

    private byte[] Bitmap(long block, long offset)
    {
        if (bitmaps.TryGetValue(block, out var cached))
        {
            return cached;
        }

        if (bitmaps.Count >= BitmapCacheLimit)
        {
            // A simple bound: the cache only saves re-reading 512 bytes, so forgetting all is cheap.
            bitmaps.Clear();
        }

        var bitmap = file.ReadBytes(offset, bitmapSize, $"VHD block {block} sector bitmap");
        bitmaps[block] = bitmap;
        return bitmap;
    }

    // Bit 7 of byte 0 is the block's first sector.
    private static bool IsSet(byte[] bitmap, int sector) => (bitmap[sector >> 3] & (0x80 >> (sector & 7))) != 0;

    protected override void ReleaseFiles()
    {
        file.Dispose();
        parent?.Dispose();
    }
}
