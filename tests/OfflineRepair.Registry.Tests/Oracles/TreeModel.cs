namespace OfflineRepair.Registry.Tests.Oracles;

/// <summary>
/// A plain in-memory registry tree that edits are mirrored on: names compared and children kept
/// in order (children of a parsed dump must already be in that order, as Windows keeps them) with Windows' table (<see cref="WindowsNames"/>), values replaced in place keeping the
/// stored name's case, as Windows does. Renders in the dump format of <see cref="TreeDump"/>.
/// </summary>
internal sealed class ModelKey
{
    private readonly List<ModelKey> _children = [];
    private readonly List<ModelValue> _values = [];

    public ModelKey(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public IReadOnlyList<ModelKey> Children => _children;

    public IReadOnlyList<ModelValue> Values => _values;

    /// <summary>A model of a dump (hivex's or ours); children and values keep the dump's order.</summary>
    public static ModelKey FromDump(IReadOnlyList<string> lines)
    {
        Assert.True(lines.Count >= 2 && lines[0].StartsWith("R ", StringComparison.Ordinal), "a dump starts with the root name");
        var root = new ModelKey(TreeDump.DecodeName(lines[0][2..]));
        var byPath = new Dictionary<string, ModelKey>(StringComparer.Ordinal) { [""] = root };
        foreach (var line in lines.Skip(1))
        {
            var parts = line.Split(' ');
            switch (parts[0])
            {
                case "K" when parts.Length == 2:
                    if (parts[1].Length > 0)
                    {
                        int slash = parts[1].LastIndexOf('\\');
                        var parent = byPath[slash < 0 ? "" : parts[1][..slash]];
                        var child = new ModelKey(TreeDump.DecodeName(parts[1][(slash + 1)..]));
                        parent._children.Add(child);
                        byPath.Add(parts[1], child);
                    }

                    break;
                case "V" when parts.Length == 5:
                    byPath[parts[1]]._values.Add(new ModelValue(TreeDump.DecodeName(parts[2]), uint.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture), parts[4]));
                    break;
                default:
                    Assert.Fail($"not a dump line: {line}");
                    break;
            }
        }

        return root;
    }

    /// <summary>The child of that name (Windows' equality), by binary search: children are kept in Windows' order.</summary>
    public ModelKey? Child(string name)
    {
        int at = Position(name);
        return at < _children.Count && WindowsNames.Same(_children[at].Name, name) ? _children[at] : null;
    }

    public ModelKey? Find(string path)
    {
        var key = this;
        foreach (var part in Split(path))
        {
            key = key.Child(part);
            if (key is null)
            {
                return null;
            }
        }

        return key;
    }

    /// <summary>Opens or creates each key along the path (a new child goes to its place in Windows' order).</summary>
    public ModelKey CreateKey(string path)
    {
        var key = this;
        foreach (var part in Split(path))
        {
            var existing = key.Child(part);
            if (existing is null)
            {
                existing = new ModelKey(part);
                key._children.Insert(key.Position(part), existing);
            }

            key = existing;
        }

        return key;
    }

    /// <summary>Sets a value; returns true when one of that name (Windows' equality) was replaced.</summary>
    public bool SetValue(string name, uint type, byte[] data)
    {
        int at = _values.FindIndex(v => WindowsNames.Same(v.Name, name));
        var text = TreeDump.DataText(data);
        if (at >= 0)
        {
            _values[at] = new ModelValue(_values[at].Name, type, text);
            return true;
        }

        _values.Add(new ModelValue(name, type, text));
        return false;
    }

    public bool DeleteValue(string name) => _values.RemoveAll(v => WindowsNames.Same(v.Name, name)) > 0;

    public bool DeleteChild(string name)
    {
        var child = Child(name);
        return child is not null && _children.Remove(child);
    }

    public int CountKeys() => 1 + _children.Sum(c => c.CountKeys());

    /// <summary>The dump this tree should give, values sorted by name (compare with <see cref="TreeDump.WithValuesSorted"/>).</summary>
    public List<string> Render()
    {
        var lines = new List<string> { "R " + TreeDump.EncodeName(Name) };
        Render(this, "", lines);
        return TreeDump.WithValuesSorted(lines);
    }

    private static void Render(ModelKey key, string path, List<string> lines)
    {
        lines.Add(TreeDump.KeyLine(path));
        foreach (var value in key._values)
        {
            lines.Add(TreeDump.ValueLine(path, value.Name, value.Type, value.DataText));
        }

        foreach (var child in key._children)
        {
            Render(child, TreeDump.ChildPath(path, child.Name), lines);
        }
    }

    /// <summary>Index of the first child that does not sort before <paramref name="name"/>.</summary>
    private int Position(string name)
    {
        int low = 0;
        int high = _children.Count;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (WindowsNames.Compare(_children[middle].Name, name) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    internal static string[] Split(string path) => path.Split('\\', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed record ModelValue(string Name, uint Type, string DataText);
