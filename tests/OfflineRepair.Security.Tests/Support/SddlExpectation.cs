namespace OfflineRepair.Security.Tests.Support;

/// <summary>
/// What SDDL can carry of a descriptor: everything but ACL padding (an ACL's size covering more than its
/// ACEs), the ACL revision, and the control bits SDDL has no word for. Windows-made descriptors hold all
/// three: padding in one $SDS DACL and in XP's registry keys; revision 4 (ACL_REVISION_DS) on ACLs without
/// object ACEs in Windows 8's NTUSER.DAT; SE_SACL_AUTO_INHERITED with no SACL in Windows 8's and 11's
/// hives. Parsing a descriptor's SDDL gives back this projection of it.
/// </summary>
internal static class SddlExpectation
{
    private const SecurityDescriptorControl DaclWords =
        SecurityDescriptorControl.DaclProtected | SecurityDescriptorControl.DaclAutoInheritRequired | SecurityDescriptorControl.DaclAutoInherited;

    private const SecurityDescriptorControl SaclWords =
        SecurityDescriptorControl.SaclProtected | SecurityDescriptorControl.SaclAutoInheritRequired | SecurityDescriptorControl.SaclAutoInherited;

    public static SecurityDescriptor Of(SecurityDescriptor descriptor)
    {
        var control = descriptor.ControlFlags & (SecurityDescriptorControl.DaclPresent | SecurityDescriptorControl.SaclPresent);
        control |= descriptor.IsDaclPresent ? descriptor.ControlFlags & DaclWords : 0;
        control |= descriptor.IsSaclPresent ? descriptor.ControlFlags & SaclWords : 0;
        return new SecurityDescriptor(control, descriptor.Owner, descriptor.Group, Unpadded(descriptor.Sacl), Unpadded(descriptor.Dacl));
    }

    private static AccessControlList? Unpadded(AccessControlList? acl) => acl is null ? null : new AccessControlList(acl.Entries);
}
