using OfflineRepair.Registry.Format;

namespace OfflineRepair.Registry.Export;

/// <summary>
/// Walks the keys of a subtree the way regedit and reg.exe list them: a key before its subkeys,
/// subkeys in stored (Windows-sorted) order. A damaged hive whose subkey lists lead back to a key
/// already seen is reported, never followed, so a hostile file cannot make the walk loop.
/// </summary>
public static class KeyTree
{
    /// <summary>The starting key and every key below it, each once, parent first.</summary>
    public static IEnumerable<RegistryKey> Walk(RegistryKey start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var seen = new HashSet<uint>();
        var pending = new Stack<RegistryKey>();
        pending.Push(start);
        while (pending.Count > 0)
        {
            var key = pending.Pop();
            if (!seen.Add(key.Cell))
            {
                throw new HiveFormatException("key node", BaseBlock.Size + (long)key.Cell, $"reached twice while walking the tree (at {key.Path}): the subkey lists form a cycle");
            }

            yield return key;

            // GetSubkeys refuses to go deeper than Hive.MaxDepth, which bounds the walk on a chain too.
            var children = key.GetSubkeys();
            for (int i = children.Count - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }
    }
}
