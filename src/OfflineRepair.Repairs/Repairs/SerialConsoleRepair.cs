using System.Globalization;
using OfflineRepair.Bcd;
using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Repairs;

/// <summary>
/// The offline "enable Serial Console" step: the article's <c>bcdedit /store</c> commands on the boot
/// store. {bootmgr} shows its menu for a few seconds and sends it to the serial port
/// (<c>displaybootmenu yes</c>, <c>timeout 5</c>, <c>bootems yes</c>); the default Windows Boot Loader
/// turns EMS on (<c>/ems {default} on</c>) so Windows starts the Special Administration Console; and
/// {emssettings} puts it on COM1 at 115200 (<c>/emssettings EMSPORT:1 EMSBAUDRATE:115200</c>), where
/// Azure's serial console listens.
/// <para>
/// The loader is the one {bootmgr}'s default entry names: never {current}, which offline is the
/// recovery VM's own, and never a guess from the display order. A missing element is created, as
/// bcdedit creates it; a missing object is an error naming it, because creating {emssettings} alone
/// would not be enough ({globalsettings} must also inherit it) and bcdedit does not invent objects either.
/// </para>
/// </summary>
public sealed class SerialConsoleRepair : IRepair
{
    public const string RepairName = "serial-console";

    /// <summary>The value that holds an element's data under <c>Objects\{guid}\Elements\xxxxxxxx</c>.</summary>
    public const string ElementValueName = "Element";

    public string Name => RepairName;

    public string Summary => "turn on the Serial Console's SAC in the boot store: boot menu, boot manager EMS, EMS on the default loader, COM1 at 115200";

    public string ArticleStep => "offline: enable Serial Console";

    public IReadOnlyList<HiveKind> Hives => [HiveKind.Bcd];

    /// <summary>The article's six settings, in its order, with the timeout, port and speed the options choose.</summary>
    public static IReadOnlyList<BcdSetting> Settings(RepairOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            new("displaybootmenu", BcdSettingObject.BootManager, ElementTypes.DisplayBootMenu, 1),
            new("timeout", BcdSettingObject.BootManager, ElementTypes.Timeout, (ulong)options.BootTimeout),
            new("bootems", BcdSettingObject.BootManager, ElementTypes.BootEms, 1),
            new("ems", BcdSettingObject.DefaultLoader, ElementTypes.Ems, 1),
            new("emsport", BcdSettingObject.EmsSettings, ElementTypes.EmsPort, (ulong)options.EmsPort),
            new("emsbaudrate", BcdSettingObject.EmsSettings, ElementTypes.EmsBaudRate, (ulong)options.EmsBaudRate),
        ];
    }

    /// <summary>The object a setting lives on; a <see cref="BcdException"/> naming it when the store lacks it.</summary>
    public static BcdObject Find(BcdStore store, BcdSettingObject which)
    {
        ArgumentNullException.ThrowIfNull(store);
        return which switch
        {
            BcdSettingObject.BootManager => store.FindObject(WellKnownObjects.BootManager)
                ?? throw new BcdException($"the store has no {{bootmgr}} object (Objects\\{WellKnownObjects.BootManager:B})"),
            BcdSettingObject.DefaultLoader => store.DefaultLoader(),
            BcdSettingObject.EmsSettings => store.FindObject(WellKnownObjects.EmsSettings)
                ?? throw new BcdException($"the store has no {{emssettings}} object (Objects\\{WellKnownObjects.EmsSettings:B}); it is not created here, because {{globalsettings}} would also have to inherit it"),
            _ => throw new ArgumentOutOfRangeException(nameof(which), which, null),
        };
    }

    public RepairPlan Plan(RepairContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        CheckOptions(context.Options);
        var hive = RepairInputs.RequireBcd(context, Name);
        var settings = Settings(context.Options);

        // Every object is found before anything is planned: a store missing one gets no change at all.
        Dictionary<BcdSettingObject, BcdObject> objects;
        try
        {
            var store = new BcdStore(hive);
            objects = settings.Select(s => s.Object).Distinct().ToDictionary(o => o, o => Find(store, o));
        }
        catch (BcdException e)
        {
            throw new RepairException($"{Name} cannot change the boot store {hive.DisplayName}: {e.Message}", e);
        }

        var plan = new PlanBuilder(Name, HiveKind.Bcd, hive);
        foreach (var setting in settings)
        {
            var owner = objects[setting.Object];
            plan.SetValue(BcdStore.ElementKeyPath(owner.Id, setting.Element), ElementValueName, RegistryValueType.Binary, setting.Data, setting.IsMetBy);
        }

        var loader = objects[BcdSettingObject.DefaultLoader];
        plan.Note($"default boot loader: {loader.Identifier}{Description(loader)} ({{bootmgr}}'s default entry)");
        if (context.Options.BootTimeout > 0)
        {
            // The article's own boot-manager page calls this menu a boot delay: say what it costs.
            plan.Note($"with the boot menu shown, every boot waits {context.Options.BootTimeout.ToString(CultureInfo.InvariantCulture)} s at it (--boot-timeout N changes that)");
        }

        plan.Note("SAC runs on Windows Server; client editions need the EMS-SAC feature installed");
        return plan.Build();
    }

    private static string Description(BcdObject loader) =>
        loader.ElementValue(ElementTypes.Description) is { Type: RegistryValueType.String } description
            ? $" \"{description.AsString()}\""
            : "";

    private static void CheckOptions(RepairOptions options)
    {
        if (options.BootTimeout is < 0 or > RepairOptions.MaxBootTimeout)
        {
            throw new RepairException($"boot menu timeout {options.BootTimeout} s is out of range: give 0 to {RepairOptions.MaxBootTimeout} (the article uses {RepairOptions.DefaultBootTimeout})");
        }

        if (options.EmsPort is < 1 or > RepairOptions.MaxEmsPort)
        {
            throw new RepairException($"EMS port {options.EmsPort} is not a COM port number: give 1 to {RepairOptions.MaxEmsPort} (the article and Azure use {RepairOptions.DefaultEmsPort}, COM1)");
        }

        if (!RepairOptions.EmsBaudRates.Contains(options.EmsBaudRate))
        {
            throw new RepairException($"EMS baud rate {options.EmsBaudRate} is not one EMS supports: give one of {string.Join(", ", RepairOptions.EmsBaudRates)} (Azure's serial console uses {RepairOptions.DefaultEmsBaudRate})");
        }
    }
}
