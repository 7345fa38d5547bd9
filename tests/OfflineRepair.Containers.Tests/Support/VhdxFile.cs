using System.Buffers.Binary;

namespace OfflineRepair.Containers.Tests.Support;

/// <summary>
/// Which payload blocks of a VHDX are fully present, parsed here from [MS-VHDX] and not by the
/// product's reader: qemu-img 7.2 cannot say (its map reports a VHDX as all data), and the tests
/// need to know where in-place writes may go and where they must be refused.
/// </summary>
internal sealed class VhdxFile
{
    private static readonly Guid BatRegion = new("2DC27766-F623-4200-9D64-115E9BFD4A08");
    private static readonly Guid MetadataRegion = new("8B7CA206-4790-4B9A-B8FE-575F050F886E");
    private static readonly Guid FileParameters = new("CAA16737-FA36-4D43-B3B6-33F0AA44E76B");
    private static readonly Guid VirtualDiskSize = new("2FA54224-CD1B-4876-B211-5DBED83BF4B8");
    private static readonly Guid LogicalSectorSize = new("8141BF1D-A96F-4709-BA47-F233A8FAAB5F");

    private readonly ulong[] payloadEntries;
    private readonly long batOffset;
    private readonly long chunkRatio;

    private VhdxFile(long blockSize, long virtualSize, ulong[] payloadEntries, long batOffset, long chunkRatio)
    {
        BlockSize = blockSize;
        VirtualSize = virtualSize;
        this.payloadEntries = payloadEntries;
        this.batOffset = batOffset;
        this.chunkRatio = chunkRatio;
    }

    public long BlockSize { get; }

    public long VirtualSize { get; }

    public static VhdxFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var regions = bytes.AsSpan(192 << 10, 64 << 10);
        Assert.True(regions[..4].SequenceEqual("regi"u8));
        long batOffset = 0;
        long metadataOffset = 0;
        for (var i = 0; i < BinaryPrimitives.ReadInt32LittleEndian(regions[8..]); i++)
        {
            var entry = regions.Slice(16 + (i * 32), 32);
            var id = new Guid(entry[..16]);
            var offset = BinaryPrimitives.ReadInt64LittleEndian(entry[16..]);
            batOffset = id == BatRegion ? offset : batOffset;
            metadataOffset = id == MetadataRegion ? offset : metadataOffset;
        }

        var metadata = bytes.AsSpan((int)metadataOffset);
        Assert.True(metadata[..8].SequenceEqual("metadata"u8));
        var items = new Dictionary<Guid, int>();
        for (var i = 0; i < BinaryPrimitives.ReadUInt16LittleEndian(metadata[10..]); i++)
        {
            var entry = metadata.Slice(32 + (i * 32), 32);
            items[new Guid(entry[..16])] = BinaryPrimitives.ReadInt32LittleEndian(entry[16..]);
        }

        var blockSize = BinaryPrimitives.ReadUInt32LittleEndian(metadata[items[FileParameters]..]);
        var virtualSize = BinaryPrimitives.ReadInt64LittleEndian(metadata[items[VirtualDiskSize]..]);
        var sectorSize = BinaryPrimitives.ReadUInt32LittleEndian(metadata[items[LogicalSectorSize]..]);

        // After every chunk_ratio payload entries the BAT holds one sector bitmap entry.
        var chunkRatio = (1L << 23) * sectorSize / blockSize;
        var blocks = (virtualSize + blockSize - 1) / blockSize;
        var entries = new ulong[blocks];
        for (var block = 0L; block < blocks; block++)
        {
            entries[block] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)(batOffset + ((block + (block / chunkRatio)) * 8))));
        }

        return new VhdxFile(blockSize, virtualSize, entries, batOffset, chunkRatio);
    }

    /// <summary>Where the payload block's 8-byte BAT entry is in the file.</summary>
    public long EntryOffset(long block) => batOffset + ((block + (block / chunkRatio)) * 8);

    /// <summary>Bits 0-2 of the block's BAT entry (6 = PAYLOAD_BLOCK_FULLY_PRESENT).</summary>
    public int State(long block) => (int)(payloadEntries[block] & 7);

    public bool FullyPresent(long block) => State(block) == 6;

    /// <summary>Whether every byte of the range lies in a fully present block.</summary>
    public bool InPresentBlocks(long offset, long length)
    {
        for (var block = offset / BlockSize; block <= (offset + length - 1) / BlockSize; block++)
        {
            if (!FullyPresent(block))
            {
                return false;
            }
        }

        return true;
    }
}
