using OfflineRepair.Registry.Format;

namespace OfflineRepair.Registry.Storage;

/// <summary>
/// Allocates and frees cells: first fit over the free cells in file order, a split that leaves
/// either nothing or a free cell of at least 8 bytes, coalescing with free neighbours in the same
/// bin, zeroed data for new cells, and a new bin (a multiple of 4 KiB) when nothing fits.
/// The free list is built on first use, so a read-only session never walks the cells.
/// </summary>
internal sealed class CellAllocator
{
    private readonly HiveImage _image;
    private List<FreeCell>? _free; // sorted by offset

    public CellAllocator(HiveImage image)
    {
        _image = image;
    }

    private readonly record struct FreeCell(uint Offset, int Size);

    /// <summary>Allocates a cell whose data holds at least <paramref name="dataLength"/> bytes, zeroed.</summary>
    public uint Allocate(int dataLength)
    {
        if (dataLength < 0 || dataLength > (1 << 30))
        {
            throw new ArgumentOutOfRangeException(nameof(dataLength), dataLength, "cell data length out of range");
        }

        var free = FreeCells();
        int need = AlignCell(dataLength);
        for (int i = 0; i < free.Count; i++)
        {
            if (free[i].Size >= need)
            {
                return Take(free, i, need);
            }
        }

        int binSize = (need + HiveBinHeader.Size + HiveBinHeader.PageSize - 1) / HiveBinHeader.PageSize * HiveBinHeader.PageSize;
        uint bin = _image.AppendBin(binSize);
        free.Add(new FreeCell(bin + HiveBinHeader.Size, binSize - HiveBinHeader.Size));
        return Take(free, free.Count - 1, need);
    }

    /// <summary>Frees an allocated cell and merges it with free cells directly before and after it in its bin.</summary>
    public void Free(uint offset)
    {
        int raw = _image.RawCellSize(offset, "cell to free");
        _image.RequireCellStart(offset, "cell to free");
        if (raw >= 0)
        {
            throw new HiveFormatException("cell to free", BaseBlock.Size + (long)offset, "is already free");
        }

        var free = FreeCells();
        var cell = new FreeCell(offset, -raw);
        int index = free.BinarySearch(cell, OffsetOrder.Instance);
        if (index >= 0)
        {
            throw new HiveFormatException("cell to free", BaseBlock.Size + (long)offset, "is listed as free already");
        }

        index = ~index;
        var (binStart, binEnd) = _image.BinBounds(offset);
        if (index < free.Count)
        {
            var next = free[index];
            if (next.Offset == cell.Offset + (uint)cell.Size && next.Offset < binEnd)
            {
                cell = cell with { Size = cell.Size + next.Size };
                free.RemoveAt(index);
                _image.ForgetCellStart(next.Offset);
            }
        }

        if (index > 0)
        {
            var previous = free[index - 1];
            if (previous.Offset + (uint)previous.Size == cell.Offset && previous.Offset >= binStart)
            {
                _image.ForgetCellStart(cell.Offset);
                cell = new FreeCell(previous.Offset, previous.Size + cell.Size);
                free.RemoveAt(index - 1);
                index--;
            }
        }

        free.Insert(index, cell);
        _image.WriteRawCellSize(cell.Offset, cell.Size);
    }

    /// <summary>Data bytes a cell of the size the allocator would give can hold.</summary>
    public static int AlignCell(int dataLength) => Math.Max(8, (dataLength + 4 + 7) & ~7);

    private uint Take(List<FreeCell> free, int index, int need)
    {
        var cell = free[index];
        int remainder = cell.Size - need;
        if (remainder >= 8)
        {
            free[index] = new FreeCell(cell.Offset + (uint)need, remainder);
            _image.WriteRawCellSize(cell.Offset + (uint)need, remainder);
        }
        else
        {
            need = cell.Size;
            free.RemoveAt(index);
        }

        _image.WriteRawCellSize(cell.Offset, -need);
        _image.RawBins(cell.Offset + 4, need - 4).Clear();
        _image.MarkDirty(cell.Offset, need);
        return cell.Offset;
    }

    private List<FreeCell> FreeCells()
    {
        if (_free is not null)
        {
            return _free;
        }

        var free = new List<FreeCell>();
        _image.ForEachCell((offset, raw) =>
        {
            if (raw <= 0)
            {
                return;
            }

            // Windows coalesces free neighbours; a hive written otherwise still works, so merge here.
            var (binStart, _) = _image.BinBounds(offset);
            if (free.Count > 0 && free[^1].Offset + (uint)free[^1].Size == offset && free[^1].Offset >= binStart)
            {
                free[^1] = free[^1] with { Size = free[^1].Size + raw };
                _image.ForgetCellStart(offset);
            }
            else
            {
                free.Add(new FreeCell(offset, raw));
            }
        });

        _free = free;
        return free;
    }

    private sealed class OffsetOrder : IComparer<FreeCell>
    {
        public static readonly OffsetOrder Instance = new();

        public int Compare(FreeCell x, FreeCell y) => x.Offset.CompareTo(y.Offset);
    }
}
