namespace OfflineRepair.Bcd;

/// <summary>Application types (bits 0-19 of an object type); element names of class 2 depend on them.</summary>
public static class ApplicationTypes
{
    public const uint FirmwareBootManager = 1;
    public const uint BootManager = 2;
    public const uint OsLoader = 3;
    public const uint Resume = 4;
    public const uint MemoryDiagnostic = 5;
    public const uint LegacyLoader = 6;
    public const uint SetupLoader = 7;
    public const uint BootSector = 8;
    public const uint Startup = 9;
}
