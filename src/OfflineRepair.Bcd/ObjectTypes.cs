namespace OfflineRepair.Bcd;

/// <summary>
/// Object type numbers stored in Objects\{guid}\Description\Type: kind in bits 28-31, image type in
/// bits 20-23 (applications), application type in bits 0-19 (for inherit objects: the kind of
/// application whose settings they carry).
/// </summary>
public static class ObjectTypes
{
    public const uint FirmwareBootManager = 0x10100001;
    public const uint BootManager = 0x10100002;
    public const uint OsLoader = 0x10200003;
    public const uint ResumeLoader = 0x10200004;
    public const uint MemoryDiagnostic = 0x10200005;
    public const uint LegacyLoader = 0x10300006;
    public const uint BootSector = 0x10400008;

    /// <summary>A firmware boot entry (UEFI boot option) mirrored into the store.</summary>
    public const uint FirmwareApplication = 0x101fffff;
    public const uint InheritLibrary = 0x20100000;
    public const uint InheritOsLoader = 0x20200003;
    public const uint InheritResumeLoader = 0x20200004;
    public const uint Device = 0x30000000;

    public static ObjectKind Kind(uint type) => (type >> 28) switch
    {
        1 => ObjectKind.Application,
        2 => ObjectKind.Inherit,
        3 => ObjectKind.Device,
        _ => ObjectKind.Unknown,
    };

    /// <summary>Bits 20-23: 1 firmware, 2 Windows boot application, 3 legacy loader, 4 real mode.</summary>
    public static uint ImageType(uint type) => (type >> 20) & 0xF;

    /// <summary>
    /// Bits 0-19: which application (1 firmware boot manager, 2 boot manager, 3 OS loader, 4 resume,
    /// 5 memory tester, 6 legacy loader, ...). Element names of the application class depend on it.
    /// </summary>
    public static uint ApplicationType(uint type) => type & 0xFFFFF;
}
