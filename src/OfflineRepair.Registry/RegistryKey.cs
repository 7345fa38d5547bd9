using System.Text;
using OfflineRepair.Registry.Cells;
using OfflineRepair.Registry.Format;
using OfflineRepair.Registry.Storage;

namespace OfflineRepair.Registry;

/// <summary>
/// A key of an open hive. It stays valid across edits (key node cells never move) until the key
/// itself is deleted.
/// </summary>
public sealed class RegistryKey
{
    /// <summary>Longest key name Windows accepts, in characters.</summary>
    public const int MaxNameLength = 255;

    /// <summary>Longest value name Windows accepts, in characters.</summary>
    public const int MaxValueNameLength = 16383;

    private readonly Hive _hive;

    private string? _path;

    internal RegistryKey(Hive hive, uint cell, string name, RegistryKey? parent)
    {
        _hive = hive;
        Cell = cell;
        Name = name;
        Parent = parent;
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    public string Name { get; }

    /// <summary>Path from the root, backslash-separated, without the root's own name ("" for the root).</summary>
    /// <remarks>Built on first use: a whole-tree walk that never asks for paths does not pay for them.</remarks>
    public string Path => _path ??= Parent is null ? "" : Parent.Parent is null ? Name : Parent.Path + "\\" + Name;

    /// <summary>The key this one was reached from (null for the root).</summary>
    public RegistryKey? Parent { get; }

    public int Depth { get; }

    public Hive Hive => _hive;

    internal uint Cell { get; }

    private ReadOnlySpan<byte> Node => _hive.Image.Cell(Cell, "key node");

    public DateTime LastWriteTime
    {
        get
        {
            long raw = KeyNode.LastWrite(Node);
            return raw is >= 0 and <= 0x24C85A5ED1C03FFF ? DateTime.FromFileTimeUtc(raw) : DateTime.MinValue;
        }
    }

    public int SubkeyCount => (int)Math.Min(KeyNode.SubkeyCount(Node), int.MaxValue);

    public int ValueCount => (int)Math.Min(KeyNode.ValueCount(Node), int.MaxValue);

    /// <summary>The key's class name, or null when it has none.</summary>
    public string? ClassName
    {
        get
        {
            var nk = Node;
            int length = KeyNode.ClassLength(nk);
            uint cell = KeyNode.Class(nk);
            if (length == 0 || cell == HiveImage.NoCell)
            {
                return null;
            }

            var data = _hive.Image.Cell(cell, "class name");
            if (length > data.Length)
            {
                throw new HiveFormatException("class name", BaseBlock.Size + (long)cell, $"{length} bytes do not fit in a cell of {data.Length} bytes");
            }

            return Encoding.Unicode.GetString(data[..(length & ~1)]);
        }
    }

    internal uint SecurityCell => KeyNode.Security(Node);

    internal uint MaxSubkeyNameField => KeyNode.MaxSubkeyName(Node);

    internal uint MaxValueNameField => KeyNode.MaxValueName(Node);

    internal uint MaxValueDataField => KeyNode.MaxValueData(Node);

    /// <summary>
    /// This key and every key below it, parent first, subkeys in stored order (as regedit and reg.exe
    /// list them). A damaged hive whose lists lead back to a key already seen is reported, never
    /// followed; GetSubkeys refuses to go deeper than <see cref="Hive.MaxDepth"/>.
    /// </summary>
    public IEnumerable<RegistryKey> EnumerateTree()
    {
        var seen = new HashSet<uint>();
        var pending = new Stack<RegistryKey>();
        pending.Push(this);
        while (pending.Count > 0)
        {
            var key = pending.Pop();
            if (!seen.Add(key.Cell))
            {
                throw new HiveFormatException("key node", BaseBlock.Size + (long)key.Cell, $"reached twice while walking the tree (at {key.Path}): the subkey lists form a cycle");
            }

            yield return key;
            var children = key.GetSubkeys();
            for (int i = children.Count - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }
    }

    /// <summary>The subkeys in stored order (which is Windows' sorted order).</summary>
    public IReadOnlyList<RegistryKey> GetSubkeys()
    {
        if (Depth >= Hive.MaxDepth)
        {
            throw new HiveFormatException("key node", BaseBlock.Size + (long)Cell, $"nested deeper than {Hive.MaxDepth} levels");
        }

        var children = _hive.Subkeys.Children(Cell);
        var result = new List<RegistryKey>(children.Count);
        foreach (uint child in children)
        {
            result.Add(Child(child, _hive.Subkeys.NameOf(child)));
        }

        return result;
    }

    public IReadOnlyList<RegistryValue> GetValues()
    {
        var offsets = _hive.Values.ValueOffsets(Cell);
        var result = new List<RegistryValue>(offsets.Count);
        foreach (uint value in offsets)
        {
            result.Add(ReadValue(value));
        }

        return result;
    }

    /// <summary>The value of that name ("" for the default value), compared as Windows does, or null.</summary>
    public RegistryValue? GetValue(string name)
    {
        uint? found = _hive.Values.Find(Cell, name);
        return found is { } value ? ReadValue(value) : null;
    }

    public RegistryKey? OpenSubkey(string name)
    {
        uint? found = _hive.Subkeys.Find(Cell, name);
        return found is { } child ? Child(child, _hive.Subkeys.NameOf(child)) : null;
    }

    /// <summary>The key at a backslash-separated path below this one, or null.</summary>
    public RegistryKey? OpenKey(string relativePath)
    {
        var key = this;
        foreach (var part in SplitPath(relativePath))
        {
            key = key.OpenSubkey(part);
            if (key is null)
            {
                return null;
            }
        }

        return key;
    }

    /// <summary>Opens the subkey, creating it (sorted into the list, sharing this key's security) when missing.</summary>
    public RegistryKey CreateSubkey(string name)
    {
        _hive.EnsureWritable();
        ValidateKeyName(name);
        var existing = OpenSubkey(name);
        return existing ?? _hive.Edit(() => AddSubkey(name));
    }

    private RegistryKey AddSubkey(string name)
    {
        var image = _hive.Image;
        uint security = SecurityCell;
        var encoded = KeyNode.EncodeName(name, out bool compressed);
        uint cell = _hive.Allocate(KeyNode.FixedSize + encoded.Length);
        KeyNode.Initialize(image.MutableCell(cell, "key node"), encoded, compressed, Cell, security, _hive.Now);
        _hive.Security.AddReference(security);
        _hive.Subkeys.Insert(Cell, cell, name, _hive.MinorVersion);
        _hive.Touch(Cell);
        return Child(cell, name);
    }

    /// <summary>Opens or creates every key along a relative path.</summary>
    public RegistryKey CreateKey(string relativePath)
    {
        var key = this;
        foreach (var part in SplitPath(relativePath))
        {
            key = key.CreateSubkey(part);
        }

        return key;
    }

    /// <summary>Creates or replaces a value of any type number. Returns true when it replaced one.</summary>
    public bool SetValue(string name, RegistryValueType type, ReadOnlySpan<byte> data)
    {
        _hive.EnsureWritable();
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > MaxValueNameLength)
        {
            throw new ArgumentException($"value names are at most {MaxValueNameLength} characters", nameof(name));
        }

        var bytes = data.ToArray();
        return _hive.Edit(() =>
        {
            bool replaced = _hive.Values.Set(Cell, name, (uint)type, bytes);
            _hive.Touch(Cell);
            return replaced;
        });
    }

    public bool DeleteValue(string name)
    {
        _hive.EnsureWritable();
        return _hive.Edit(() =>
        {
            bool deleted = _hive.Values.Delete(Cell, name);
            if (deleted)
            {
                _hive.Touch(Cell);
            }

            return deleted;
        });
    }

    /// <summary>Deletes a subkey and everything below it. Returns false when there is no such subkey.</summary>
    public bool DeleteSubkeyTree(string name)
    {
        _hive.EnsureWritable();
        var child = OpenSubkey(name);
        if (child is null)
        {
            return false;
        }

        return _hive.Edit(() =>
        {
            _hive.FreeKeyTree(child);
            _hive.Subkeys.Remove(Cell, child.Cell);
            _hive.Touch(Cell);
            return true;
        });
    }

    public override string ToString() => Path.Length == 0 ? Name : Path;

    internal static IEnumerable<string> SplitPath(string path) =>
        path.Split('\\', StringSplitOptions.RemoveEmptyEntries);

    private static void ValidateKeyName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"a key name is 1 to {MaxNameLength} characters without a backslash: '{name}'", nameof(name));
        }
    }

    private RegistryKey Child(uint cell, string name) => new(_hive, cell, name, this);

    private RegistryValue ReadValue(uint value)
    {
        var vk = _hive.Values.Record(value);
        return new RegistryValue(ValueEntry.Name(vk), (RegistryValueType)ValueEntry.Type(vk), _hive.Values.ReadData(value, vk));
    }
}
