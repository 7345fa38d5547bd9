namespace OfflineRepair.Bcd;

/// <summary>Identifiers as bcdedit reads and prints them: GUIDs, aliases, and {default}.</summary>
public sealed partial class BcdStore
{
    public const string DefaultAlias = "{default}";
    public const string CurrentAlias = "{current}";

    /// <summary>
    /// How bcdedit /store prints an object reference: {default} for the default loader, the alias of a
    /// well-known object, else the braced GUID.
    /// </summary>
    public Func<Guid, string> Identifier()
    {
        var defaultId = TryGetDefaultLoader()?.Id;
        return id => id == defaultId ? DefaultAlias : WellKnownObjects.Identify(id);
    }

    /// <summary>
    /// The GUID an identifier means: a GUID (braces optional), an alias ({bootmgr} ...), or {default}
    /// (the default loader, which must resolve). {current} is refused: offline it would mean the
    /// recovery machine's own loader. Does not check that the object exists.
    /// </summary>
    public Guid ResolveIdentifier(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var text = identifier.Trim();
        if (string.Equals(text, DefaultAlias, StringComparison.OrdinalIgnoreCase))
        {
            return DefaultLoader().Id;
        }

        if (string.Equals(text, CurrentAlias, StringComparison.OrdinalIgnoreCase))
        {
            throw new BcdException("{current} names the loader of the running system, which an offline store does not have: use {default} or the loader's GUID");
        }

        if (WellKnownObjects.FromAlias(text) is { } known)
        {
            return known;
        }

        if (Guid.TryParse(text, out var id))
        {
            return id;
        }

        throw new BcdException(
            $"'{identifier}' is not an identifier: give a GUID such as {{9dea862c-5cdd-4e70-acc1-f32b344d4795}}, {DefaultAlias}, or an alias " +
            $"({string.Join(", ", WellKnownObjects.Aliases.Values)})");
    }

    /// <summary>The stored object an identifier names; an identifier naming nothing stored is an error that says so.</summary>
    public BcdObject GetObject(string identifier)
    {
        var id = ResolveIdentifier(identifier);
        var shown = WellKnownObjects.Aliases.TryGetValue(id, out var alias) ? $"{alias} ({id:B})" : id.ToString("B");
        return FindObject(id)
            ?? throw new BcdException($"the store has no object {shown} (no key {ObjectKeyPath(id)}); objects are never created");
    }
}
