using System.Buffers.Binary;
using OfflineRepair.Registry.Format;

namespace OfflineRepair.Registry.Storage;

/// <summary>
/// The whole primary file in memory (base block then hive bins), with the map of bins that makes
/// every cell access bounds-checked, and the set of 4 KiB pages changed since the last commit.
/// Cell offsets are relative to the start of the hive bins data (file offset = 4096 + offset).
/// </summary>
internal sealed class HiveImage
{
    public const uint NoCell = 0xFFFFFFFF;
    private const int Page = HiveBinHeader.PageSize;

    private byte[] _buffer;
    private int _binsSize;
    private int[] _binStartOfPage; // for each 4 KiB page of the bins data: the offset of the bin holding it
    private readonly HashSet<int> _dirtyPages = [];
    private System.Collections.BitArray? _cellStarts; // one bit per 8 bytes of bins data; built before the first write

    public HiveImage(byte[] file)
    {
        BaseBlock.Validate(file, file.Length, BaseBlock.FileTypePrimary);
        uint binsSize = BaseBlock.HiveBinsSize(file);
        if (binsSize > int.MaxValue - BaseBlock.Size)
        {
            throw new HiveFormatException("base block", BaseBlock.HiveBinsSizeOffset, $"hive bins size 0x{binsSize:X} is too large");
        }

        _buffer = file;
        _binsSize = (int)binsSize;
        _binStartOfPage = MapBins(file, _binsSize);
        MinorVersion = BaseBlock.MinorVersion(file);
    }

    public uint MinorVersion { get; }

    public int BinsSize => _binsSize;

    /// <summary>File length the hive needs: base block plus bins.</summary>
    public int RequiredLength => BaseBlock.Size + _binsSize;

    public Span<byte> BaseBlockBytes => _buffer.AsSpan(0, BaseBlock.Size);

    public ReadOnlySpan<byte> FileBytes => _buffer.AsSpan(0, RequiredLength);

    public IReadOnlyCollection<int> DirtyPages => _dirtyPages;

    /// <summary>True once an edit changed a byte since the last commit (pages marked by log replay alone do not count).</summary>
    public bool HasEdits { get; private set; }

    public void MarkAllPagesDirty()
    {
        for (int page = 1; page < RequiredLength / Page; page++)
        {
            _dirtyPages.Add(page);
        }
    }

    public void MarkPageDirty(int filePage) => _dirtyPages.Add(filePage);

    public void ClearDirtyPages()
    {
        _dirtyPages.Clear();
        HasEdits = false;
    }

    public bool IsCellOffsetPlausible(uint offset) =>
        offset != NoCell && offset % 8 == 0 && offset >= HiveBinHeader.Size && offset < (uint)_binsSize;

    /// <summary>
    /// The data of an allocated cell (after its 4-byte size). Checks that the offset lands on a cell
    /// inside a bin, that the cell is allocated, and that it does not run past its bin.
    /// </summary>
    public ReadOnlySpan<byte> Cell(uint offset, string structure) => CellSpan(offset, structure);

    /// <summary>
    /// The data of an allocated cell, for writing: the pages it covers become dirty. The offset must
    /// be where the cells tiling its bin really start one: a damaged size that swallows its
    /// neighbours must not let a write land on them.
    /// </summary>
    public Span<byte> MutableCell(uint offset, string structure)
    {
        var span = CellSpan(offset, structure);
        RequireCellStart(offset, structure);
        MarkDirty(offset, span.Length + 4);
        return span;
    }

    /// <summary>Throws unless the offset is the start of a cell in the tiling of its bin (walking the bins once, on first use).</summary>
    public void RequireCellStart(uint offset, string structure)
    {
        var starts = CellStarts();
        if (offset / 8 >= (uint)starts.Length || !starts[(int)(offset / 8)])
        {
            throw new HiveFormatException(structure, BaseBlock.Size + (long)offset, "is not the start of a cell in its bin (a neighbouring cell's size overlaps it)");
        }
    }

    /// <summary>
    /// Walks every bin's cells, checking that they tile it, and calls back for each cell. Built once
    /// before the first write; reading alone never needs it.
    /// </summary>
    public void ForEachCell(Action<uint, int> visit)
    {
        foreach (var (binOffset, binSize) in Bins())
        {
            uint offset = binOffset + HiveBinHeader.Size;
            uint end = binOffset + binSize;
            while (offset < end)
            {
                int raw = BinaryPrimitives.ReadInt32LittleEndian(RawBins(offset, 4));
                long size = raw < 0 ? -(long)raw : raw;
                if (size < 8 || size % 8 != 0 || offset + size > end)
                {
                    throw new HiveFormatException("cell", BaseBlock.Size + (long)offset, $"size {raw} does not tile its bin (bin at 0x{BaseBlock.Size + binOffset:X})");
                }

                visit(offset, raw);
                offset += (uint)size;
            }
        }
    }

