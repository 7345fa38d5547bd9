using OfflineRepair.Registry;

namespace OfflineRepair.Bcd;

/// <summary>bcdedit /set, offline: one element of one existing object.</summary>
public sealed partial class BcdStore
{
    /// <summary>
    /// Sets an element the way bcdedit /store /set does: the object must exist (never created); the
    /// element key is created when missing, named in 8 lowercase hex digits; Element gets the registry
    /// type of the element's format. Changes the hive in memory: the caller commits. Every check is
    /// made before anything is changed.
    /// </summary>
    public BcdSetResult Set(string identifier, string elementName, string valueText)
    {
        ArgumentNullException.ThrowIfNull(elementName);
        ArgumentNullException.ThrowIfNull(valueText);
        var target = GetObject(identifier);
        uint? objectType = target.Type;
        if (!ElementNames.TryParse(elementName, objectType, out uint elementType))
        {
            throw new BcdException(
                $"'{elementName}' is not an element bcdedit knows on {target.Identifier} ({target.Title}): check the name " +
                $"(e.g. timeout, displaybootmenu, bootems, ems, description) or give custom:XXXXXXXX");
        }

        var data = ElementValueCodec.Encode(elementType, elementName, valueText, text =>
        {
            var id = ResolveIdentifier(text);
            _ = GetObject(text);
            return id;
        });
        return SetElement(target, elementType, data) with { Name = ElementNames.Name(elementType, objectType) };
    }

    /// <summary>Writes Element of one element of an existing object (creating the element key if missing).</summary>
    public BcdSetResult SetElement(BcdObject target, uint elementType, ElementData data)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(data);
        if (!Hive.IsWritable)
        {
            throw new BcdException($"{Hive.DisplayName} was opened read-only: cannot set {ElementTypes.KeyName(elementType)} on {target.Identifier}");
        }

        // bcdedit opens Elements and fails when it is missing (BcdSetElementDataWithFlags): so do we.
        var elements = target.Key.OpenSubkey(BcdObject.ElementsKey)
            ?? throw new BcdException($"object {target.Identifier} has no Elements key: the store is damaged");
        var key = elements.OpenSubkey(ElementTypes.KeyName(elementType));
        bool created = key is null;
        var previous = key?.GetValue(BcdObject.ElementValueName);
        key ??= elements.CreateSubkey(ElementTypes.KeyName(elementType));
        key.SetValue(BcdObject.ElementValueName, data.Type, data.Data);
        return new BcdSetResult(target, elementType, ElementNames.Name(elementType, target.Type), data, created, previous);
    }
}

/// <summary>What <see cref="BcdStore.Set"/> changed: the object, the element, the new value, and the one before.</summary>
public sealed record BcdSetResult(BcdObject Object, uint ElementType, string Name, ElementData Data, bool CreatedKey, RegistryValue? Previous)
{
    /// <summary>The element's key path below the hive's root.</summary>
    public string KeyPath => BcdStore.ElementKeyPath(Object.Id, ElementType);
}
