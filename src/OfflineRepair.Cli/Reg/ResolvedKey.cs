using OfflineRepair.Registry;
using OfflineRepair.Registry.Export;

namespace OfflineRepair.Cli.Reg;

/// <summary>
/// A KEY argument read against a hive: the path below the hive's root, the key when it exists, and
/// the name the hive's root shows under (e.g. HKEY_LOCAL_MACHINE\SYSTEM), as reg.exe would after 'reg load'.
/// </summary>
internal sealed record ResolvedKey(string DisplayRoot, string RelativePath, RegistryKey? Key)
{
    /// <summary>The key's full path for output: the display root and the key's names as stored.</summary>
    public string DisplayPath => Key is not null
        ? RegFileWriter.KeyPath(DisplayRoot, Key)
        : RelativePath.Length == 0 ? DisplayRoot : DisplayRoot + "\\" + RelativePath;

    public RegistryKey ExistingKey => Key ?? throw new InvalidOperationException($"{DisplayPath} does not exist");
}
