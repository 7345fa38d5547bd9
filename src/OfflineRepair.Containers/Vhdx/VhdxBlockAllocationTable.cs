using System.Buffers.Binary;

namespace OfflineRepair.Containers.Vhdx;

/// <summary>
/// The VHDX BAT: 64-bit entries, one per payload block, with a sector bitmap entry after every
/// chunk_ratio payload entries (so payload block i is entry i + i / chunk_ratio).
/// </summary>
internal sealed class VhdxBlockAllocationTable
{
    private const string Structure = "VHDX BAT";
    private readonly ulong[] entries;
    private readonly long chunkRatio;

    private VhdxBlockAllocationTable(ulong[] entries, long chunkRatio, long fileOffset, long payloadBlocks)
    {
        this.entries = entries;
        this.chunkRatio = chunkRatio;
        FileOffset = fileOffset;
        PayloadBlocks = payloadBlocks;
    }

    public long FileOffset { get; }

    public long PayloadBlocks { get; }

    public static VhdxBlockAllocationTable Read(ContainerFile file, VhdxRegion region, VhdxMetadata metadata)
    {
        var chunkRatio = VhdxLayout.SectorsPerBitmapBlock * metadata.LogicalSectorSize / metadata.BlockSize;
        var payloadBlocks = (metadata.VirtualDiskSize + metadata.BlockSize - 1) / metadata.BlockSize;

        // Only payload entries are read, so the BAT needs entries up to the last payload block
        // (a differencing disk's trailing bitmap entry is not needed for reading payload states).
        var needed = (payloadBlocks - 1) + ((payloadBlocks - 1) / chunkRatio) + 1;
        if (needed * 8 > region.Length)
        {
            throw new ContainerFormatException(Structure, region.FileOffset, $"{needed} entries needed for {payloadBlocks} blocks but the region holds only {region.Length / 8}");
        }

        if (needed * 8 > VhdxLayout.MaxBatBytes)
        {
            throw new ContainerFormatException(Structure, region.FileOffset, $"{needed} entries is more than this reader accepts ({VhdxLayout.MaxBatBytes} bytes)");
        }

        var bytes = file.ReadBytes(region.FileOffset, (int)(needed * 8), Structure);
        var entries = new ulong[needed];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * 8));
        }

        return new VhdxBlockAllocationTable(entries, chunkRatio, region.FileOffset, payloadBlocks);
    }

    public ulong PayloadEntry(long block) => entries[PayloadIndex(block)];

    /// <summary>File offset of the payload block's BAT entry, for messages.</summary>
    public long PayloadEntryOffset(long block) => FileOffset + (PayloadIndex(block) * 8);

    public static ulong State(ulong entry) => entry & VhdxLayout.BatStateMask;

    /// <summary>The entry's file offset in bytes (bits 20-63 count MiB, so the low 20 bits are simply masked off).</summary>
    public static ulong FileOffsetOf(ulong entry) => entry & ~((1UL << VhdxLayout.BatFileOffsetShift) - 1);

    private long PayloadIndex(long block) => block + (block / chunkRatio);
}
