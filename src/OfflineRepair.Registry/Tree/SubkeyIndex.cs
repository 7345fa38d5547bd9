using System.Buffers.Binary;
using OfflineRepair.Registry.Cells;
using OfflineRepair.Registry.Names;
using OfflineRepair.Registry.Storage;

namespace OfflineRepair.Registry.Tree;

/// <summary>
/// Reads and edits a key's subkey list: the leaves (li/lf/lh), optionally under an index root (ri),
/// kept in strictly ascending order under Windows' uppercase table across all leaves.
/// </summary>
internal sealed class SubkeyIndex
{
    private readonly HiveImage _image;
    private readonly CellAllocator _allocator;

    public SubkeyIndex(HiveImage image, CellAllocator allocator)
    {
        _image = image;
        _allocator = allocator;
    }

    /// <summary>One entry of a leaf: where it is, and the key it names.</summary>
    private readonly record struct LeafEntry(uint Leaf, int Index, uint KeyNode);

    /// <summary>The key nodes under a key, in list order.</summary>
    public List<uint> Children(uint keyNode)
    {
        var result = new List<uint>();
        foreach (var entry in Entries(keyNode))
        {
            result.Add(entry.KeyNode);
        }

        return result;
    }

    public string NameOf(uint keyNode) =>
        KeyNode.Name(_image.Cell(keyNode, "key node"), SubkeyList.FileOffset(keyNode));

