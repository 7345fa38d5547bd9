using System.Buffers.Binary;

namespace OfflineRepair.Containers.Vhd;

/// <summary>
/// The VHD block allocation table: for each block, the sector number of its sector bitmap (the
/// block's data follows the bitmap), or all ones when the block is not in the file. Loaded once:
/// it is 4 bytes per block, a few MiB at most.
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
    public static BlockAllocationTable Read(FileReader file, VhdDynamicHeader header, long virtualSize)
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
}
