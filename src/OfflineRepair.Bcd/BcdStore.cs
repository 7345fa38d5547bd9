using OfflineRepair.Registry;

namespace OfflineRepair.Bcd;

/// <summary>
/// A BCD store: a registry hive whose root holds Description and Objects. The store reads through
/// the hive; its one write is <see cref="Set"/> (the bcd set command), which edits the hive in memory
/// and leaves committing to the caller. Repairs plan registry changes at the paths it gives instead.
/// </summary>
public sealed partial class BcdStore
{
    public const string ObjectsKey = "Objects";
    public const string DescriptionKey = "Description";

    public BcdStore(Hive hive)
    {
        ArgumentNullException.ThrowIfNull(hive);
        if (!IsBcd(hive))
        {
            throw new BcdException($"{hive.DisplayName} is not a BCD store: its root has no Objects and Description keys");
        }

        Hive = hive;
    }

    public Hive Hive { get; }

    /// <summary>True when the hive has the shape of a BCD store (Objects and Description under the root).</summary>
    public static bool IsBcd(Hive hive) =>
        hive.Root.OpenSubkey(ObjectsKey) is not null && hive.Root.OpenSubkey(DescriptionKey) is not null;

    /// <summary>The key path of an object, relative to the hive root (braced lowercase GUID, as Windows names them).</summary>
    public static string ObjectKeyPath(Guid id) => $@"{ObjectsKey}\{id:B}";

    /// <summary>The key path of an element of an object: 8 lowercase hex digits, as bcdedit creates it.</summary>
    public static string ElementKeyPath(Guid id, uint elementType) => $@"{ObjectKeyPath(id)}\Elements\{ElementTypes.KeyName(elementType)}";

    /// <summary>
    /// Every object under Objects, in stored order. A key whose name is not a GUID is not an object
    /// and is left out (see <see cref="StrayObjectKeys"/>).
    /// </summary>
    public IReadOnlyList<BcdObject> Objects
    {
        get
        {
            var list = new List<BcdObject>();
            foreach (var key in ObjectsRoot.GetSubkeys())
            {
                if (TryParseObjectKey(key.Name, out var id))
                {
                    list.Add(new BcdObject(id, key));
                }
            }

            return list;
        }
    }

    /// <summary>Names of keys under Objects that are not braced GUIDs (normally none).</summary>
    public IReadOnlyList<string> StrayObjectKeys =>
        ObjectsRoot.GetSubkeys().Select(k => k.Name).Where(n => !TryParseObjectKey(n, out _)).ToList();

    private RegistryKey ObjectsRoot =>
        Hive.Root.OpenSubkey(ObjectsKey) ?? throw new BcdException($"{Hive.DisplayName} has no Objects key");

    private static bool TryParseObjectKey(string name, out Guid id) => Guid.TryParseExact(name, "B", out id);

    /// <summary>The default OS loader, or null when {bootmgr}'s default is missing or not a loader (no exception).</summary>
    public BcdObject? TryGetDefaultLoader()
    {
        try
        {
            return DefaultLoader();
        }
        catch (BcdException)
        {
            return null;
        }
    }

    /// <summary>The stored object with that id, or null.</summary>
    public BcdObject? FindObject(Guid id)
    {
        var key = Hive.Root.OpenKey(ObjectKeyPath(id));
        return key is null ? null : new BcdObject(id, key);
    }

    /// <summary>
    /// The default OS loader: the object {bootmgr}'s element 23000003 names, which must exist and be an
    /// OS loader (type 0x10200003). Never guessed from displayorder: a missing or wrong default is an error.
    /// </summary>
    public BcdObject DefaultLoader()
    {
        var bootManager = FindObject(WellKnownObjects.BootManager)
            ?? throw new BcdException("the store has no {bootmgr} object (Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795})");
        var value = bootManager.ElementValue(ElementTypes.DefaultObject)
            ?? throw new BcdException("{bootmgr} has no default entry (element 23000003): cannot tell which Windows Boot Loader to change");
        if (value.Type != RegistryValueType.String || !Guid.TryParse(value.AsString(), out var id))
        {
            throw new BcdException($"{{bootmgr}}'s default entry (element 23000003) is not a GUID: '{value.AsString()}'");
        }

        var loader = FindObject(id)
            ?? throw new BcdException($"{{bootmgr}}'s default entry names {id:B}, which is not in the store");
        if (loader.Type != ObjectTypes.OsLoader)
        {
            throw new BcdException($"{{bootmgr}}'s default entry {id:B} is not a Windows Boot Loader (type 0x{loader.Type ?? 0:x8}, expected 0x{ObjectTypes.OsLoader:x8})");
        }

        return loader;
    }
}
