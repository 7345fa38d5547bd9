using System.Buffers.Binary;
using OfflineRepair.Registry.Cells;
using OfflineRepair.Registry.Format;
using OfflineRepair.Registry.Names;
using OfflineRepair.Registry.Storage;

namespace OfflineRepair.Registry.Tree;

/// <summary>
/// A key's values: the value list (an unsorted array of vk offsets) and each value's data, stored
/// inline (4 bytes or less), in one data cell, or as big data ('db') on hives of minor version 4+.
/// </summary>
internal sealed class ValueStore
{
    private readonly HiveImage _image;
    private readonly CellAllocator _allocator;

    public ValueStore(HiveImage image, CellAllocator allocator)
    {
        _image = image;
        _allocator = allocator;
    }

    public List<uint> ValueOffsets(uint keyNode)
    {
        var nk = _image.Cell(keyNode, "key node");
        uint count = KeyNode.ValueCount(nk);
        uint list = KeyNode.ValueList(nk);
        var result = new List<uint>();
        if (count == 0)
        {
            return result;
        }

        var cell = _image.Cell(list, "value list");
        if (count > cell.Length / 4)
        {
            throw new HiveFormatException("value list", BaseBlock.Size + (long)list, $"{count} values do not fit in a cell of {cell.Length} bytes");
        }

        for (int i = 0; i < count; i++)
        {
            result.Add(BinaryPrimitives.ReadUInt32LittleEndian(cell[(i * 4)..]));
        }

        return result;
    }

    public ReadOnlySpan<byte> Record(uint value)
    {
        var vk = _image.Cell(value, "value");
        ValueEntry.Check(vk, BaseBlock.Size + (long)value);
        return vk;
    }

    public uint? Find(uint keyNode, ReadOnlySpan<char> name)
    {
        foreach (uint value in ValueOffsets(keyNode))
        {
            var vk = Record(value);
            if (RegistryNameComparer.NamesEqual(ValueEntry.Name(vk), name))
            {
                return value;
            }
        }

        return null;
    }

    public byte[] ReadData(uint value) => ReadData(value, Record(value));

    /// <summary>The data of a value whose record the caller has read and checked already.</summary>
    public byte[] ReadData(uint value, ReadOnlySpan<byte> vk)
    {
        long fileOffset = BaseBlock.Size + (long)value;
        uint length = ValueEntry.DataLength(vk);
        if (ValueEntry.IsInline(vk))
        {
            if (length > ValueEntry.MaxInline)
            {
                throw new HiveFormatException("value", fileOffset, $"inline data of {length} bytes (at most 4 fit)");
            }

            return vk.Slice(ValueEntry.DataField, (int)length).ToArray();
        }

        if (length == 0)
        {
            return [];
        }

        if (length > int.MaxValue - 64 || length > (uint)_image.BinsSize)
        {
            throw new HiveFormatException("value", fileOffset, $"data length {length} is larger than the hive");
        }

        uint dataOffset = ValueEntry.DataOffset(vk);
        var cell = _image.Cell(dataOffset, "value data");
        if (BigData.Applies(_image.MinorVersion, (int)length) && BigData.HasSignature(cell))
        {
            return ReadBigData(dataOffset, cell, (int)length);
        }

        if (length > cell.Length)
        {
            throw new HiveFormatException("value data", BaseBlock.Size + (long)dataOffset, $"{length} bytes of data do not fit in a cell of {cell.Length} bytes");
        }

        return cell[..(int)length].ToArray();
    }

