using System.Globalization;

namespace OfflineRepair.Bcd;

/// <summary>
/// The names bcdedit prints for element types. Library (class 1) names hold on every object; class 2
/// names depend on the application type (0x26000020 is displaybootmenu on a boot manager, 0x25000020
/// nx on an OS loader, 0x23000003 is default on {bootmgr} but resumeobject on a loader); class 3
/// names are the device-options ones. A type without a name prints as bcdedit prints it: custom:XXXXXXXX.
/// Sources: learn.microsoft.com BcdLibraryElementTypes, BcdBootMgrElementTypes, BcdOSLoaderElementTypes,
/// BcdResumeElementTypes, BcdMemDiagElementTypes, BcdDeviceObjectElementTypes, and bcdedit /? TYPES.
/// </summary>
public static class ElementNames
{
    public const string CustomPrefix = "custom:";

    private static readonly Dictionary<uint, string> Library = new()
    {
        [0x11000001] = "device",
        [0x12000002] = "path",
        [0x12000004] = "description",
        [0x12000005] = "locale",
        [0x14000006] = "inherit",
        [0x15000007] = "truncatememory",
        [0x14000008] = "recoverysequence",
        [0x16000009] = "recoveryenabled",
        [0x1700000a] = "badmemorylist",
        [0x1600000b] = "badmemoryaccess",
        [0x1500000c] = "firstmegabytepolicy",
        [0x1500000d] = "relocatephysical",
        [0x1500000e] = "avoidlowmemory",
        [0x1600000f] = "traditionalkseg",
        [0x16000010] = "bootdebug",
        [0x15000011] = "debugtype",
        [0x15000012] = "debugaddress",
        [0x15000013] = "debugport",
        [0x15000014] = "baudrate",
        [0x15000015] = "channel",
        [0x12000016] = "targetname",
        [0x16000017] = "noumex",
        [0x15000018] = "debugstart",
        [0x12000019] = "busparams",
        [0x1500001a] = "hostip",
        [0x1500001b] = "port",
        [0x1600001c] = "dhcp",
        [0x1200001d] = "key",
        [0x1600001e] = "vm",
        [0x16000020] = "bootems",
        [0x15000022] = "emsport",
        [0x15000023] = "emsbaudrate",
        [0x12000030] = "loadoptions",
        [0x16000040] = "advancedoptions",
        [0x16000041] = "optionsedit",
        [0x15000042] = "keyringaddress",
        [0x11000043] = "bootstatdevice",
        [0x12000044] = "bootstatfilepath",
        [0x16000045] = "preservebootstat",
        [0x16000046] = "graphicsmodedisabled",
        [0x15000047] = "configaccesspolicy",
        [0x16000048] = "nointegritychecks",
        [0x16000049] = "testsigning",
        [0x1200004a] = "fontpath",
        [0x1500004b] = "integrityservices",
        [0x1500004c] = "volumebandid",
        [0x16000050] = "extendedinput",
        [0x15000051] = "initialconsoleinput",
        [0x15000052] = "graphicsresolution",
        [0x16000053] = "restartonfailure",
        [0x16000054] = "highestmode",
        [0x16000060] = "isolatedcontext",
        [0x15000065] = "displaymessage",
        [0x15000066] = "displaymessageoverride",
        [0x16000068] = "nobootuxtext",
        [0x16000069] = "nobootuxprogress",
        [0x1600006a] = "nobootuxfade",
        [0x1600006b] = "bootuxreservepooldebug",
        [0x1600006c] = "bootuxdisabled",
        [0x1500006d] = "bootuxfadeframes",
        [0x1600006e] = "bootuxdumpstats",
        [0x1600006f] = "bootuxshowstats",
        [0x16000071] = "multibootsystem",
        [0x16000072] = "nokeyboard",
        [0x15000073] = "aliaswindowskey",
        [0x16000074] = "bootshutdowndisabled",
        [0x15000075] = "performancefrequency",
        [0x15000076] = "securebootrawpolicy",
        [0x17000077] = "allowedinmemorysettings",
        [0x16000079] = "bootuxtransitiontime",
        [0x1600007a] = "mobilegraphics",
        [0x1600007b] = "forcefipscrypto",
        [0x1500007d] = "booterrorux",
        [0x1600007e] = "flightsigning",
        [0x1500007f] = "measuredbootlogformat",
        [0x15000080] = "displayrotation",
        [0x15000081] = "logcontrol",
        [0x16000082] = "nofirmwaresync",
        [0x11000084] = "windowssyspart",
        [0x16000087] = "numlock",
    };

