using System.Globalization;
using OfflineRepair.Bcd;
using OfflineRepair.Cli.Json;
using OfflineRepair.Registry;

namespace OfflineRepair.Cli.Bcd;

/// <summary>
/// <c>bcd enum --json</c> (schema 1): the store path and each object listed, with its elements.
/// Type numbers are 8 lowercase hex digits (as element keys are named); <c>kind</c> is "application",
/// "inherit", "device" or "unknown"; <c>alias</c> the well-known alias or null.
/// </summary>
internal sealed record BcdEnumJson(int Schema, string Store, List<BcdObjectJson> Objects)
{
    public static BcdEnumJson Create(string storePath, BcdStore store, IEnumerable<BcdObject> objects)
    {
        var identify = store.Identifier();
        var defaultId = store.TryGetDefaultLoader()?.Id;
        return new BcdEnumJson(JsonOutput.Schema, storePath, [.. objects.Select(o => BcdObjectJson.Create(o, o.Id == defaultId, identify))]);
    }
}

/// <summary>One object: <c>id</c> the braced GUID; <c>title</c> bcdedit's heading; <c>description</c> element 12000004 or null.</summary>
internal sealed record BcdObjectJson(
    string Id,
    string? Alias,
    string? Type,
    string Kind,
    string Title,
    string? Description,
    bool IsDefault,
    List<BcdElementJson> Elements)
{
    public static BcdObjectJson Create(BcdObject entry, bool isDefault, Func<Guid, string> identify) => new(
        entry.Id.ToString("B"),
        WellKnownObjects.Aliases.TryGetValue(entry.Id, out var alias) ? alias : null,
        entry.Type?.ToString("x8", CultureInfo.InvariantCulture),
        entry.Kind.ToString().ToLowerInvariant(),
        entry.Title,
        entry.Description,
        isDefault,
        [.. entry.Elements.Select(e => BcdElementJson.Create(e, identify))]);
}

/// <summary>
/// One element: <c>value</c> as bcd enum shows it (list entries joined by ", "); <c>registryType</c> and
/// <c>raw</c> (lowercase hex) the Element value as stored, null when the element key has none.
/// </summary>
internal sealed record BcdElementJson(string Type, string Name, string Format, string Value, string? RegistryType, string? Raw)
{
    public static BcdElementJson Create(BcdElement element, Func<Guid, string> identify) => new(
        ElementTypes.KeyName(element.Type),
        element.Name,
        ElementTypes.FormatName(element.Format),
        string.Join(", ", element.DisplayLines(identify)),
        element.RawValue is { } raw ? RegistryData.TypeName(raw.Type) : null,
        element.RawValue is { } data ? Convert.ToHexString(data.Data).ToLowerInvariant() : null);
}
