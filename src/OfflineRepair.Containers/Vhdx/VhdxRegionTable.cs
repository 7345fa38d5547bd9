using System.Buffers.Binary;

namespace OfflineRepair.Containers.Vhdx;

/// <summary>The region table: where the BAT and metadata regions are in the file.</summary>
internal sealed class VhdxRegionTable
{
    private const string Structure = "VHDX region table";

    private VhdxRegionTable(VhdxRegion bat, VhdxRegion metadata)
    {
        Bat = bat;
        Metadata = metadata;
    }

    public VhdxRegion Bat { get; }

    public VhdxRegion Metadata { get; }

    /// <summary>Reads the first valid of the two copies; throws when neither is.</summary>
    public static VhdxRegionTable Read(ContainerFile file)
    {
        var raw1 = file.ReadBytes(VhdxLayout.RegionTable1Offset, VhdxLayout.RegionTableSize, Structure + " 1");
        var problem1 = Validate(raw1);
        if (problem1 is null)
        {
            return Parse(raw1, VhdxLayout.RegionTable1Offset, file.Length);
        }

        var raw2 = file.ReadBytes(VhdxLayout.RegionTable2Offset, VhdxLayout.RegionTableSize, Structure + " 2");
        var problem2 = Validate(raw2);
        if (problem2 is null)
        {
            return Parse(raw2, VhdxLayout.RegionTable2Offset, file.Length);
        }

        throw new ContainerFormatException(Structure, VhdxLayout.RegionTable1Offset, $"neither copy is valid (copy 1: {problem1}; copy 2 at {VhdxLayout.RegionTable2Offset}: {problem2})");
    }

    private static string? Validate(ReadOnlySpan<byte> raw)
    {
        if (!raw[..4].SequenceEqual(VhdxLayout.RegionTableSignature))
        {
            return "signature is not \"regi\"";
        }

        var stored = BinaryPrimitives.ReadUInt32LittleEndian(raw[VhdxLayout.RegionTableChecksumOffset..]);
        var computed = Crc32C.ComputeWithFieldZeroed(raw, VhdxLayout.RegionTableChecksumOffset);
        if (stored != computed)
        {
            return $"CRC-32C mismatch: stored 0x{stored:X8}, computed 0x{computed:X8}";
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(raw[VhdxLayout.RegionTableEntryCountOffset..]);
        return count > VhdxLayout.MaxRegionTableEntries ? $"entry count {count} exceeds {VhdxLayout.MaxRegionTableEntries}" : null;
    }

    private static VhdxRegionTable Parse(ReadOnlySpan<byte> raw, long tableOffset, long fileLength)
    {
        var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(raw[VhdxLayout.RegionTableEntryCountOffset..]);
        VhdxRegion? bat = null;
        VhdxRegion? metadata = null;
        for (var i = 0; i < count; i++)
        {
            var at = VhdxLayout.RegionTableEntriesOffset + (i * VhdxLayout.RegionTableEntrySize);
            var entry = raw.Slice(at, VhdxLayout.RegionTableEntrySize);
            var id = new Guid(entry[..16]);
            var offset = BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(entry[24..]);
            var required = (BinaryPrimitives.ReadUInt32LittleEndian(entry[28..]) & 1) != 0;
            var entryOffset = tableOffset + at;
            if (id != VhdxLayout.BatRegion && id != VhdxLayout.MetadataRegion)
            {
                if (required)
                {
                    throw new ContainerFormatException(Structure, entryOffset, $"unknown required region {id}: this VHDX uses a feature this reader does not know");
                }

                continue;
            }

            if (offset < (ulong)VhdxLayout.MiB || offset % (ulong)VhdxLayout.MiB != 0 || length == 0 || length % VhdxLayout.MiB != 0 || offset > (ulong)fileLength || length > (ulong)fileLength - offset)
            {
                throw new ContainerFormatException(Structure, entryOffset, $"region {id} at {offset}, {length} bytes, is not 1 MiB aligned or lies outside the file ({fileLength} bytes)");
            }

            var region = new VhdxRegion(id, (long)offset, length);
            if (id == VhdxLayout.BatRegion)
            {
                bat = bat is null ? region : throw new ContainerFormatException(Structure, entryOffset, "the BAT region is listed twice");
            }
            else
            {
                metadata = metadata is null ? region : throw new ContainerFormatException(Structure, entryOffset, "the metadata region is listed twice");
            }
        }

        if (bat is null || metadata is null)
        {
            throw new ContainerFormatException(Structure, tableOffset, bat is null ? "no BAT region" : "no metadata region");
        }

        return new VhdxRegionTable(bat, metadata);
    }
}
