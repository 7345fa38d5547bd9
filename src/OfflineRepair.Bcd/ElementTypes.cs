using OfflineRepair.Registry;

namespace OfflineRepair.Bcd;

/// <summary>
/// Element type numbers: class (bits 28-31), format (bits 24-27), subtype (bits 0-23). The element
/// key under Objects\{guid}\Elements is the number in lowercase hex, 8 digits, as bcdedit writes it.
/// </summary>
public static class ElementTypes
{
    public const uint Device = 0x11000001;
    public const uint Path = 0x12000002;
    public const uint Description = 0x12000004;
    public const uint Locale = 0x12000005;
    public const uint Inherit = 0x14000006;
    public const uint BootEms = 0x16000020;
    public const uint EmsPort = 0x15000022;
    public const uint EmsBaudRate = 0x15000023;
    public const uint DefaultObject = 0x23000003;
    public const uint DisplayOrder = 0x24000001;
    public const uint ToolsDisplayOrder = 0x24000010;
    public const uint Timeout = 0x25000004;
    public const uint DisplayBootMenu = 0x26000020;
    public const uint OsDevice = 0x21000001;
    public const uint SystemRoot = 0x22000002;
    public const uint ResumeObject = 0x23000006;
    public const uint Nx = 0x25000020;
    public const uint BootStatusPolicy = 0x250000e0;
    public const uint Ems = 0x260000b0;
    public const uint RecoveryEnabled = 0x16000009;
    public const uint RecoverySequence = 0x14000008;
    public const uint BadMemoryAccess = 0x1600000b;
    public const uint BootDebug = 0x16000010;
    public const uint DebugType = 0x15000011;
    public const uint DebugPort = 0x15000013;
    public const uint BaudRate = 0x15000014;

    /// <summary>On an OS loader 0x23000003 is resumeobject (on {bootmgr} the same number is default).</summary>
    public const uint OsLoaderResumeObject = 0x23000003;
    public const uint BootMenuPolicy = 0x250000c2;
    public const uint HypervisorLaunchType = 0x250000f0;

    public static string KeyName(uint type) => type.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The element format: the nibble at bits 24-27.</summary>
    public static ElementFormat Format(uint type) => (ElementFormat)((type >> 24) & 0xF);

    /// <summary>The class: bits 28-31 (1 library, 2 application, 3 device, 4 template, 5 OEM).</summary>
    public static uint Class(uint type) => type >> 28;

    /// <summary>
    /// The registry type Windows stores a format as (BiConvertElementFormatToValueType): strings and
    /// objects REG_SZ, object lists REG_MULTI_SZ, everything else REG_BINARY.
    /// </summary>
    public static RegistryValueType RegistryType(uint type) => Format(type) switch
    {
        ElementFormat.String or ElementFormat.Object => RegistryValueType.String,
        ElementFormat.ObjectList => RegistryValueType.MultiString,
        _ => RegistryValueType.Binary,
    };

    /// <summary>The format's name in lower case, as the --json output spells it.</summary>
    public static string FormatName(ElementFormat format) => format switch
    {
        ElementFormat.Device => "device",
        ElementFormat.String => "string",
        ElementFormat.Object => "object",
        ElementFormat.ObjectList => "objectlist",
        ElementFormat.Integer => "integer",
        ElementFormat.Boolean => "boolean",
        ElementFormat.IntegerList => "integerlist",
        ElementFormat.Binary => "binary",
        _ => "unknown",
    };
}

/// <summary>How an element's data is stored (bits 24-27 of its type).</summary>
public enum ElementFormat
{
    Device = 1,
    String = 2,
    Object = 3,
    ObjectList = 4,
    Integer = 5,
    Boolean = 6,
    IntegerList = 7,
    Binary = 8,
}
