using System.Buffers.Binary;
using OfflineRepair.Registry.Cells;
using OfflineRepair.Registry.Storage;

namespace OfflineRepair.Registry.Tests.Oracles;

/// <summary>Looks at cells behind the public API (internals are visible to the tests) to check how things are stored.</summary>
internal static class HiveInternals
{
    /// <summary>A key's subkey list: its kind ("lf", "lh", "li", "ri" or "" when none) and each leaf's kind and entry count.</summary>
    public static (string Kind, IReadOnlyList<(string Kind, int Count)> Leaves) SubkeyListShape(RegistryKey key)
    {
        var image = key.Hive.Image;
        var nk = image.Cell(key.Cell, "key node");
        uint list = KeyNode.SubkeyList(nk);
        if (KeyNode.SubkeyCount(nk) == 0 || list == HiveImage.NoCell)
        {
            return ("", []);
        }

        var root = image.Cell(list, "subkey list");
        ushort kind = SubkeyList.Kind(root);
        if (SubkeyList.IsLeaf(kind))
        {
            return (KindName(kind), [(KindName(kind), SubkeyList.Count(root))]);
        }

        var leaves = new List<(string, int)>();
        for (int i = 0; i < SubkeyList.Count(root); i++)
        {
            var leaf = image.Cell(SubkeyList.EntryOffset(root, kind, i), "subkey list");
            leaves.Add((KindName(SubkeyList.Kind(leaf)), SubkeyList.Count(leaf)));
        }

        return (KindName(kind), leaves);
    }

    /// <summary>Every entry of a key's leaves (through an ri too): the leaf kind, the child's name, and the hash or hint stored beside it.</summary>
    public static List<(string LeafKind, string ChildName, uint Extra)> LeafEntries(RegistryKey key)
    {
        var image = key.Hive.Image;
        var result = new List<(string, string, uint)>();
        var nk = image.Cell(key.Cell, "key node");
        uint list = KeyNode.SubkeyList(nk);
        if (KeyNode.SubkeyCount(nk) == 0 || list == HiveImage.NoCell)
        {
            return result;
        }

        var leaves = new List<uint>();
        var root = image.Cell(list, "subkey list");
        if (SubkeyList.Kind(root) == SubkeyList.IndexRoot)
        {
            for (int i = 0; i < SubkeyList.Count(root); i++)
            {
                leaves.Add(SubkeyList.EntryOffset(root, SubkeyList.IndexRoot, i));
            }
        }
        else
        {
            leaves.Add(list);
        }

        foreach (uint leafOffset in leaves)
        {
            var leaf = image.Cell(leafOffset, "subkey list");
            ushort kind = SubkeyList.Kind(leaf);
            for (int i = 0; i < SubkeyList.Count(leaf); i++)
            {
                uint child = SubkeyList.EntryOffset(leaf, kind, i);
                uint extra = kind == SubkeyList.IndexLeaf ? 0 : SubkeyList.EntryExtra(leaf, i);
                result.Add((KindName(kind), key.Hive.Subkeys.NameOf(child), extra));
            }
        }

        return result;
    }

    /// <summary>The low 16 bits (length) and high 16 bits (virtualization, Wow64 and debug flags) of the largest-subkey-name field.</summary>
    public static (uint Length, uint Flags) MaxSubkeyNameField(RegistryKey key) => (key.MaxSubkeyNameField & 0xFFFF, key.MaxSubkeyNameField >> 16);

    /// <summary>
    /// What is wrong with a key node the writer created (regf.md 1.4): flags other than the
    /// compressed-name bit, access bits, volatile count or list, a class, class-name max, WorkVar,
    /// the parent field, and a last-write time other than <paramref name="now"/>.
    /// </summary>
    public static List<string> NewKeyNodeProblems(RegistryKey key, RegistryKey parent, DateTime now)
    {
        var nk = key.Hive.Image.Cell(key.Cell, "key node");
        var problems = new List<string>();
        void Expect(string field, long actual, long expected)
        {
            if (actual != expected)
            {
                problems.Add($"{key.Path}: {field} is 0x{actual:X}, expected 0x{expected:X}");
            }
        }

        Expect("flags", KeyNode.Flags(nk), KeyNode.CanCompress(key.Name) ? KeyNode.FlagCompressedName : 0);
        Expect("access bits", BinaryPrimitives.ReadUInt32LittleEndian(nk[KeyNode.AccessBitsField..]), 0);
        Expect("parent", KeyNode.Parent(nk), parent.Cell);
        Expect("volatile subkey count", BinaryPrimitives.ReadUInt32LittleEndian(nk[KeyNode.VolatileSubkeyCountField..]), 0);
        Expect("volatile subkey list", BinaryPrimitives.ReadUInt32LittleEndian(nk[KeyNode.VolatileSubkeyListField..]), HiveImage.NoCell);
        Expect("class", KeyNode.Class(nk), HiveImage.NoCell);
        Expect("class length", KeyNode.ClassLength(nk), 0);
        Expect("largest subkey class", KeyNode.MaxSubkeyClass(nk), 0);
        Expect("WorkVar", BinaryPrimitives.ReadUInt32LittleEndian(nk[KeyNode.WorkVarField..]), 0);
        Expect("last write", KeyNode.LastWrite(nk), now.ToFileTimeUtc());
        return problems;
    }