    /// <summary>Creates or replaces a value. Returns true when the value existed before.</summary>
    public bool Set(uint keyNode, string name, uint type, ReadOnlySpan<byte> data)
    {
        uint? existing = Find(keyNode, name);
        uint value;
        if (existing is { } found)
        {
            FreeData(found);
            value = found;
        }
        else
        {
            var encoded = KeyNode.EncodeName(name, out bool compressed);
            value = _allocator.Allocate(ValueEntry.FixedSize + encoded.Length);
            ValueEntry.Initialize(_image.MutableCell(value, "value"), encoded, compressed);
            AppendToList(keyNode, value);
        }

        var (rawSize, dataField) = StoreData(data);
        ValueEntry.SetData(_image.MutableCell(value, "value"), type, rawSize, dataField);

        var nk = _image.MutableCell(keyNode, "key node");
        uint nameBytes = (uint)ValueEntry.NameUtf16Bytes(_image.Cell(value, "value"));
        if (nameBytes > KeyNode.MaxValueName(nk))
        {
            KeyNode.SetMaxValueName(nk, nameBytes);
        }

        if ((uint)data.Length > KeyNode.MaxValueData(nk))
        {
            KeyNode.SetMaxValueData(nk, (uint)data.Length);
        }

        return existing is not null;
    }

    public bool Delete(uint keyNode, string name)
    {
        uint? found = Find(keyNode, name);
        if (found is not { } value)
        {
            return false;
        }

        var values = ValueOffsets(keyNode);
        values.Remove(value);
        var nk = _image.Cell(keyNode, "key node");
        uint list = KeyNode.ValueList(nk);
        if (values.Count == 0)
        {
            _allocator.Free(list);
            list = HiveImage.NoCell;
        }
        else
        {
            var cell = _image.MutableCell(list, "value list");
            for (int i = 0; i < values.Count; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(cell[(i * 4)..], values[i]);
            }

            cell.Slice(values.Count * 4, 4).Clear();
        }

        var mutable = _image.MutableCell(keyNode, "key node");
        KeyNode.SetValueList(mutable, list);
        KeyNode.SetValueCount(mutable, (uint)values.Count);
        FreeData(value);
        _allocator.Free(value);
        return true;
    }

    /// <summary>Frees every value of a key and its list (used when the key itself goes).</summary>
    public void FreeAll(uint keyNode)
    {
        var values = ValueOffsets(keyNode);
        foreach (uint value in values)
        {
            FreeData(value);
            _allocator.Free(value);
        }

        if (values.Count > 0)
        {
            _allocator.Free(KeyNode.ValueList(_image.Cell(keyNode, "key node")));
        }
    }

    private byte[] ReadBigData(uint dbOffset, ReadOnlySpan<byte> db, int length)
    {
        int segments = BigData.SegmentCount(db);
        if (segments != BigData.SegmentsFor(length))
        {
            throw new HiveFormatException("big data", BaseBlock.Size + (long)dbOffset, $"{segments} segments for {length} bytes (expected {BigData.SegmentsFor(length)})");
        }

        uint listOffset = BigData.SegmentList(db);
        var list = _image.Cell(listOffset, "big data segment list");
        if (segments * 4 > list.Length)
        {
            throw new HiveFormatException("big data segment list", BaseBlock.Size + (long)listOffset, $"{segments} segments do not fit in the list cell");
        }

        var data = new byte[length];
        int written = 0;
        for (int i = 0; i < segments; i++)
        {
            uint segmentOffset = BinaryPrimitives.ReadUInt32LittleEndian(list[(i * 4)..]);
            var segment = _image.Cell(segmentOffset, "big data segment");
            int take = Math.Min(BigData.SegmentSize, length - written);
            if (take > segment.Length)
            {
                throw new HiveFormatException("big data segment", BaseBlock.Size + (long)segmentOffset, $"holds {segment.Length} bytes, {take} needed");
            }

            segment[..take].CopyTo(data.AsSpan(written));
            written += take;
        }

        return data;
    }