    /// <summary>The size field of the cell at an offset (negative when allocated), bounds-checked.</summary>
    public int RawCellSize(uint offset, string structure)
    {
        CheckOffset(offset, structure);
        return BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(BaseBlock.Size + (int)offset));
    }

    public void WriteRawCellSize(uint offset, int size)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(BaseBlock.Size + (int)offset), size);
        CellStarts()[(int)(offset / 8)] = true;
        MarkDirty(offset, 4);
    }

    /// <summary>A cell merged into the free cell before it no longer starts a cell.</summary>
    public void ForgetCellStart(uint offset) => CellStarts()[(int)(offset / 8)] = false;

    private System.Collections.BitArray CellStarts()
    {
        if (_cellStarts is null || _cellStarts.Length < _binsSize / 8)
        {
            var starts = new System.Collections.BitArray(_binsSize / 8);
            _cellStarts = starts;
            ForEachCell((offset, _) => starts[(int)(offset / 8)] = true);
        }

        return _cellStarts;
    }

    public Span<byte> RawBins(uint offset, int length) => _buffer.AsSpan(BaseBlock.Size + (int)offset, length);

    /// <summary>Start and end (exclusive) of the bin holding a cell offset.</summary>
    public (uint Start, uint End) BinBounds(uint offset)
    {
        int start = _binStartOfPage[offset / Page];
        uint size = HiveBinHeader.BinSize(_buffer.AsSpan(BaseBlock.Size + start));
        return ((uint)start, (uint)start + size);
    }

    /// <summary>Every bin, in file order, as (offset, size).</summary>
    public IEnumerable<(uint Offset, uint Size)> Bins()
    {
        int offset = 0;
        while (offset < _binsSize)
        {
            uint size = HiveBinHeader.BinSize(_buffer.AsSpan(BaseBlock.Size + offset));
            yield return ((uint)offset, size);
            offset += (int)size;
        }
    }

    public void MarkDirty(uint offset, int length)
    {
        HasEdits = true;
        long first = (BaseBlock.Size + (long)offset) / Page;
        long last = (BaseBlock.Size + (long)offset + Math.Max(length, 1) - 1) / Page;
        for (long page = first; page <= last; page++)
        {
            _dirtyPages.Add((int)page);
        }
    }

    /// <summary>
    /// Appends a bin of the given size (a multiple of 4096) at the end of the bins data, as one free
    /// cell after its header, and returns the bin's offset. The base block's bins size follows.
    /// </summary>
    public uint AppendBin(int size)
    {
        if (size <= 0 || size % Page != 0 || (long)RequiredLength + size > int.MaxValue)
        {
            throw new InvalidOperationException($"cannot append a bin of {size} bytes");
        }

        int newBinsSize = _binsSize + size;
        int newLength = BaseBlock.Size + newBinsSize;
        if (newLength > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(newLength, (int)Math.Min(int.MaxValue, (long)_buffer.Length * 5 / 4)));
        }

        uint offset = (uint)_binsSize;
        var bin = _buffer.AsSpan(BaseBlock.Size + (int)offset, size);
        bin.Clear();
        HiveBinHeader.Write(bin, offset, (uint)size, timestamp: 0);
        BinaryPrimitives.WriteInt32LittleEndian(bin[HiveBinHeader.Size..], size - HiveBinHeader.Size);

        var map = new int[newBinsSize / Page];
        Array.Copy(_binStartOfPage, map, _binStartOfPage.Length);
        for (int page = _binsSize / Page; page < map.Length; page++)
        {
            map[page] = (int)offset;
        }

        _binStartOfPage = map;
        _binsSize = newBinsSize;
        if (_cellStarts is not null)
        {
            _cellStarts.Length = newBinsSize / 8;
            _cellStarts[(int)((offset + HiveBinHeader.Size) / 8)] = true;
        }

        BaseBlock.SetHiveBinsSize(BaseBlockBytes, (uint)newBinsSize);
        BaseBlock.UpdateChecksum(BaseBlockBytes);
        MarkDirty(offset, size);
        return offset;
    }

    private Span<byte> CellSpan(uint offset, string structure)
    {
        CheckOffset(offset, structure);
        int size = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(BaseBlock.Size + (int)offset));
        if (size >= 0)
        {
            throw new HiveFormatException(structure, BaseBlock.Size + (long)offset, "points at a free cell");
        }

        long length = -(long)size;
        var (_, end) = BinBounds(offset);
        if (length < 8 || length % 8 != 0 || offset + length > end)
        {
            throw new HiveFormatException(structure, BaseBlock.Size + (long)offset, $"cell size {length} is not a multiple of 8 that fits in its bin");
        }

        return _buffer.AsSpan(BaseBlock.Size + (int)offset + 4, (int)length - 4);
    }

    private void CheckOffset(uint offset, string structure)
    {
        if (!IsCellOffsetPlausible(offset))
        {
            throw new HiveFormatException(structure, offset == NoCell ? -1 : BaseBlock.Size + (long)offset, $"cell offset 0x{offset:X} is outside the hive bins or misaligned");
        }

        int binStart = _binStartOfPage[offset / Page];
        if (offset < binStart + HiveBinHeader.Size)
        {
            throw new HiveFormatException(structure, BaseBlock.Size + (long)offset, $"cell offset 0x{offset:X} points into a bin header");
        }
    }

    private static int[] MapBins(byte[] file, int binsSize)
    {
        var map = new int[binsSize / Page];
        int offset = 0;
        while (offset < binsSize)
        {
            var header = file.AsSpan(BaseBlock.Size + offset);
            long fileOffset = BaseBlock.Size + (long)offset;
            if (!HiveBinHeader.HasSignature(header))
            {
                throw new HiveFormatException("hive bin", fileOffset, "no 'hbin' signature");
            }

            if (HiveBinHeader.Offset(header) != offset)
            {
                throw new HiveFormatException("hive bin", fileOffset, $"records offset 0x{HiveBinHeader.Offset(header):X} but sits at 0x{offset:X}");
            }

            uint size = HiveBinHeader.BinSize(header);
            if (size == 0 || size % Page != 0 || offset + (long)size > binsSize)
            {
                throw new HiveFormatException("hive bin", fileOffset, $"size 0x{size:X} is not a multiple of 4096 inside the hive bins data");
            }

            for (int page = offset / Page; page < (offset + (int)size) / Page; page++)
            {
                map[page] = offset;
            }

            offset += (int)size;
        }

        return map;
    }
}
