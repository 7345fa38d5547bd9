namespace OfflineRepair.Bcd;

/// <summary>What an object is (bits 28-31 of its type).</summary>
public enum ObjectKind
{
    Unknown = 0,

    /// <summary>A boot application: boot manager, OS loader, resume, memory tester, firmware entry.</summary>
    Application = 1,

    /// <summary>Settings that other objects inherit ({globalsettings}, {emssettings} ...).</summary>
    Inherit = 2,

    /// <summary>Device options (ramdisk settings).</summary>
    Device = 3,
}
