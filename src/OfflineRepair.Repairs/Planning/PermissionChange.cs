namespace OfflineRepair.Repairs.Planning;

/// <summary>
/// Replace the security descriptor (owner, group, DACL) of a file or folder of the target: the bytes
/// before and after, and their SDDL for people. Applied through the target (NTFS $Secure in an
/// image, ntfs-3g's system.ntfs_acl on a Linux mount, the Windows API on a drive letter).
/// </summary>
public sealed record PermissionChange(
    string Repair,
    string Path,
    byte[] Before,
    string BeforeSddl,
    byte[] After,
    string AfterSddl);
