using OfflineRepair.Registry.Cells;
using OfflineRepair.Registry.Storage;

namespace OfflineRepair.Registry;

public sealed partial class Hive
{
    internal uint Allocate(int dataLength) => _allocator.Allocate(dataLength);

    /// <summary>
    /// Frees a key and everything below it: subkeys first, then values, class name, the list cells,
    /// the security reference, and the key node. The parent's list entry is the caller's job.
    /// </summary>
    internal void FreeKeyTree(RegistryKey key)
    {
        foreach (var child in key.GetSubkeys())
        {
            FreeKeyTree(child);
        }

        var nk = _image.Cell(key.Cell, "key node");
        uint list = KeyNode.SubkeyList(nk);
        if (KeyNode.SubkeyCount(nk) > 0 && list != HiveImage.NoCell)
        {
            Subkeys.FreeListCells(list);
        }

        Values.FreeAll(key.Cell);
        nk = _image.Cell(key.Cell, "key node");
        uint classCell = KeyNode.Class(nk);
        if (KeyNode.ClassLength(nk) > 0 && classCell != HiveImage.NoCell)
        {
            _allocator.Free(classCell);
        }

        Security.Release(KeyNode.Security(nk));
        _allocator.Free(key.Cell);
    }
}