    // {bootmgr} and {fwbootmgr} (application types 1 and 2) share these.
    private static readonly Dictionary<uint, string> BootManager = new()
    {
        [0x24000001] = "displayorder",
        [0x24000002] = "bootsequence",
        [0x23000003] = "default",
        [0x25000004] = "timeout",
        [0x26000005] = "resume",
        [0x23000006] = "resumeobject",
        [0x24000010] = "toolsdisplayorder",
        [0x26000020] = "displaybootmenu",
        [0x26000021] = "noerrordisplay",
        [0x21000022] = "bcddevice",
        [0x22000023] = "bcdfilepath",
        [0x26000028] = "processcustomactionsfirst",
        [0x27000030] = "customactions",
        [0x26000031] = "persistbootsequence",
        [0x26000032] = "skipstartupsequence",
    };

    private static readonly Dictionary<uint, string> OsLoader = new()
    {
        [0x21000001] = "osdevice",
        [0x22000002] = "systemroot",
        [0x23000003] = "resumeobject",
        [0x26000004] = "stampdisks",
        [0x26000010] = "detecthal",
        [0x22000011] = "kernel",
        [0x22000012] = "hal",
        [0x22000013] = "dbgtransport",
        [0x25000020] = "nx",
        [0x25000021] = "pae",
        [0x26000022] = "winpe",
        [0x26000024] = "nocrashautoreboot",
        [0x26000025] = "lastknowngood",
        [0x26000026] = "oslnointegritychecks",
        [0x26000027] = "osltestsigning",
        [0x26000030] = "nolowmem",
        [0x25000031] = "removememory",
        [0x25000032] = "increaseuserva",
        [0x25000033] = "perfmem",
        [0x26000040] = "vga",
        [0x26000041] = "quietboot",
        [0x26000042] = "novesa",
        [0x26000043] = "novga",
        [0x25000050] = "clustermodeaddressing",
        [0x26000051] = "usephysicaldestination",
        [0x25000052] = "restrictapiccluster",
        [0x22000053] = "evstore",
        [0x26000054] = "uselegacyapicmode",
        [0x26000060] = "onecpu",
        [0x25000061] = "numproc",
        [0x26000062] = "maxproc",
        [0x25000063] = "configflags",
        [0x26000064] = "maxgroup",
        [0x26000065] = "groupaware",
        [0x25000066] = "groupsize",
        [0x26000070] = "usefirmwarepcisettings",
        [0x25000071] = "msi",
        [0x25000072] = "pciexpress",
        [0x25000080] = "safeboot",
        [0x26000081] = "safebootalternateshell",
        [0x26000090] = "bootlog",
        [0x26000091] = "sos",
        [0x260000a0] = "debug",
        [0x260000a1] = "halbreakpoint",
        [0x260000a2] = "useplatformclock",
        [0x260000a3] = "forcelegacyplatform",
        [0x260000a4] = "useplatformtick",
        [0x260000a5] = "disabledynamictick",
        [0x250000a6] = "tscsyncpolicy",
        [0x260000b0] = "ems",
        [0x250000c0] = "forcefailure",
        [0x250000c1] = "driverloadfailurepolicy",
        [0x250000c2] = "bootmenupolicy",
        [0x260000c3] = "onetimeadvancedoptions",
        [0x260000c4] = "onetimeoptionsedit",
        [0x250000e0] = "bootstatuspolicy",
        [0x260000e1] = "disableelamdrivers",
        [0x250000f0] = "hypervisorlaunchtype",
        [0x220000f1] = "hypervisorpath",
        [0x260000f2] = "hypervisordebug",
        [0x250000f3] = "hypervisordebugtype",
        [0x250000f4] = "hypervisordebugport",
        [0x250000f5] = "hypervisorbaudrate",
        [0x250000f6] = "hypervisorchannel",
        [0x250000f7] = "bootux",
        [0x260000f8] = "hypervisordisableslat",
        [0x220000f9] = "hypervisorbusparams",
        [0x250000fa] = "hypervisornumproc",
        [0x250000fb] = "hypervisorrootprocpernode",
        [0x260000fc] = "hypervisoruselargevtlb",
        [0x250000fd] = "hypervisorhostip",
        [0x250000fe] = "hypervisorhostport",
        [0x250000ff] = "hypervisordebugpages",
        [0x25000100] = "tpmbootentropy",
        [0x22000110] = "hypervisorusekey",
        [0x22000112] = "hypervisorproductskutype",
        [0x25000113] = "hypervisorrootproc",
        [0x26000114] = "hypervisordhcp",
        [0x25000115] = "hypervisoriommupolicy",
        [0x26000116] = "hypervisorusevapic",
        [0x22000117] = "hypervisorloadoptions",
        [0x25000118] = "hypervisormsrfilterpolicy",
        [0x25000119] = "hypervisormmionxpolicy",
        [0x2500011a] = "hypervisorschedulertype",
        [0x25000120] = "xsavepolicy",
    };

