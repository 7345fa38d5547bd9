namespace OfflineRepair.Bcd;

/// <summary>
/// The fixed GUIDs of BCD objects and the aliases bcdedit prints for them. {current} and {default}
/// are pseudo-identifiers: they are never stored under Objects.
/// </summary>
public static class WellKnownObjects
{
    public static readonly Guid BootManager = new("9dea862c-5cdd-4e70-acc1-f32b344d4795");
    public static readonly Guid FirmwareBootManager = new("a5a30fa2-3d06-4e9f-b5f4-a01df9d1fcba");
    public static readonly Guid EmsSettings = new("0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9");
    public static readonly Guid GlobalSettings = new("7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e");
    public static readonly Guid DebuggerSettings = new("4636856e-540f-4170-a130-a84776f4c654");
    public static readonly Guid BootLoaderSettings = new("6efb52bf-1766-41db-a6b3-0ee5eff72bd7");

    // Some published sources spell this one ...-4a5c-4a90-...; real stores use ...-4a5c-901b-....
    public static readonly Guid ResumeLoaderSettings = new("1afa9c49-16ab-4a5c-901b-212802da9460");
    public static readonly Guid HypervisorSettings = new("7ff607e0-4395-11db-b0de-0800200c9a66");
    public static readonly Guid BadMemory = new("5189b25c-5558-4bf2-bca4-289b11bd29e2");
    public static readonly Guid MemoryDiagnostic = new("b2721d73-1db4-4c62-bf78-c548a880142d");
    public static readonly Guid LegacyLoader = new("466f5a88-0af2-4f76-9038-095b170dc21c");
    public static readonly Guid RamdiskOptions = new("ae5534e0-a924-466c-b836-758539a3ee3a");
    public static readonly Guid KernelDebuggerSettings = new("313e8eed-7098-4586-a9bf-309c61f8d449");
    public static readonly Guid Current = new("fa926493-6f1c-4193-a414-58f0b2456d1e");
    public static readonly Guid Default = new("1cae1eb7-a0df-4d4d-9851-4860e34ef535");

    /// <summary>Alias (with braces, as bcdedit prints it) for each well-known stored object.</summary>
    public static readonly IReadOnlyDictionary<Guid, string> Aliases = new Dictionary<Guid, string>
    {
        [BootManager] = "{bootmgr}",
        [FirmwareBootManager] = "{fwbootmgr}",
        [EmsSettings] = "{emssettings}",
        [GlobalSettings] = "{globalsettings}",
        [DebuggerSettings] = "{dbgsettings}",
        [BootLoaderSettings] = "{bootloadersettings}",
        [ResumeLoaderSettings] = "{resumeloadersettings}",
        [HypervisorSettings] = "{hypervisorsettings}",
        [BadMemory] = "{badmemory}",
        [MemoryDiagnostic] = "{memdiag}",
        [LegacyLoader] = "{ntldr}",
        [RamdiskOptions] = "{ramdiskoptions}",
        [KernelDebuggerSettings] = "{kerneldbgsettings}",
    };

    /// <summary>Other names bcdedit accepts for the same objects.</summary>
    private static readonly IReadOnlyDictionary<string, Guid> Synonyms = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase)
    {
        ["{eventsettings}"] = DebuggerSettings,
        ["{legacy}"] = LegacyLoader,
    };

    /// <summary>The alias of a well-known object, else the braced lowercase GUID.</summary>
    public static string Identify(Guid id) => Aliases.TryGetValue(id, out var alias) ? alias : id.ToString("B");

    /// <summary>The stored object an alias names (case-insensitive, braces required), or null.</summary>
    public static Guid? FromAlias(string alias)
    {
        foreach (var (guid, name) in Aliases)
        {
            if (string.Equals(name, alias, StringComparison.OrdinalIgnoreCase))
            {
                return guid;
            }
        }

        return Synonyms.TryGetValue(alias, out var synonym) ? synonym : null;
    }
}
