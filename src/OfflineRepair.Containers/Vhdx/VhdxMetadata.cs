using System.Buffers.Binary;

namespace OfflineRepair.Containers.Vhdx;

/// <summary>The metadata region's items this reader needs: block size, disk size, sector sizes, parent.</summary>
internal sealed class VhdxMetadata
{
    private const string Structure = "VHDX metadata";

    private VhdxMetadata()
    {
    }

    public uint BlockSize { get; private init; }

    public bool LeaveBlocksAllocated { get; private init; }

    public bool HasParent { get; private init; }

    public long VirtualDiskSize { get; private init; }

    public int LogicalSectorSize { get; private init; }

    public int PhysicalSectorSize { get; private init; }

    public Guid? Page83Data { get; private init; }

    /// <summary>Key/value pairs of the parent locator item (differencing disks only).</summary>
    public IReadOnlyDictionary<string, string> ParentLocator { get; private init; } = new Dictionary<string, string>();

    /// <summary>File offset of the parent locator item, for messages.</summary>
    public long ParentLocatorOffset { get; private init; }

    public static VhdxMetadata Read(ContainerFile file, VhdxRegion region)
    {
        if (region.Length < VhdxLayout.MetadataTableSize)
        {
            throw new ContainerFormatException(Structure, region.FileOffset, $"region of {region.Length} bytes is smaller than its 64 KiB table");
        }

        var table = file.ReadBytes(region.FileOffset, VhdxLayout.MetadataTableSize, Structure + " table");
        if (!table.AsSpan(0, 8).SequenceEqual(VhdxLayout.MetadataTableSignature))
        {
            throw new ContainerFormatException(Structure + " table", region.FileOffset, "signature is not \"metadata\"");
        }

        var count = BinaryPrimitives.ReadUInt16LittleEndian(table.AsSpan(VhdxLayout.MetadataEntryCountOffset));
        if (count > VhdxLayout.MaxMetadataEntries)
        {
            throw new ContainerFormatException(Structure + " table", region.FileOffset + VhdxLayout.MetadataEntryCountOffset, $"entry count {count} exceeds {VhdxLayout.MaxMetadataEntries}");
        }

        var items = new Dictionary<Guid, (long Offset, byte[] Data)>();
        for (var i = 0; i < count; i++)
        {
            var at = VhdxLayout.MetadataEntriesOffset + (i * VhdxLayout.MetadataEntrySize);
            var entry = table.AsSpan(at, VhdxLayout.MetadataEntrySize);
            var id = new Guid(entry[..16]);
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(entry[16..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(entry[20..]);
            var flags = BinaryPrimitives.ReadUInt32LittleEndian(entry[24..]);
            var entryOffset = region.FileOffset + at;
            var known = id == VhdxLayout.FileParametersItem || id == VhdxLayout.VirtualDiskSizeItem || id == VhdxLayout.Page83DataItem
                || id == VhdxLayout.LogicalSectorSizeItem || id == VhdxLayout.PhysicalSectorSizeItem || id == VhdxLayout.ParentLocatorItem;
            if (!known)
            {
                if ((flags & VhdxLayout.MetadataFlagIsRequired) != 0)
                {
                    throw new ContainerFormatException(Structure + " table", entryOffset, $"unknown required metadata item {id}");
                }

                continue;
            }

            if (length == 0 || offset < VhdxLayout.MetadataTableSize || offset > region.Length || length > region.Length - offset)
            {
                throw new ContainerFormatException(Structure + " table", entryOffset, $"item {id} at {offset}, {length} bytes, lies outside the {region.Length}-byte region");
            }

            if (items.ContainsKey(id))
            {
                throw new ContainerFormatException(Structure + " table", entryOffset, $"item {id} is listed twice");
            }

            items[id] = (region.FileOffset + offset, file.ReadBytes(region.FileOffset + offset, (int)length, $"{Structure} item {id}"));
        }

        var parameters = Require(items, VhdxLayout.FileParametersItem, "file parameters", 8, region);
        var blockSize = BinaryPrimitives.ReadUInt32LittleEndian(parameters.Data);
        var parameterFlags = BinaryPrimitives.ReadUInt32LittleEndian(parameters.Data.AsSpan(4));
        if (blockSize < VhdxLayout.MinBlockSize || blockSize > VhdxLayout.MaxBlockSize || (blockSize & (blockSize - 1)) != 0)
        {
            throw new ContainerFormatException(Structure + " file parameters", parameters.Offset, $"block size {blockSize} is not a power of two from 1 MiB to 256 MiB");
        }

        var logical = Require(items, VhdxLayout.LogicalSectorSizeItem, "logical sector size", 4, region);
        var logicalSize = BinaryPrimitives.ReadUInt32LittleEndian(logical.Data);
        if (logicalSize is not (512 or 4096))
        {
            throw new ContainerFormatException(Structure + " logical sector size", logical.Offset, $"{logicalSize} (512 or 4096 expected)");
        }

        var physical = Require(items, VhdxLayout.PhysicalSectorSizeItem, "physical sector size", 4, region);
        var physicalSize = BinaryPrimitives.ReadUInt32LittleEndian(physical.Data);
        if (physicalSize is not (512 or 4096))
        {
            throw new ContainerFormatException(Structure + " physical sector size", physical.Offset, $"{physicalSize} (512 or 4096 expected)");
        }

        var size = Require(items, VhdxLayout.VirtualDiskSizeItem, "virtual disk size", 8, region);
        var virtualSize = BinaryPrimitives.ReadUInt64LittleEndian(size.Data);
        if (virtualSize == 0 || virtualSize > VhdxLayout.MaxVirtualSize || virtualSize % logicalSize != 0)
        {
            throw new ContainerFormatException(Structure + " virtual disk size", size.Offset, $"{virtualSize} is not a positive multiple of the {logicalSize}-byte sector up to 64 TiB");
        }

        Guid? page83 = items.TryGetValue(VhdxLayout.Page83DataItem, out var page) && page.Data.Length >= 16 ? new Guid(page.Data.AsSpan(0, 16)) : null;
        var hasParent = (parameterFlags & VhdxLayout.FileParameterHasParent) != 0;
        var locator = new Dictionary<string, string>(StringComparer.Ordinal);
        long locatorOffset = region.FileOffset;
        if (hasParent && items.TryGetValue(VhdxLayout.ParentLocatorItem, out var parentItem))
        {
            locator = VhdxParentLocator.Parse(parentItem.Data, parentItem.Offset);
            locatorOffset = parentItem.Offset;
        }

        return new VhdxMetadata
        {
            BlockSize = blockSize,
            LeaveBlocksAllocated = (parameterFlags & VhdxLayout.FileParameterLeaveBlocksAllocated) != 0,
            HasParent = hasParent,
            VirtualDiskSize = (long)virtualSize,
            LogicalSectorSize = (int)logicalSize,
            PhysicalSectorSize = (int)physicalSize,
            Page83Data = page83,
            ParentLocator = locator,
            ParentLocatorOffset = locatorOffset,
        };
    }

    private static (long Offset, byte[] Data) Require(Dictionary<Guid, (long Offset, byte[] Data)> items, Guid id, string name, int minimumLength, VhdxRegion region)
    {
        if (!items.TryGetValue(id, out var item))
        {
            throw new ContainerFormatException(Structure, region.FileOffset, $"required item \"{name}\" ({id}) is missing");
        }

        if (item.Data.Length < minimumLength)
        {
            throw new ContainerFormatException(Structure + " " + name, item.Offset, $"{item.Data.Length} bytes, {minimumLength} needed");
        }

        return item;
    }
}
