using OfflineRepair.Bcd;
using OfflineRepair.Registry;

namespace OfflineRepair.Repairs.Repairs;

/// <summary>The objects the serial-console settings live on.</summary>
public enum BcdSettingObject
{
    /// <summary>{bootmgr}, the Windows Boot Manager.</summary>
    BootManager,

    /// <summary>The Windows Boot Loader that {bootmgr}'s default entry (element 23000003) names: bcdedit's {default}.</summary>
    DefaultLoader,

    /// <summary>{emssettings}, the global EMS settings that every loader inherits.</summary>
    EmsSettings,
}

/// <summary>
/// One bcdedit setting: its word (<c>timeout</c>), the object it is set on, its element type and the
/// value wanted (a boolean as 0 or 1). The element's data is REG_BINARY, encoded as bcdedit encodes it.
/// </summary>
public sealed record BcdSetting(string Name, BcdSettingObject Object, uint Element, ulong Value)
{
    /// <summary>The <c>Element</c> value's data as bcdedit writes it: 1 byte for a boolean, 8 for an integer.</summary>
    public byte[] Data => BcdElementData.Encode(Element, Value);

    /// <summary>"Yes", "5", "115200": the value as bcdedit /enum shows it.</summary>
    public string Shown => BcdElementData.Show(Element, Value);

    /// <summary>
    /// Whether a stored element already holds the wanted value. Compared by meaning, not by bytes: a
    /// timeout stored as the single byte 05 (as real stores hold it) is what bcdedit's 8 bytes say, and
    /// Windows reads both alike, so rewriting it would be a change that changes nothing.
    /// </summary>
    public bool IsMetBy(RegistryValue stored) => BcdElementData.Decode(Element, stored) == Value;
}
