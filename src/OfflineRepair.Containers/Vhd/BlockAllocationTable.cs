using System.Buffers.Binary;

namespace OfflineRepair.Containers.Vhd;

/// <summary>
/// The VHD block allocation table: for each block, the sector number of its sector bitmap (the
/// block's data follows the bitmap), or all ones when the block is not in the file. Loaded once:
/// it is 4 bytes per block, a few MiB at most. A writer changes an entry here only after writing
/// it to the file, so what reads see is what the file says.
/// </summary>
internal sealed class BlockAllocationTable
{
    private const string Structure = "VHD block allocation table";
    private readonly uint[] entries;

    private BlockAllocationTable(uint[] entries, long fileOffset)
    {
        this.entries = entries;
        FileOffset = fileOffset;
    }

    public long FileOffset { get; }

    public int Count => entries.Length;

    /// <summary>Reads the entries that cover virtualSize (the header's maximum may be larger).</summary>
    public static BlockAllocationTable Read(ContainerFile file, VhdDynamicHeader header, long virtualSize)
    {
        var needed = (virtualSize + header.BlockSize - 1) / header.BlockSize;
        if (needed > header.MaxTableEntries)
        {
            throw new ContainerFormatException(Structure, header.TableOffset, $"{header.MaxTableEntries} entries of {header.BlockSize} bytes cannot cover the virtual size {virtualSize}");
        }

        if (needed * 4 > VhdLayout.MaxBatBytes)
        {
            throw new ContainerFormatException(Structure, header.TableOffset, $"{needed} entries is more than this reader accepts ({VhdLayout.MaxBatBytes} bytes)");
        }

        var bytes = file.ReadBytes(header.TableOffset, (int)(needed * 4), Structure);
        var entries = new uint[needed];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(i * 4));
        }

        return new BlockAllocationTable(entries, header.TableOffset);
    }

    /// <summary>Sector number of the block's bitmap, or null when the block is unallocated.</summary>
    public long? BitmapSector(long block)
    {
        var entry = entries[block];
        return entry == VhdLayout.UnallocatedBlock ? null : entry;
    }

    public long EntryOffset(long block) => FileOffset + (block * 4);

    /// <summary>Records a block newly placed in the file; called once its entry is written there.</summary>
    public void Set(long block, uint bitmapSector) => entries[block] = bitmapSector;

    /// <summary>Where the furthest block the table points to ends (0 when none is allocated).</summary>
    public long EndOfBlocks(long bytesPerBlock)
    {
        long end = 0;
        foreach (var entry in entries)
        {
            if (entry != VhdLayout.UnallocatedBlock)
            {
                end = Math.Max(end, ((long)entry * VhdLayout.SectorSize) + bytesPerBlock);
            }
        }

        return end;
    }
}