    /// <summary>The subkey of that name (Windows' case folding), or null.</summary>
    public uint? Find(uint keyNode, ReadOnlySpan<char> name)
    {
        var nk = _image.Cell(keyNode, "key node");
        uint list = KeyNode.SubkeyList(nk);
        if (KeyNode.SubkeyCount(nk) == 0 || list == HiveImage.NoCell)
        {
            return null;
        }

        uint hash = RegistryNameComparer.LhHash(name);
        var root = _image.Cell(list, "subkey list");
        ushort kind = SubkeyList.Check(root, SubkeyList.FileOffset(list));
        if (SubkeyList.IsLeaf(kind))
        {
            return FindInLeaf(list, name, hash);
        }

        for (int i = 0; i < SubkeyList.Count(root); i++)
        {
            uint leaf = SubkeyList.EntryOffset(_image.Cell(list, "ri list"), kind, i);
            var leafCell = _image.Cell(leaf, "subkey list");
            ushort leafKind = SubkeyList.Check(leafCell, SubkeyList.FileOffset(leaf));
            int count = SubkeyList.Count(leafCell);
            if (leafKind != SubkeyList.HashLeaf && count > 0 && SubkeyList.IsLeaf(leafKind)
                && CompareWithStored(name, SubkeyList.EntryOffset(leafCell, leafKind, count - 1)) > 0)
            {
                // Sorted leaves: the name is past this leaf's last entry, so it can only be in a later leaf.
                continue;
            }

            var found = FindInLeaf(leaf, name, hash);
            if (found is not null || leafKind != SubkeyList.HashLeaf)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Inserts a key node under its parent at its sorted place; the name must not exist yet.</summary>
    public void Insert(uint parent, uint child, string childName, uint minorVersion)
    {
        var nk = _image.Cell(parent, "key node");
        uint list = KeyNode.SubkeyList(nk);
        uint count = KeyNode.SubkeyCount(nk);
        uint newList;
        if (count == 0 || list == HiveImage.NoCell)
        {
            // A stale list pointer under a zero count is left alone: freeing a cell we cannot vouch for is worse than leaking it.
            ushort kind = minorVersion >= 5 ? SubkeyList.HashLeaf : SubkeyList.FastLeaf;
            newList = WriteLeaf(kind, [], child, childName, 0);
        }
        else
        {
            var root = _image.Cell(list, "subkey list");
            ushort kind = SubkeyList.Check(root, SubkeyList.FileOffset(list));
            if (SubkeyList.IsLeaf(kind))
            {
                var leaves = InsertIntoLeaf(list, child, childName);
                newList = leaves.Count == 1 ? leaves[0] : WriteIndexRoot(leaves);
            }
            else
            {
                newList = InsertUnderIndexRoot(list, root, child, childName);
            }
        }

        var parentNode = _image.MutableCell(parent, "key node");
        KeyNode.SetSubkeyList(parentNode, newList);
        KeyNode.SetSubkeyCount(parentNode, count + 1);
        var childNode = _image.Cell(child, "key node");
        KeyNode.RaiseMaxSubkeyName(parentNode, KeyNode.NameUtf16Bytes(childNode));
    }

    /// <summary>Removes a key node's entry from its parent's list (the key node itself is not freed).</summary>
    public void Remove(uint parent, uint child)
    {
        var nk = _image.Cell(parent, "key node");
        uint list = KeyNode.SubkeyList(nk);
        uint count = KeyNode.SubkeyCount(nk);
        LeafEntry? target = null;
        foreach (var entry in Entries(parent))
        {
            if (entry.KeyNode == child)
            {
                target = entry;
                break;
            }
        }

        if (target is not { } found)
        {
            throw new HiveFormatException("subkey list", SubkeyList.FileOffset(list), "does not list a key that lookup by name found under it");
        }

        bool leafEmptied = RemoveAt(found.Leaf, found.Index);
        uint newList = list;
        if (leafEmptied)
        {
            if (found.Leaf == list)
            {
                newList = HiveImage.NoCell;
            }
            else
            {
                var root = _image.Cell(list, "subkey list");
                int leafIndex = -1;
                for (int i = 0; i < SubkeyList.Count(root); i++)
                {
                    if (SubkeyList.EntryOffset(root, SubkeyList.IndexRoot, i) == found.Leaf)
                    {
                        leafIndex = i;
                        break;
                    }
                }

                if (RemoveAt(list, leafIndex))
                {
                    newList = HiveImage.NoCell;
                }
            }
        }

        var parentNode = _image.MutableCell(parent, "key node");
        KeyNode.SetSubkeyList(parentNode, newList);
        KeyNode.SetSubkeyCount(parentNode, count - 1);
    }

    /// <summary>Frees a list's own cells (an ri and its leaves, or a leaf); the keys they name are left alone.</summary>
    public void FreeListCells(uint list)
    {
        var root = _image.Cell(list, "subkey list");
        ushort kind = SubkeyList.Check(root, SubkeyList.FileOffset(list));
        if (kind == SubkeyList.IndexRoot)
        {
            var leaves = new List<uint>();
            for (int i = 0; i < SubkeyList.Count(root); i++)
            {
                leaves.Add(SubkeyList.EntryOffset(root, kind, i));
            }

            foreach (uint leaf in leaves)
            {
                _allocator.Free(leaf);
            }
        }

        _allocator.Free(list);
    }

    private List<LeafEntry> Entries(uint keyNode)
    {
        var entries = new List<LeafEntry>();
        var nk = _image.Cell(keyNode, "key node");
        uint list = KeyNode.SubkeyList(nk);
        if (KeyNode.SubkeyCount(nk) == 0 || list == HiveImage.NoCell)
        {
            return entries;
        }

        var root = _image.Cell(list, "subkey list");
        var rootKind = SubkeyList.Check(root, SubkeyList.FileOffset(list));
        if (SubkeyList.IsLeaf(rootKind))
        {
            AddLeafEntries(list, entries);
            return entries;
        }

        int leaves = SubkeyList.Count(root);
        for (int i = 0; i < leaves; i++)
        {
            AddLeafEntries(SubkeyList.EntryOffset(_image.Cell(list, "ri list"), SubkeyList.IndexRoot, i), entries);
        }

        return entries;
    }

    private void AddLeafEntries(uint leaf, List<LeafEntry> entries)
    {
        var cell = _image.Cell(leaf, "subkey list");
        ushort kind = SubkeyList.Check(cell, SubkeyList.FileOffset(leaf));
        if (!SubkeyList.IsLeaf(kind))
        {
            throw new HiveFormatException("ri list", SubkeyList.FileOffset(leaf), "an index root entry points at another index root");
        }

        int count = SubkeyList.Count(cell);
        for (int i = 0; i < count; i++)
        {
            entries.Add(new LeafEntry(leaf, i, SubkeyList.EntryOffset(cell, kind, i)));
        }
    }

    /// <summary>
    /// lh leaves are scanned with the hash as a filter, as Windows does; lf and li leaves are sorted,
    /// so they are binary-searched, as Windows does (a misordered entry is invisible to both).
    /// </summary>
    private uint? FindInLeaf(uint leaf, ReadOnlySpan<char> name, uint hash)
    {
        var cell = _image.Cell(leaf, "subkey list");
        ushort kind = SubkeyList.Check(cell, SubkeyList.FileOffset(leaf));
        if (!SubkeyList.IsLeaf(kind))
        {
            throw new HiveFormatException("ri list", SubkeyList.FileOffset(leaf), "an index root entry points at another index root");
        }

        int count = SubkeyList.Count(cell);
        if (kind == SubkeyList.HashLeaf)
        {
            for (int i = 0; i < count; i++)
            {
                if (SubkeyList.EntryExtra(cell, i) != hash)
                {
                    continue;
                }

                uint child = SubkeyList.EntryOffset(cell, kind, i);
                if (CompareWithStored(name, child) == 0)
                {
                    return child;
                }
            }

            return null;
        }

        int low = 0;
        int high = count - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            uint child = SubkeyList.EntryOffset(_image.Cell(leaf, "subkey list"), kind, middle);
            int order = CompareWithStored(name, child);
            if (order == 0)
            {
                return child;
            }

            if (order < 0)
            {
                high = middle - 1;
            }
            else
            {
                low = middle + 1;
            }
        }

        return null;
    }

    /// <summary>Windows' order of a name against a key node's stored name, without decoding it into a string.</summary>
    private int CompareWithStored(ReadOnlySpan<char> name, uint keyNode)
    {
        var nk = _image.Cell(keyNode, "key node");
        var raw = KeyNode.RawName(nk, SubkeyList.FileOffset(keyNode));
        bool compressed = KeyNode.HasCompressedName(nk);
        int storedLength = compressed ? raw.Length : raw.Length / 2;
        int common = Math.Min(name.Length, storedLength);
        for (int i = 0; i < common; i++)
        {
            char stored = compressed ? (char)raw[i] : (char)BinaryPrimitives.ReadUInt16LittleEndian(raw[(i * 2)..]);
            int difference = UpcaseTable.ToUpper(name[i]) - UpcaseTable.ToUpper(stored);
            if (difference != 0)
            {
                return difference;
            }
        }

        return name.Length - storedLength;
    }

    /// <summary>Inserts into a leaf; returns the one new leaf, or two when it had to split.</summary>
    private List<uint> InsertIntoLeaf(uint leaf, uint child, string childName)
    {
        var cell = _image.Cell(leaf, "subkey list");
        ushort kind = SubkeyList.Kind(cell);
        int count = SubkeyList.Count(cell);
        int entrySize = SubkeyList.EntrySize(kind);
        int position = InsertPosition(leaf, kind, count, childName);
        var entries = cell.Slice(SubkeyList.HeaderSize, count * entrySize).ToArray();
        _allocator.Free(leaf);

        if (count + 1 <= SubkeyList.MaxLeafEntries)
        {
            return [WriteLeaf(kind, entries, child, childName, position)];
        }

        // Split in two halves; the new entry goes into whichever half its position falls in.
        int half = (count + 1) / 2;
        var all = new byte[(count + 1) * entrySize];
        entries.AsSpan(0, position * entrySize).CopyTo(all);
        WriteEntry(all.AsSpan(position * entrySize, entrySize), kind, child, childName);
        entries.AsSpan(position * entrySize).CopyTo(all.AsSpan((position + 1) * entrySize));
        uint first = WriteLeafRaw(kind, all.AsSpan(0, half * entrySize), half);
        uint second = WriteLeafRaw(kind, all.AsSpan(half * entrySize), count + 1 - half);
        return [first, second];
    }

    private uint InsertUnderIndexRoot(uint rootOffset, ReadOnlySpan<byte> root, uint child, string childName)
    {
        int leafCount = SubkeyList.Count(root);
        var leaves = new List<uint>(leafCount + 1);
        for (int i = 0; i < leafCount; i++)
        {
            leaves.Add(SubkeyList.EntryOffset(root, SubkeyList.IndexRoot, i));
        }

        if (leafCount == 0)
        {
            throw new HiveFormatException("ri list", SubkeyList.FileOffset(rootOffset), "index root with no leaves under a key that counts subkeys");
        }

        // The first leaf whose last name sorts after the new name takes it; otherwise the last leaf.
        int chosen = leafCount - 1;
        for (int i = 0; i < leafCount; i++)
        {
            var leafCell = _image.Cell(leaves[i], "subkey list");
            ushort kind = SubkeyList.Check(leafCell, SubkeyList.FileOffset(leaves[i]));
            if (!SubkeyList.IsLeaf(kind))
            {
                throw new HiveFormatException("ri list", SubkeyList.FileOffset(leaves[i]), "an index root entry points at another index root");
            }

            int count = SubkeyList.Count(leafCell);
            if (count == 0)
            {
                continue;
            }

            string last = NameOf(SubkeyList.EntryOffset(leafCell, kind, count - 1));
            if (RegistryNameComparer.CompareNames(childName, last) < 0)
            {
                chosen = i;
                break;
            }
        }

        var replaced = InsertIntoLeaf(leaves[chosen], child, childName);
        leaves.RemoveAt(chosen);
        leaves.InsertRange(chosen, replaced);
        if (replaced.Count == 1)
        {
            var rootCell = _image.MutableCell(rootOffset, "ri list");
            BinaryPrimitives.WriteUInt32LittleEndian(rootCell[(SubkeyList.HeaderSize + (chosen * 4))..], replaced[0]);
            return rootOffset;
        }

        _allocator.Free(rootOffset);
        return WriteIndexRoot(leaves);
    }

    private int InsertPosition(uint leaf, ushort kind, int count, string name)
    {
        int low = 0;
        int high = count;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            uint entry = SubkeyList.EntryOffset(_image.Cell(leaf, "subkey list"), kind, middle);
            int order = RegistryNameComparer.CompareNames(name, NameOf(entry));
            if (order == 0)
            {
                // The caller looked the name up first and did not find it: the list disagrees with itself.
                throw new HiveFormatException(SubkeyList.KindName(kind), SubkeyList.FileOffset(leaf), $"holds '{name}' although a lookup by name did not find it (wrong hash, hint or order)");
            }

            if (order < 0)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    private uint WriteLeaf(ushort kind, ReadOnlySpan<byte> entries, uint child, string childName, int position)
    {
        int entrySize = SubkeyList.EntrySize(kind);
        int count = (entries.Length / entrySize) + 1;
        uint leaf = _allocator.Allocate(SubkeyList.HeaderSize + (count * entrySize));
        var cell = _image.MutableCell(leaf, "subkey list");
        SubkeyList.WriteHeader(cell, kind, count);
        var body = cell[SubkeyList.HeaderSize..];
        entries[..(position * entrySize)].CopyTo(body);
        WriteEntry(body.Slice(position * entrySize, entrySize), kind, child, childName);
        entries[(position * entrySize)..].CopyTo(body[((position + 1) * entrySize)..]);
        return leaf;
    }

    private uint WriteLeafRaw(ushort kind, ReadOnlySpan<byte> entries, int count)
    {
        uint leaf = _allocator.Allocate(SubkeyList.HeaderSize + entries.Length);
        var cell = _image.MutableCell(leaf, "subkey list");
        SubkeyList.WriteHeader(cell, kind, count);
        entries.CopyTo(cell[SubkeyList.HeaderSize..]);
        return leaf;
    }

    private uint WriteIndexRoot(List<uint> leaves)
    {
        uint root = _allocator.Allocate(SubkeyList.HeaderSize + (leaves.Count * 4));
        var cell = _image.MutableCell(root, "ri list");
        SubkeyList.WriteHeader(cell, SubkeyList.IndexRoot, leaves.Count);
        for (int i = 0; i < leaves.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(cell[(SubkeyList.HeaderSize + (i * 4))..], leaves[i]);
        }

        return root;
    }

    private static void WriteEntry(Span<byte> entry, ushort kind, uint child, string childName)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(entry, child);
        if (kind == SubkeyList.HashLeaf)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], RegistryNameComparer.LhHash(childName));
        }
        else if (kind == SubkeyList.FastLeaf)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], SubkeyList.FastLeafHint(childName));
        }
    }

    /// <summary>Removes entry <paramref name="index"/> of a list in place; frees the cell and returns true when it empties.</summary>
    private bool RemoveAt(uint list, int index)
    {
        var cell = _image.MutableCell(list, "subkey list");
        ushort kind = SubkeyList.Kind(cell);
        int count = SubkeyList.Count(cell);
        if (index < 0 || index >= count)
        {
            throw new InvalidOperationException("list entry to remove is out of range");
        }

        if (count == 1)
        {
            _allocator.Free(list);
            return true;
        }

        int entrySize = SubkeyList.EntrySize(kind);
        var body = cell[SubkeyList.HeaderSize..];
        body.Slice((index + 1) * entrySize, (count - index - 1) * entrySize).CopyTo(body[(index * entrySize)..]);
        body.Slice((count - 1) * entrySize, entrySize).Clear();
        SubkeyList.WriteHeader(cell, kind, count - 1);
        return false;
    }
}