    /// <summary>How a value's data is stored: "inline", "cell", "db" (big data), or "empty" (0 bytes, not inline).</summary>
    public static string ValueStorage(RegistryKey key, string valueName)
    {
        var hive = key.Hive;
        uint value = hive.Values.Find(key.Cell, valueName) ?? throw new InvalidOperationException($"no value '{valueName}'");
        var vk = hive.Values.Record(value);
        if (ValueEntry.IsInline(vk))
        {
            return "inline";
        }

        if (ValueEntry.DataLength(vk) == 0)
        {
            return "empty";
        }

        var data = hive.Image.Cell(ValueEntry.DataOffset(vk), "value data");
        return BigData.HasSignature(data) && ValueEntry.DataLength(vk) > BigData.SegmentSize ? "db" : "cell";
    }

    /// <summary>The security cell a key points at and that cell's reference count.</summary>
    public static (uint Cell, uint ReferenceCount) Security(RegistryKey key)
    {
        uint sk = key.SecurityCell;
        return (sk, SecurityCell.ReferenceCount(key.Hive.Image.Cell(sk, "security cell")));
    }

    /// <summary>
    /// The first key (pre-order, below the root) of at most <paramref name="maxKeys"/> keys in its
    /// tree that holds all the references to at least one security cell, so deleting it must unlink
    /// and free those cells; with how many cells that frees.
    /// </summary>
    public static (RegistryKey Key, int FreedSecurityCells)? KeyWithPrivateSecurity(Hive hive, int maxKeys)
    {
        var stack = new Stack<(RegistryKey Key, uint ParentSecurity)>();
        foreach (var child in hive.Root.GetSubkeys().Reverse())
        {
            stack.Push((child, hive.Root.SecurityCell));
        }

        while (stack.Count > 0)
        {
            var (key, parentSecurity) = stack.Pop();
            var (security, _) = Security(key);
            if (security != parentSecurity)
            {
                var tree = TreeOf(key, maxKeys);
                if (tree is not null)
                {
                    int freed = tree
                        .Select(Security)
                        .GroupBy(s => s.Cell)
                        .Count(g => g.Count() == g.First().ReferenceCount);
                    if (freed > 0)
                    {
                        return (key, freed);
                    }
                }
            }

            foreach (var child in key.GetSubkeys().Reverse())
            {
                stack.Push((child, security));
            }
        }

        return null;
    }

    /// <summary>How many security cells deleting these key trees must free: those all of whose references lie inside them.</summary>
    public static int SecurityCellsFreedByDeleting(params RegistryKey[] tops)
    {
        var keys = tops.SelectMany(top => TreeOf(top, int.MaxValue)!).ToList();
        return keys
            .Select(Security)
            .GroupBy(s => s.Cell)
            .Count(g => g.Count() == g.First().ReferenceCount);
    }

    /// <summary>The keys of a tree, or null when it has more than <paramref name="maxKeys"/>.</summary>
    private static List<RegistryKey>? TreeOf(RegistryKey top, int maxKeys)
    {
        var tree = new List<RegistryKey>();
        var stack = new Stack<RegistryKey>([top]);
        while (stack.Count > 0)
        {
            var key = stack.Pop();
            tree.Add(key);
            if (tree.Count > maxKeys)
            {
                return null;
            }

            foreach (var child in key.GetSubkeys())
            {
                stack.Push(child);
            }
        }

        return tree;
    }

    private static string KindName(ushort kind) => kind switch
    {
        SubkeyList.IndexLeaf => "li",
        SubkeyList.FastLeaf => "lf",
        SubkeyList.HashLeaf => "lh",
        SubkeyList.IndexRoot => "ri",
        _ => $"0x{kind:X4}",
    };
}
