namespace OfflineRepair.Security;

/// <summary>SECURITY_DESCRIPTOR.Control (winnt.h SE_*; research/ntfs_vhd.md §2.5).</summary>
[Flags]
public enum SecurityDescriptorControl : ushort
{
    None = 0,
    OwnerDefaulted = 0x0001,
    GroupDefaulted = 0x0002,
    DaclPresent = 0x0004,
    DaclDefaulted = 0x0008,
    SaclPresent = 0x0010,
    SaclDefaulted = 0x0020,
    DaclUntrusted = 0x0040,
    ServerSecurity = 0x0080,

    /// <summary>SDDL "AR" on the DACL.</summary>
    DaclAutoInheritRequired = 0x0100,

    /// <summary>SDDL "AR" on the SACL.</summary>
    SaclAutoInheritRequired = 0x0200,

    /// <summary>SDDL "AI" on the DACL.</summary>
    DaclAutoInherited = 0x0400,

    /// <summary>SDDL "AI" on the SACL.</summary>
    SaclAutoInherited = 0x0800,

    /// <summary>SDDL "P" on the DACL: the parent's inheritable ACEs do not flow in.</summary>
    DaclProtected = 0x1000,

    /// <summary>SDDL "P" on the SACL.</summary>
    SaclProtected = 0x2000,

    /// <summary>The reserved byte after the revision holds resource-manager control bits.</summary>
    ResourceManagerControlValid = 0x4000,

    /// <summary>Offsets, not pointers: always set in stored descriptors.</summary>
    SelfRelative = 0x8000,
}
