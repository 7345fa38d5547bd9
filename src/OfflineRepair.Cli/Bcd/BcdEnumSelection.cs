using OfflineRepair.Bcd;

namespace OfflineRepair.Cli.Bcd;

/// <summary>
/// Which objects bcdedit /enum TYPE lists, and in what order. ACTIVE (the default): {bootmgr} and the
/// entries of its displayorder; FIRMWARE: {fwbootmgr} and its displayorder; ALL: every object, the
/// managers first, then the loaders, then the settings objects, then device options; BOOTMGR,
/// OSLOADER, RESUME, INHERIT: the objects of that type. Any other word is an identifier: that object.
/// </summary>
internal static class BcdEnumSelection
{
    public static readonly string[] Types = ["active", "all", "firmware", "bootmgr", "osloader", "resume", "inherit", "bootapp"];

    public static IReadOnlyList<BcdObject> Select(BcdStore store, string type, CommandContext context)
    {
        var all = store.Objects;
        switch (type.ToLowerInvariant())
        {
            case "active":
                return ManagerAndOrder(store, WellKnownObjects.BootManager, "{bootmgr}", context);
            case "firmware":
                return ManagerAndOrder(store, WellKnownObjects.FirmwareBootManager, "{fwbootmgr}", context);
            case "all":
                return Ordered(all);
            case "bootmgr":
                return Ordered(all.Where(o => o.Type is ObjectTypes.BootManager or ObjectTypes.FirmwareBootManager));
            case "osloader":
                return Ordered(all.Where(o => o.Type == ObjectTypes.OsLoader));
            case "resume":
                return Ordered(all.Where(o => o.Type == ObjectTypes.ResumeLoader));
            case "inherit":
                return Ordered(all.Where(o => o.Kind == ObjectKind.Inherit));
            case "bootapp":
                return Ordered(all.Where(o => o.Kind == ObjectKind.Application && o.Type is { } t && ObjectTypes.ImageType(t) == 2));
            default:
                return [store.GetObject(type)];
        }
    }

    private static List<BcdObject> ManagerAndOrder(BcdStore store, Guid managerId, string alias, CommandContext context)
    {
        var manager = store.FindObject(managerId);
        if (manager is null)
        {
            throw new BadInputException($"the store has no {alias} object, so it has no display order to list: try 'all'.");
        }

        var list = new List<BcdObject> { manager };
        foreach (var id in manager.Element(ElementTypes.DisplayOrder)?.AsObjectList() ?? [])
        {
            if (store.FindObject(id) is { } entry)
            {
                if (list.All(o => o.Id != entry.Id))
                {
                    list.Add(entry);
                }
            }
            else
            {
                context.Log.Warning("warning: {Manager}'s displayorder names {Id}, which is not in the store", alias, id.ToString("B"));
            }
        }

        return list;
    }

    private static readonly Guid[] SettingsOrder =
    [
        WellKnownObjects.EmsSettings, WellKnownObjects.DebuggerSettings, WellKnownObjects.BadMemory, WellKnownObjects.GlobalSettings,
        WellKnownObjects.BootLoaderSettings, WellKnownObjects.HypervisorSettings, WellKnownObjects.ResumeLoaderSettings,
    ];

    // The order bcdedit /enum all shows: managers, firmware entries, loaders, resume, tools, settings, devices.
    private static List<BcdObject> Ordered(IEnumerable<BcdObject> objects) =>
        objects.Select((o, index) => (Object: o, Index: index))
            .OrderBy(x => Rank(x.Object))
            .ThenBy(x => Array.IndexOf(SettingsOrder, x.Object.Id) is var at and >= 0 ? at : SettingsOrder.Length)
            .ThenBy(x => x.Index)
            .Select(x => x.Object)
            .ToList();

    private static int Rank(BcdObject entry) => entry.Type switch
    {
        ObjectTypes.FirmwareBootManager => 0,
        ObjectTypes.BootManager => 1,
        ObjectTypes.OsLoader => 3,
        ObjectTypes.ResumeLoader => 4,
        ObjectTypes.MemoryDiagnostic => 5,
        ObjectTypes.LegacyLoader => 6,
        { } type when ObjectTypes.Kind(type) == ObjectKind.Application && ObjectTypes.ImageType(type) == 1 => 2,
        { } type when ObjectTypes.Kind(type) == ObjectKind.Application => 7,
        { } type when ObjectTypes.Kind(type) == ObjectKind.Inherit => 8,
        { } type when ObjectTypes.Kind(type) == ObjectKind.Device => 9,
        _ => 10,
    };
}
