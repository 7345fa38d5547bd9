namespace OfflineRepair.Fat;

/// <summary>Directory entry attribute bits (byte 0x0B).</summary>
[Flags]
public enum FatAttributes : byte
{
    None = 0,
    ReadOnly = 0x01,
    Hidden = 0x02,
    System = 0x04,
    VolumeId = 0x08,
    Directory = 0x10,
    Archive = 0x20,

    /// <summary>The combination that marks a long-name entry; old DOS skips it because of VolumeId.</summary>
    LongName = ReadOnly | Hidden | System | VolumeId,
}
