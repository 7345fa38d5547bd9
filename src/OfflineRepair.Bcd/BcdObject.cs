using OfflineRepair.Registry;

namespace OfflineRepair.Bcd;

/// <summary>One object of a store: Objects\{guid}, its type and its elements.</summary>
public sealed class BcdObject
{
    internal BcdObject(Guid id, RegistryKey key)
    {
        Id = id;
        Key = key;
    }

    public Guid Id { get; }

    public RegistryKey Key { get; }

    /// <summary>Description\Type, or null when absent or not a DWORD.</summary>
    public uint? Type => Key.OpenKey(BcdStore.DescriptionKey)?.GetValue("Type")?.AsUInt32();

    /// <summary>The alias bcdedit prints for a well-known object, else the braced GUID.</summary>
    public string Identifier => WellKnownObjects.Aliases.TryGetValue(Id, out var alias) ? alias : Id.ToString("B");

    /// <summary>The raw Element value of an element, or null when the element is absent.</summary>
    public RegistryValue? ElementValue(uint elementType) =>
        Key.OpenKey($@"Elements\{ElementTypes.KeyName(elementType)}")?.GetValue("Element");
}
