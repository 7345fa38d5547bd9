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

    public static string KeyName(uint type) => type.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The element format: the nibble at bits 24-27.</summary>
    public static ElementFormat Format(uint type) => (ElementFormat)((type >> 24) & 0xF);
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
