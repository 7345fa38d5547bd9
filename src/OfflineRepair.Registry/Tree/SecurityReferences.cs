using OfflineRepair.Registry.Cells;
using OfflineRepair.Registry.Format;
using OfflineRepair.Registry.Storage;

namespace OfflineRepair.Registry.Tree;

/// <summary>
/// Reference counting of security cells: a new key shares its parent's descriptor (+1); a deleted
/// key releases it, and a cell nobody references any more is unlinked from the ring and freed
/// (Windows 11 bugchecks on a linked cell whose count is zero).
/// </summary>
internal sealed class SecurityReferences
{
    private readonly HiveImage _image;
    private readonly CellAllocator _allocator;

    public SecurityReferences(HiveImage image, CellAllocator allocator)
    {
        _image = image;
        _allocator = allocator;
    }

    public void AddReference(uint security)
    {
        var sk = _image.MutableCell(security, "security cell");
        SecurityCell.Check(sk, BaseBlock.Size + (long)security);
        SecurityCell.SetReferenceCount(sk, SecurityCell.ReferenceCount(sk) + 1);
    }

    public void Release(uint security)
    {
        var sk = _image.MutableCell(security, "security cell");
        SecurityCell.Check(sk, BaseBlock.Size + (long)security);
        uint count = SecurityCell.ReferenceCount(sk);
        if (count > 1)
        {
            SecurityCell.SetReferenceCount(sk, count - 1);
            return;
        }

        uint next = SecurityCell.Flink(sk);
        uint previous = SecurityCell.Blink(sk);
        if (next == security || previous == security)
        {
            // The last descriptor of the hive stays: every key needs one.
            SecurityCell.SetReferenceCount(sk, 0);
            return;
        }

        var previousCell = _image.MutableCell(previous, "security cell");
        SecurityCell.Check(previousCell, BaseBlock.Size + (long)previous);
        SecurityCell.SetFlink(previousCell, next);
        var nextCell = _image.MutableCell(next, "security cell");
        SecurityCell.Check(nextCell, BaseBlock.Size + (long)next);
        SecurityCell.SetBlink(nextCell, previous);
        _allocator.Free(security);
    }
}