    private static readonly Dictionary<uint, string> Resume = new()
    {
        [0x21000001] = "filedevice",
        [0x22000002] = "filepath",
        [0x26000003] = "customsettings",
        [0x26000004] = "pae",
        [0x21000005] = "associatedosdevice",
        [0x26000006] = "debugoptionenabled",
        [0x25000007] = "bootux",
        [0x25000008] = "bootmenupolicy",
        [0x26000024] = "hormenabled",
    };

    private static readonly Dictionary<uint, string> MemoryDiagnostic = new()
    {
        [0x25000001] = "passcount",
        [0x25000002] = "testmix",
        [0x25000005] = "testtofail",
        [0x26000006] = "cacheenable",
    };

    private static readonly Dictionary<uint, string> DeviceOptions = new()
    {
        [0x35000001] = "ramdiskimageoffset",
        [0x35000002] = "ramdisktftpclientport",
        [0x31000003] = "ramdisksdidevice",
        [0x32000004] = "ramdisksdipath",
        [0x35000005] = "ramdiskimagelength",
        [0x36000006] = "exportascd",
        [0x35000007] = "ramdisktftpblocksize",
        [0x35000008] = "ramdisktftpwindowsize",
        [0x36000009] = "ramdiskmcenabled",
        [0x3600000a] = "ramdiskmctftpfallback",
        [0x3600000b] = "ramdisktftpvarwindow",
    };

    /// <summary>The name bcdedit prints for an element of an object of that type (null: unknown object type).</summary>
    public static string Name(uint elementType, uint? objectType) =>
        TryGetName(elementType, objectType, out var name) ? name : CustomName(elementType);

    /// <summary>True when the element type has a bcdedit name on an object of that type.</summary>
    public static bool TryGetName(uint elementType, uint? objectType, out string name)
    {
        foreach (var table in TablesFor(objectType))
        {
            if (table.TryGetValue(elementType, out var found))
            {
                name = found;
                return true;
            }
        }

        name = "";
        return false;
    }

    /// <summary>How bcdedit shows a type it has no name for, and accepts it back: custom:26000027.</summary>
    public static string CustomName(uint elementType) => CustomPrefix + ElementTypes.KeyName(elementType);

    /// <summary>
    /// The element type a bcdedit name (case-insensitive) or custom:XXXXXXXX means on an object of that
    /// type; false when the name means nothing there.
    /// </summary>
    public static bool TryParse(string name, uint? objectType, out uint elementType)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith(CustomPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var digits = name[CustomPrefix.Length..];
            // Class 0 is no class: 8 hex digits with a nonzero first one, as element keys are named.
            uint custom = 0;
            bool parsed = digits.Length == 8 &&
                uint.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out custom) &&
                (custom >> 28) != 0;
            elementType = parsed ? custom : 0;
            return parsed;
        }

        foreach (var table in TablesFor(objectType))
        {
            foreach (var (type, known) in table)
            {
                if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
                {
                    elementType = type;
                    return true;
                }
            }
        }

        elementType = 0;
        return false;
    }

    private static IEnumerable<Dictionary<uint, string>> TablesFor(uint? objectType)
    {
        yield return Library;
        if (objectType is not { } type)
        {
            yield break;
        }

        if (ObjectTypes.Kind(type) == ObjectKind.Device)
        {
            yield return DeviceOptions;
            yield break;
        }

        var application = ApplicationTable(ObjectTypes.ApplicationType(type));
        if (application is not null)
        {
            yield return application;
        }
    }

    private static Dictionary<uint, string>? ApplicationTable(uint applicationType) => applicationType switch
    {
        ApplicationTypes.FirmwareBootManager or ApplicationTypes.BootManager => BootManager,
        ApplicationTypes.OsLoader => OsLoader,
        ApplicationTypes.Resume => Resume,
        ApplicationTypes.MemoryDiagnostic => MemoryDiagnostic,
        _ => null,
    };
}