    private (uint RawSize, uint DataField) StoreData(ReadOnlySpan<byte> data)
    {
        if (data.Length <= ValueEntry.MaxInline)
        {
            Span<byte> inline = stackalloc byte[4];
            inline.Clear();
            data.CopyTo(inline);
            return ((uint)data.Length | ValueEntry.InlineFlag, BinaryPrimitives.ReadUInt32LittleEndian(inline));
        }

        if (!BigData.Applies(_image.MinorVersion, data.Length))
        {
            uint cell = _allocator.Allocate(data.Length);
            data.CopyTo(_image.MutableCell(cell, "value data"));
            return ((uint)data.Length, cell);
        }

        int segments = BigData.SegmentsFor(data.Length);
        if (segments > ushort.MaxValue)
        {
            throw new ArgumentException($"value data of {data.Length} bytes is larger than a hive can hold", nameof(data));
        }

        var offsets = new uint[segments];
        for (int i = 0; i < segments; i++)
        {
            // Every segment gets a full-size cell, as Windows allocates them, whatever the last one holds.
            offsets[i] = _allocator.Allocate(BigData.SegmentSize);
            var chunk = data.Slice(i * BigData.SegmentSize, Math.Min(BigData.SegmentSize, data.Length - (i * BigData.SegmentSize)));
            chunk.CopyTo(_image.MutableCell(offsets[i], "big data segment"));
        }

        uint list = _allocator.Allocate(segments * 4);
        var listCell = _image.MutableCell(list, "big data segment list");
        for (int i = 0; i < segments; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(listCell[(i * 4)..], offsets[i]);
        }

        uint db = _allocator.Allocate(BigData.CellDataSize);
        BigData.Initialize(_image.MutableCell(db, "big data"), (ushort)segments, list);
        return ((uint)data.Length, db);
    }

    private void FreeData(uint value)
    {
        var vk = Record(value);
        uint length = ValueEntry.DataLength(vk);
        if (ValueEntry.IsInline(vk) || length == 0)
        {
            return;
        }

        uint dataOffset = ValueEntry.DataOffset(vk);
        var cell = _image.Cell(dataOffset, "value data");
        if (BigData.Applies(_image.MinorVersion, (int)Math.Min(length, int.MaxValue)) && BigData.HasSignature(cell))
        {
            uint listOffset = BigData.SegmentList(cell);
            int segments = BigData.SegmentCount(cell);
            var list = _image.Cell(listOffset, "big data segment list");
            if (segments * 4 > list.Length)
            {
                throw new HiveFormatException("big data segment list", BaseBlock.Size + (long)listOffset, "segment count does not fit in the list cell");
            }

            var segmentOffsets = new uint[segments];
            for (int i = 0; i < segments; i++)
            {
                segmentOffsets[i] = BinaryPrimitives.ReadUInt32LittleEndian(list[(i * 4)..]);
            }

            foreach (uint segment in segmentOffsets)
            {
                _allocator.Free(segment);
            }

            _allocator.Free(listOffset);
        }

        _allocator.Free(dataOffset);
    }

    private void AppendToList(uint keyNode, uint value)
    {
        var nk = _image.Cell(keyNode, "key node");
        uint count = KeyNode.ValueCount(nk);
        uint list = KeyNode.ValueList(nk);
        if (count > 0)
        {
            var cell = _image.Cell(list, "value list");
            if ((count + 1) * 4 <= cell.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(_image.MutableCell(list, "value list")[(int)(count * 4)..], value);
                var grown = _image.MutableCell(keyNode, "key node");
                KeyNode.SetValueCount(grown, count + 1);
                return;
            }
        }

        var existing = ValueOffsets(keyNode);
        uint newList = _allocator.Allocate((existing.Count + 1) * 4);
        var newCell = _image.MutableCell(newList, "value list");
        for (int i = 0; i < existing.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(newCell[(i * 4)..], existing[i]);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(newCell[(existing.Count * 4)..], value);
        if (count > 0)
        {
            _allocator.Free(list);
        }

        var node = _image.MutableCell(keyNode, "key node");
        KeyNode.SetValueList(node, newList);
        KeyNode.SetValueCount(node, count + 1);
    }
}
