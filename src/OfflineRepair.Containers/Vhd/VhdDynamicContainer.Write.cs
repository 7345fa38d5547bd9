using System.Buffers.Binary;

namespace OfflineRepair.Containers.Vhd;

/// <summary>
/// Writing a dynamic or differencing VHD. Allocated blocks are written in place, then the sector
/// bitmap bits of the sectors written are set. A write into a block not in the file appends a new
/// block where the footer was (the footer written at the new end first), and only then points the BAT at it: until
/// that last 4-byte write lands, the file still describes the old disk, so an interruption at any
/// step leaves at worst unreferenced space at the end (what `qemu-img check` calls leaked).
/// </summary>
internal sealed partial class VhdDynamicContainer
{
    /// <summary>Pieces in which a new block's data is written, so a 256 MiB block needs no 256 MiB buffer.</summary>
    private const int NewBlockPieceSize = 1 << 20;

    /// <summary>The footer at the end of the file, or -1 when it was missing or damaged (only its copy at 0 was usable).</summary>
    private long footerOffset;

    /// <summary>Where the next new block goes; -1 until the first allocation works it out.</summary>
    private long nextBlockOffset = -1;

    protected override bool IsWritable => file.CanWrite;

    protected override void FlushCore() => file.Flush();

    protected override void WriteCore(long offset, ReadOnlySpan<byte> data)
    {
        // Everything that could stop this write is checked before its first byte goes out: a
        // damaged BAT entry or a refusal half-way through would otherwise leave half a write.
        var firstBlock = offset / header.BlockSize;
        var lastBlock = (offset + data.Length - 1) / header.BlockSize;
        var newBlocks = 0;
        for (var block = firstBlock; block <= lastBlock; block++)
        {
            if (bat.BitmapSector(block) is { } sector)
            {
                CheckBlockIsWritable(block, sector);
            }
            else
            {
                newBlocks++;
            }
        }

        if (newBlocks > 0)
        {
            PrepareAllocation(newBlocks);
        }

        while (!data.IsEmpty)
        {
            var block = offset / header.BlockSize;
            var inBlock = (int)(offset % header.BlockSize);
            var count = Math.Min(data.Length, header.BlockSize - inBlock);
            WriteToBlock(block, inBlock, data[..count]);
            data = data[count..];
            offset += count;
        }
    }

    private void WriteToBlock(long block, int inBlock, ReadOnlySpan<byte> data)
    {
        const int sector = VhdLayout.SectorSize;
        var start = inBlock / sector * sector;
        var end = (inBlock + data.Length + sector - 1) / sector * sector;
        var sectors = data;
        if (start != inBlock || end != inBlock + data.Length)
        {
            // A sector is the unit the bitmap marks: a partial one is completed with what the disk
            // holds there now (the parent's bytes in a differencing child, zeros in a dynamic
            // disk), so once marked present it reads as before except for the bytes written.
            // VirtualSize is a multiple of 512, so the rounded-up end is still inside the disk.
            var blockStart = block * header.BlockSize;
            var whole = new byte[end - start];
            ReadCore(blockStart + start, whole.AsSpan(0, sector));
            ReadCore(blockStart + end - sector, whole.AsSpan(whole.Length - sector, sector));
            data.CopyTo(whole.AsSpan(inBlock - start));
            sectors = whole;
        }

        if (bat.BitmapSector(block) is { } bitmapSector)
        {
            WriteInPlace(block, bitmapSector * VhdLayout.SectorSize, start, sectors);
        }
        else
        {
            AllocateBlock(block, start, sectors);
        }
    }

    private void WriteInPlace(long block, long bitmapOffset, int start, ReadOnlySpan<byte> sectors)
    {
        // Data first, bits second: interrupted between the two, the sectors are still marked
        // absent and read as they did before (never a marked sector holding stale bytes).
        file.Write(bitmapOffset + bitmapSize + start, sectors, $"VHD block {block} data");

        var bitmap = Bitmap(block, bitmapOffset);
        var firstSector = start / VhdLayout.SectorSize;
        var endSector = firstSector + (sectors.Length / VhdLayout.SectorSize);
        if (AllSet(bitmap, firstSector, endSector))
        {
            return;
        }

        // A copy, so the cached bitmap (what reads use) changes only once the file has it too.
        var updated = (byte[])bitmap.Clone();
        SetBits(updated, firstSector, endSector);
        var from = firstSector / 8 / VhdLayout.SectorSize * VhdLayout.SectorSize;
        var to = (((endSector - 1) / 8 / VhdLayout.SectorSize) + 1) * VhdLayout.SectorSize;
        file.Write(bitmapOffset + from, updated.AsSpan(from, to - from), $"VHD block {block} sector bitmap");
        bitmaps[block] = updated;
    }

