using OfflineRepair.Registry.Tests.Oracles;

namespace OfflineRepair.Registry.Tests.Writing;

/// <summary>
/// Every kind of edit, applied through a <see cref="ModelledHive"/> under one new key: values of
/// each type and of the sizes around the inline, cell and big-data limits, UTF-16 and default value
/// names, replacements that grow, shrink and retype, deletions, keys whose names need Windows'
/// order or table, and a deleted tree.
/// </summary>
internal static class EditCatalogue
{
    public const string KeyName = "OfflineRepair edits";

    /// <summary>Data sizes written as "size N" values: inline (0..4), one cell, the 16344/16345 big-data boundary, several segments.</summary>
    public static readonly int[] Sizes = [0, 1, 2, 3, 4, 5, 8, 100, 4000, 4100, 16343, 16344, 16345, 20000, 32688, 32689, 40000];

    /// <summary>Type numbers written: every named type, a device-property type, the largest.</summary>
    public static readonly uint[] Types = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0xFFFF0011, 0xFFFFFFFF];

    /// <summary>Subkey names created under the edit key (the ones that are the same name to Windows collapse into one key).</summary>
    public static readonly string[] KeyNames =
    [
        "Ключ", "КЛЮЧ", "日本語", "emoji 😀", "Z", "ZZ", "zz", "a", "_under", "[bracket", "]close", "^caret", "`tick", "9", "{braces}", "~tilde",
        "µ", "Μ", "ÿ", "Ÿ", "äöüß", "weird™", "nul\0inside", "dots.and spaces", new string('k', RegistryKey.MaxNameLength),
    ];

    public static byte[] Bytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Applies the catalogue under <paramref name="parentPath"/> and returns the edit key's path.</summary>
    public static string Apply(ModelledHive h, string parentPath)
    {
        string k = parentPath.Length == 0 ? KeyName : parentPath + "\\" + KeyName;
        h.CreateKey(k);

        // A value on the parent (the root key when the parent is ""), set then replaced.
        h.SetValue(parentPath, "OfflineRepair parent value", (uint)RegistryValueType.DWord, RegistryData.DWord(1));
        h.SetValue(parentPath, "OfflineRepair parent value", (uint)RegistryValueType.Binary, Bytes(600, 600));

        foreach (uint type in Types)
        {
            h.SetValue(k, $"type 0x{type:X}", type, Bytes(8, (int)(type & 0x7FFFFFFF)));
        }

        foreach (int size in Sizes)
        {
            h.SetValue(k, $"size {size}", (uint)RegistryValueType.Binary, Bytes(size, size));
        }

        h.SetValue(k, "", (uint)RegistryValueType.String, RegistryData.String("the default value"));
        h.SetValue(k, "multi", (uint)RegistryValueType.MultiString, RegistryData.MultiString(["one", "два", "三", ""]));
        h.SetValue(k, "empty multi", (uint)RegistryValueType.MultiString, RegistryData.MultiString([]));
        h.SetValue(k, "значение", (uint)RegistryValueType.String, RegistryData.String("текст"));
        h.SetValue(k, "名前", (uint)RegistryValueType.DWord, RegistryData.DWord(0xDEADBEEF));
        h.SetValue(k, "emoji 😀", (uint)RegistryValueType.QWord, RegistryData.QWord(0x0123456789ABCDEF));
        h.SetValue(k, "latin-1 äöüß µ ÿ", (uint)RegistryValueType.ExpandString, RegistryData.String("%SystemRoot%\\äöü"));
        h.SetValue(k, "zero\0val", (uint)RegistryValueType.DWord, RegistryData.DWord(7));
        h.SetValue(k, new string('n', RegistryKey.MaxValueNameLength), (uint)RegistryValueType.DWord, RegistryData.DWord(1));
        h.SetValue(k, new string('ж', 2000), (uint)RegistryValueType.Binary, Bytes(5000, 5));

        // Replacements: bigger, smaller, other type, same size; names matched as Windows does (the stored case stays).
        h.SetValue(k, "grow", (uint)RegistryValueType.Binary, Bytes(3, 30));
        h.SetValue(k, "GROW", (uint)RegistryValueType.Binary, Bytes(40000, 31));
        h.SetValue(k, "grow to cell", (uint)RegistryValueType.Binary, Bytes(2, 32));
        h.SetValue(k, "grow to cell", (uint)RegistryValueType.Binary, Bytes(3000, 33));
        h.SetValue(k, "shrink", (uint)RegistryValueType.Binary, Bytes(40000, 34));
        h.SetValue(k, "Shrink", (uint)RegistryValueType.Binary, Bytes(2, 35));
        h.SetValue(k, "shrink to cell", (uint)RegistryValueType.Binary, Bytes(50000, 36));
        h.SetValue(k, "shrink to cell", (uint)RegistryValueType.Binary, Bytes(16344, 37));
        h.SetValue(k, "to empty", (uint)RegistryValueType.Binary, Bytes(300, 38));
        h.SetValue(k, "to empty", (uint)RegistryValueType.None, []);
        h.SetValue(k, "retype", (uint)RegistryValueType.DWord, RegistryData.DWord(5));
        h.SetValue(k, "retype", (uint)RegistryValueType.String, RegistryData.String("five"));
        h.SetValue(k, "same size", (uint)RegistryValueType.Binary, Bytes(100, 39));
        h.SetValue(k, "same size", (uint)RegistryValueType.Binary, Bytes(100, 40));
        h.SetValue(k, "µ", (uint)RegistryValueType.DWord, RegistryData.DWord(1));
        h.SetValue(k, "Μ", (uint)RegistryValueType.DWord, RegistryData.DWord(2)); // a different name to Windows
        h.SetValue(k, "ÿ", (uint)RegistryValueType.DWord, RegistryData.DWord(3));
        h.SetValue(k, "Ÿ", (uint)RegistryValueType.DWord, RegistryData.DWord(4)); // the same name: replaces "ÿ"

        // Deletions of each storage form, by another letter case; and of nothing.
        h.SetValue(k, "doomed inline", (uint)RegistryValueType.DWord, RegistryData.DWord(1));
        h.SetValue(k, "doomed cell", (uint)RegistryValueType.Binary, Bytes(500, 41));
        h.SetValue(k, "doomed big", (uint)RegistryValueType.Binary, Bytes(40000, 42));
        h.SetValue(k, "doomed empty", (uint)RegistryValueType.Binary, []);
        Assert.True(h.DeleteValue(k, "DOOMED INLINE"));
        Assert.True(h.DeleteValue(k, "doomed cell"));
        Assert.True(h.DeleteValue(k, "Doomed Big"));
        Assert.True(h.DeleteValue(k, "doomed empty"));
        Assert.False(h.DeleteValue(k, "never there"));

        // Keys: names that need Windows' table and order, nested keys with values.
        foreach (var name in KeyNames)
        {
            h.CreateKey(k + "\\" + name);
        }

        h.SetValue(k + "\\nested\\deeper\\deepest", "leaf value", (uint)RegistryValueType.String, RegistryData.String("deep"));
        h.SetValue(k + "\\Ключ", "", (uint)RegistryValueType.Binary, Bytes(20000, 43));

        // A whole tree with all storage forms, deleted by another letter case; then deleting nothing.
        string doomed = k + "\\tree to delete";
        h.SetValue(doomed, "inline", (uint)RegistryValueType.DWord, RegistryData.DWord(1));
        h.SetValue(doomed + "\\child one", "cell", (uint)RegistryValueType.Binary, Bytes(700, 44));
        h.SetValue(doomed + "\\child two\\grandchild", "big", (uint)RegistryValueType.Binary, Bytes(40000, 45));
        for (int i = 0; i < 30; i++)
        {
            h.CreateKey($"{doomed}\\many\\{i}");
        }

        Assert.True(h.DeleteKeyTree(k + "\\TREE TO DELETE"));
        Assert.False(h.DeleteKeyTree(k + "\\tree to delete"));
        Assert.False(h.DeleteKeyTree(k + "\\no such key\\below"));

        // The only subkey of a key deleted (its list goes), then one created again.
        h.CreateKey(k + "\\lonely\\only child");
        Assert.True(h.DeleteKeyTree(k + "\\lonely\\only child"));
        h.CreateKey(k + "\\lonely\\second child");
        return k;
    }

    /// <summary>
    /// After a commit and reopen: data of 4 bytes or less sits in the value record, larger data in one
    /// cell up to 16344 bytes, and in big-data segments above that on hives of minor version 4 and later
    /// (one cell on 1.3); new keys use lh lists on 1.5 and lf lists on 1.3, and have the node fields
    /// of a fresh key with the time of <see cref="FixedClock"/> (the edits must run with that clock).
    /// </summary>
    public static void AssertStorageForms(Hive written, string editKeyPath)
    {
        var key = written.OpenKey(editKeyPath);
        Assert.True(key is not null, $"the edit key {editKeyPath} is missing after the commit");
        foreach (int size in Sizes)
        {
            string expected = size <= 4 ? "inline" : size <= 16344 || written.MinorVersion < 4 ? "cell" : "db";
            Assert.True(expected == HiveInternals.ValueStorage(key, $"size {size}"), $"a {size}-byte value on a v1.{written.MinorVersion} hive should be stored as {expected}, is {HiveInternals.ValueStorage(key, $"size {size}")}");
        }

        // Every key below the edit key is new: its node fields are those of a fresh key, stamped by the clock.
        var problems = new List<string>();
        var stack = new Stack<RegistryKey>([key]);
        while (stack.Count > 0)
        {
            var parent = stack.Pop();
            foreach (var child in parent.GetSubkeys())
            {
                problems.AddRange(HiveInternals.NewKeyNodeProblems(child, parent, FixedClock.Time));
                stack.Push(child);
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        Assert.Equal(FixedClock.Time, key.LastWriteTime);

        string leafKind = written.MinorVersion >= 5 ? "lh" : "lf";
        var (kind, leaves) = HiveInternals.SubkeyListShape(key);
        Assert.Equal(leafKind, kind);
        Assert.All(leaves, leaf => Assert.Equal(leafKind, leaf.Kind));
    }
}
