namespace OfflineRepair.Bcd;

/// <summary>Object type numbers stored in Objects\{guid}\Description\Type.</summary>
public static class ObjectTypes
{
    public const uint FirmwareBootManager = 0x10100001;
    public const uint BootManager = 0x10100002;
    public const uint OsLoader = 0x10200003;
    public const uint ResumeLoader = 0x10200004;
    public const uint MemoryDiagnostic = 0x10200005;
    public const uint LegacyLoader = 0x10300006;
    public const uint InheritLibrary = 0x20100000;
    public const uint InheritOsLoader = 0x20200003;
    public const uint InheritResumeLoader = 0x20200004;
    public const uint Device = 0x30000000;
}
