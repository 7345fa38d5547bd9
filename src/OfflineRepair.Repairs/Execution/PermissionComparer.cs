using OfflineRepair.Security;

namespace OfflineRepair.Repairs.Execution;

/// <summary>
/// Whether permissions read back are the ones written. NTFS in an image and ntfs-3g keep the bytes
/// as given; Windows may lay a descriptor out anew and adds inherited entries to a DACL that is not
/// protected, so there the owner and the explicit entries are what must match.
/// </summary>
internal static class PermissionComparer
{
    public static bool Same(byte[] written, byte[] read)
    {
        if (written.AsSpan().SequenceEqual(read))
        {
            return true;
        }

        try
        {
            var expected = SecurityDescriptor.Parse(written);
            var actual = SecurityDescriptor.Parse(read);
            return Equals(expected.Owner, actual.Owner) && Explicit(expected).SequenceEqual(Explicit(actual));
        }
        catch (SecurityFormatException)
        {
            return false;
        }
    }

    public static string Sddl(byte[] descriptor)
    {
        try
        {
            return SecurityDescriptor.Parse(descriptor).ToSddl();
        }
        catch (SecurityFormatException e)
        {
            return $"(unreadable: {e.Message})";
        }
    }

    private static IEnumerable<string> Explicit(SecurityDescriptor descriptor) =>
        descriptor.Dacl?.Entries.Where(e => (e.Flags & AceFlags.Inherited) == 0).Select(e => Convert.ToHexString(e.ToBytes())) ?? [];
}
