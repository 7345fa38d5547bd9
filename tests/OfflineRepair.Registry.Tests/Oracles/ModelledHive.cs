namespace OfflineRepair.Registry.Tests.Oracles;

/// <summary>
/// A writable hive and the model of what it should hold: every edit is applied to both, and what
/// the engine returns (replaced / deleted / existed) must equal what the model says.
/// </summary>
internal sealed class ModelledHive
{
    public ModelledHive(Hive hive, ModelKey model)
    {
        Hive = hive;
        Model = model;
    }

    public Hive Hive { get; }

    public ModelKey Model { get; }

    public RegistryKey CreateKey(string path)
    {
        var key = Hive.Root.CreateKey(path);
        var modelKey = Model.CreateKey(path);
        Assert.Equal(modelKey.Name, key.Name);
        return key;
    }

    /// <summary>Sets a value at a key path, creating the keys along it.</summary>
    public void SetValue(string path, string name, uint type, byte[] data)
    {
        var key = CreateKey(path);
        bool replaced = key.SetValue(name, (RegistryValueType)type, data);
        bool modelReplaced = Model.CreateKey(path).SetValue(name, type, data);
        Assert.True(modelReplaced == replaced, $"SetValue({path}, '{name}') returned replaced={replaced}, the model says {modelReplaced}");
    }

    public bool DeleteValue(string path, string name)
    {
        var key = Hive.OpenKey(path);
        var modelKey = Model.Find(path);
        Assert.True((key is null) == (modelKey is null), $"key '{path}' exists in the hive: {key is not null}, in the model: {modelKey is not null}");
        if (key is null || modelKey is null)
        {
            return false;
        }

        bool deleted = key.DeleteValue(name);
        bool modelDeleted = modelKey.DeleteValue(name);
        Assert.True(modelDeleted == deleted, $"DeleteValue({path}, '{name}') returned {deleted}, the model says {modelDeleted}");
        return deleted;
    }

    public bool DeleteKeyTree(string path)
    {
        var parts = ModelKey.Split(path);
        Assert.NotEmpty(parts);
        var parentPath = string.Join('\\', parts[..^1]);
        var parent = Hive.OpenKey(parentPath);
        var modelParent = Model.Find(parentPath);
        Assert.True((parent is null) == (modelParent is null), $"key '{parentPath}' exists in the hive: {parent is not null}, in the model: {modelParent is not null}");
        if (parent is null || modelParent is null)
        {
            return false;
        }

        bool deleted = parent.DeleteSubkeyTree(parts[^1]);
        bool modelDeleted = modelParent.DeleteChild(parts[^1]);
        Assert.True(modelDeleted == deleted, $"DeleteSubkeyTree({path}) returned {deleted}, the model says {modelDeleted}");
        return deleted;
    }
}
