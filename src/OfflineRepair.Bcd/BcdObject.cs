using System.Globalization;
using OfflineRepair.Registry;

namespace OfflineRepair.Bcd;

/// <summary>One object of a store: Objects\{guid}, its type and its elements.</summary>
public sealed class BcdObject
{
    public const string ElementsKey = "Elements";
    public const string ElementValueName = "Element";

    internal BcdObject(Guid id, RegistryKey key)
    {
        Id = id;
        Key = key;
    }

    public Guid Id { get; }

    public RegistryKey Key { get; }

    /// <summary>Description\Type, or null when absent or not a DWORD.</summary>
    public uint? Type => Key.OpenKey(BcdStore.DescriptionKey)?.GetValue("Type")?.AsUInt32();

    /// <summary>Application, inherit or device (bits 28-31 of the type); Unknown without a type.</summary>
    public ObjectKind Kind => Type is { } type ? ObjectTypes.Kind(type) : ObjectKind.Unknown;

    /// <summary>The alias bcdedit prints for a well-known object, else the braced GUID.</summary>
    public string Identifier => WellKnownObjects.Aliases.TryGetValue(Id, out var alias) ? alias : Id.ToString("B");

    /// <summary>The description element (12000004), or null.</summary>
    public string? Description => Element(ElementTypes.Description)?.AsString();

    /// <summary>The heading bcdedit prints above this object ("Windows Boot Manager" ...).</summary>
    public string Title => ObjectTitles.For(this);

    /// <summary>The raw Element value of an element, or null when the element is absent.</summary>
    public RegistryValue? ElementValue(uint elementType) =>
        Key.OpenKey($@"{ElementsKey}\{ElementTypes.KeyName(elementType)}")?.GetValue(ElementValueName);

    /// <summary>The element of that type, or null when the object has no such element key.</summary>
    public BcdElement? Element(uint elementType)
    {
        var key = Key.OpenKey($@"{ElementsKey}\{ElementTypes.KeyName(elementType)}");
        return key is null ? null : new BcdElement(elementType, Type, key.GetValue(ElementValueName));
    }

    /// <summary>
    /// Every element, by type number (the order bcdedit prints them in). A key under Elements whose
    /// name is not 8 hex digits is not an element and is left out.
    /// </summary>
    public IReadOnlyList<BcdElement> Elements
    {
        get
        {
            var elements = Key.OpenSubkey(ElementsKey);
            if (elements is null)
            {
                return [];
            }

            uint? objectType = Type;
            var list = new List<BcdElement>();
            foreach (var key in elements.GetSubkeys())
            {
                if (TryParseElementKey(key.Name, out uint type))
                {
                    list.Add(new BcdElement(type, objectType, key.GetValue(ElementValueName)));
                }
            }

            list.Sort((a, b) => a.Type.CompareTo(b.Type));
            return list;
        }
    }

    /// <summary>The names of the keys under Elements that are not element types (normally none).</summary>
    public IReadOnlyList<string> StrayElementKeys =>
        Key.OpenSubkey(ElementsKey)?.GetSubkeys().Select(k => k.Name).Where(n => !TryParseElementKey(n, out _)).ToList() ?? [];

    public override string ToString() => $"{Identifier} ({Title})";

    // Windows writes lowercase, some stores (BCD-Template) hold uppercase: any case, exactly 8 digits.
    internal static bool TryParseElementKey(string name, out uint type) =>
        uint.TryParse(name, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out type) && name.Length == 8;
}
