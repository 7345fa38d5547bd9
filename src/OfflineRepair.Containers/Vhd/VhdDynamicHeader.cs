using System.Buffers.Binary;
using System.Text;

namespace OfflineRepair.Containers.Vhd;

/// <summary>The 1024-byte dynamic disk header ("cxsparse") of dynamic and differencing VHDs.</summary>
internal sealed class VhdDynamicHeader
{
    private const string Structure = "VHD dynamic header";

    private VhdDynamicHeader(long tableOffset, uint maxTableEntries, int blockSize, Guid parentUniqueId, string parentName, IReadOnlyList<VhdParentLocator> locators)
    {
        TableOffset = tableOffset;
        MaxTableEntries = maxTableEntries;
        BlockSize = blockSize;
        ParentUniqueId = parentUniqueId;
        ParentName = parentName;
        ParentLocators = locators;
    }

    public long TableOffset { get; }

    public uint MaxTableEntries { get; }

    public int BlockSize { get; }

    public Guid ParentUniqueId { get; }

    /// <summary>The parent's file name as stored (UTF-16BE), possibly empty.</summary>
    public string ParentName { get; }

    public IReadOnlyList<VhdParentLocator> ParentLocators { get; }

    public static VhdDynamicHeader Parse(ReadOnlySpan<byte> raw, long fileOffset)
    {
        if (raw.Length < VhdLayout.DynamicHeaderSize)
        {
            throw new ContainerFormatException(Structure, fileOffset, $"only {raw.Length} bytes, 1024 needed");
        }

        raw = raw[..VhdLayout.DynamicHeaderSize];
        if (!raw[..8].SequenceEqual(VhdLayout.DynamicHeaderCookie))
        {
            throw new ContainerFormatException(Structure, fileOffset, "cookie is not \"cxsparse\"");
        }

        var stored = BinaryPrimitives.ReadUInt32BigEndian(raw[VhdLayout.DynamicChecksumOffset..]);
        var computed = VhdChecksum.Compute(raw, VhdLayout.DynamicChecksumOffset);
        if (stored != computed)
        {
            throw new ContainerFormatException(Structure, fileOffset + VhdLayout.DynamicChecksumOffset, $"checksum mismatch: stored 0x{stored:X8}, computed 0x{computed:X8}");
        }

        var version = BinaryPrimitives.ReadUInt32BigEndian(raw[VhdLayout.DynamicHeaderVersionOffset..]);
        if (version >> 16 != 1)
        {
            throw new ContainerFormatException(Structure, fileOffset + VhdLayout.DynamicHeaderVersionOffset, $"unsupported header version 0x{version:X8}");
        }

        var tableOffset = BinaryPrimitives.ReadUInt64BigEndian(raw[VhdLayout.DynamicTableOffsetOffset..]);
        if (tableOffset > long.MaxValue / 2)
        {
            throw new ContainerFormatException(Structure, fileOffset + VhdLayout.DynamicTableOffsetOffset, $"table offset 0x{tableOffset:X} is absurd");
        }

        var maxEntries = BinaryPrimitives.ReadUInt32BigEndian(raw[VhdLayout.DynamicMaxTableEntriesOffset..]);
        var blockSize = BinaryPrimitives.ReadUInt32BigEndian(raw[VhdLayout.DynamicBlockSizeOffset..]);
        if (blockSize < VhdLayout.SectorSize || blockSize > VhdLayout.MaxBlockSize || (blockSize & (blockSize - 1)) != 0)
        {
            throw new ContainerFormatException(Structure, fileOffset + VhdLayout.DynamicBlockSizeOffset, $"block size {blockSize} is not a power of two from 512 bytes to 256 MiB");
        }

        var parentId = new Guid(raw.Slice(VhdLayout.DynamicParentUniqueIdOffset, 16), bigEndian: true);
        var parentName = Encoding.BigEndianUnicode.GetString(raw.Slice(VhdLayout.DynamicParentNameOffset, VhdLayout.DynamicParentNameSize)).TrimEnd('\0');
        var locators = new List<VhdParentLocator>();
        for (var i = 0; i < VhdLayout.ParentLocatorCount; i++)
        {
            var at = VhdLayout.DynamicParentLocatorsOffset + (i * VhdLayout.ParentLocatorEntrySize);
            var entry = raw.Slice(at, VhdLayout.ParentLocatorEntrySize);
            if (BinaryPrimitives.ReadUInt32BigEndian(entry) != 0)
            {
                locators.Add(VhdParentLocator.Parse(entry, fileOffset + at));
            }
        }

        return new VhdDynamicHeader((long)tableOffset, maxEntries, (int)blockSize, parentId, parentName, locators);
    }
}