    /// <summary>
    /// Puts a new block where the footer was: the footer first, at the new end; then the block's
    /// bitmap (bits set for the sectors written) and data (zeros with the written sectors merged in),
    /// flushed; then the BAT entry, flushed. The footer copy at offset 0 is left alone: it never moves.
    /// </summary>
    private void AllocateBlock(long block, int start, ReadOnlySpan<byte> sectors)
    {
        var blockOffset = nextBlockOffset;

        // The footer goes to the new end first: the file then ends in a valid footer at every step
        // (the old one stays where it was until the block's bytes cover it).
        var newFooterOffset = blockOffset + bitmapSize + header.BlockSize;
        file.Write(newFooterOffset, footer.Raw, "VHD footer");
        footerOffset = newFooterOffset;
        nextBlockOffset = newFooterOffset;

        var bitmap = new byte[bitmapSize];
        var firstSector = start / VhdLayout.SectorSize;
        SetBits(bitmap, firstSector, firstSector + (sectors.Length / VhdLayout.SectorSize));
        file.Write(blockOffset, bitmap, $"new VHD block {block} sector bitmap");

        var piece = new byte[Math.Min(header.BlockSize, NewBlockPieceSize)];
        for (var at = 0; at < header.BlockSize; at += piece.Length)
        {
            piece.AsSpan().Clear();
            var overlapStart = Math.Max(at, start);
            var overlapEnd = Math.Min(at + piece.Length, start + sectors.Length);
            if (overlapStart < overlapEnd)
            {
                sectors[(overlapStart - start)..(overlapEnd - start)].CopyTo(piece.AsSpan(overlapStart - at));
            }

            file.Write(blockOffset + bitmapSize + at, piece, $"new VHD block {block} data");
        }

        file.Flush();

        // The only write that makes the block part of the disk, and the last.
        var sectorNumber = (uint)(blockOffset / VhdLayout.SectorSize);
        Span<byte> entry = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(entry, sectorNumber);
        file.Write(bat.EntryOffset(block), entry, "VHD block allocation table");
        bat.Set(block, sectorNumber);
        bitmaps[block] = bitmap;
        file.Flush();
    }

    /// <summary>
    /// Works out where new blocks go (first time only) and checks that this many fit: refuses when
    /// the footer at the end is missing, or when the file would grow past what a BAT entry addresses.
    /// </summary>
    private void PrepareAllocation(int newBlocks)
    {
        if (footerOffset < 0)
        {
            throw new ContainerWriteRefusedException(
                file.Location,
                "the footer at the end of this VHD is missing or damaged (only its copy at offset 0 is valid), so where a new block may go is not known",
                "repair the image first, e.g. `qemu-img convert -f vpc -O vpc` it to a new file, then write to that");
        }

        if (nextBlockOffset < 0)
        {
            nextBlockOffset = EndOfData();
        }

        var blockBytes = (long)bitmapSize + header.BlockSize;
        var lastSector = (nextBlockOffset + ((newBlocks - 1) * blockBytes)) / VhdLayout.SectorSize;
        if (lastSector >= VhdLayout.UnallocatedBlock)
        {
            throw new ContainerWriteRefusedException(
                file.Location,
                $"a new block at offset {nextBlockOffset} would lie past what a VHD block allocation table can address (sector numbers are 32-bit)",
                "convert the disk to a fixed VHD or raw with qemu-img and write to that");
        }
    }

    /// <summary>
    /// The first sector-aligned offset past everything the file holds: the footer's place in a
    /// well-formed file, but never inside the header, the BAT, a parent locator or a block, even if
    /// a tool left the footer somewhere odd.
    /// </summary>
    private long EndOfData()
    {
        var end = Math.Max(footerOffset, (long)footer.DataOffset + VhdLayout.DynamicHeaderSize);
        end = Math.Max(end, header.TableOffset + ((long)header.MaxTableEntries * 4));
        end = Math.Max(end, bat.EndOfBlocks((long)bitmapSize + header.BlockSize));
        foreach (var locator in header.ParentLocators)
        {
            end = Math.Max(end, locator.DataOffset + locator.DataLength);
        }

        return RoundUpToSector(end);
    }

    /// <summary>
    /// Refuses to write into a block whose entry points past the end of the file or over the
    /// header, the BAT or the footer: a damaged entry must not turn a disk write into metadata damage.
    /// </summary>
    private void CheckBlockIsWritable(long block, long bitmapSector)
    {
        var bitmapOffset = bitmapSector * VhdLayout.SectorSize;
        var blockEnd = bitmapOffset + bitmapSize + Math.Min(header.BlockSize, VirtualSize - (block * header.BlockSize));
        if (blockEnd > file.Length)
        {
            throw new ContainerFormatException("VHD block allocation table", bat.EntryOffset(block), $"block {block} points to sector {bitmapSector} (ending at offset {blockEnd}), past the end of the file ({file.Length} bytes)");
        }

        var headerOffset = (long)footer.DataOffset;
        var overlaps =
            Overlaps(bitmapOffset, blockEnd, 0, VhdLayout.FooterSize) ? "the footer copy at offset 0"
            : Overlaps(bitmapOffset, blockEnd, headerOffset, headerOffset + VhdLayout.DynamicHeaderSize) ? "the dynamic header"
            : Overlaps(bitmapOffset, blockEnd, header.TableOffset, header.TableOffset + ((long)header.MaxTableEntries * 4)) ? "the block allocation table"
            : footerOffset >= 0 && Overlaps(bitmapOffset, blockEnd, footerOffset, footerOffset + VhdLayout.FooterSize) ? "the footer"
            : null;
        if (overlaps is not null)
        {
            throw new ContainerFormatException("VHD block allocation table", bat.EntryOffset(block), $"block {block} at offset {bitmapOffset} overlaps {overlaps}; refusing to write into it");
        }
    }

    private static bool Overlaps(long start, long end, long otherStart, long otherEnd) => start < otherEnd && otherStart < end;

    private static long RoundUpToSector(long offset) => (offset + VhdLayout.SectorSize - 1) / VhdLayout.SectorSize * VhdLayout.SectorSize;

    private static bool AllSet(byte[] bitmap, int firstSector, int endSector)
    {
        for (var s = firstSector; s < endSector; s++)
        {
            if (!IsSet(bitmap, s))
            {
                return false;
            }
        }

        return true;
    }

    // Bit 7 of byte 0 is the block's first sector, as the reader's IsSet has it.
    private static void SetBits(byte[] bitmap, int firstSector, int endSector)
    {
        for (var s = firstSector; s < endSector; s++)
        {
            bitmap[s >> 3] |= (byte)(0x80 >> (s & 7));
        }
    }
}
