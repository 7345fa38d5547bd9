using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace OfflineRepair.Targets.Permissions;

/// <summary>
/// A file's Windows security descriptor on a Linux mount made by ntfs-3g, which shows it as the
/// extended attribute <c>system.ntfs_acl</c> (self-relative bytes, as stored in <c>$Secure</c>):
/// read and written through libc's getxattr/setxattr, so no tool has to be installed.
/// </summary>
[SupportedOSPlatform("linux")]
internal static partial class NtfsAclAttribute
{
    public const string Name = "system.ntfs_acl";

    private const int ErrorNoData = 61;
    private const int ErrorRange = 34;
    private const int ErrorNotSupported = 95;

    /// <summary>The descriptor, or null when the file system does not have this attribute (not an ntfs-3g mount).</summary>
    public static byte[]? Read(string path)
    {
        var size = 512;
        for (int attempt = 0; attempt < 8; attempt++)
        {
            var buffer = new byte[size];
            var read = GetXattr(path, Name, buffer, (nuint)buffer.Length);
            if (read >= 0)
            {
                return buffer[..(int)read];
            }

            var error = Marshal.GetLastPInvokeError();
            if (error == ErrorRange)
            {
                size *= 4;
                continue;
            }

            if (error is ErrorNoData or ErrorNotSupported)
            {
                return null;
            }

            throw new IOException($"cannot read the permissions of {path} ({Name}): {Marshal.GetPInvokeErrorMessage(error)}");
        }

        throw new IOException($"the permissions of {path} ({Name}) are larger than any Windows descriptor");
    }

    public static void Write(string path, byte[] descriptor)
    {
        if (SetXattr(path, Name, descriptor, (nuint)descriptor.Length, 0) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot write the permissions of {path} ({Name}): {Marshal.GetPInvokeErrorMessage(error)}");
        }
    }

    [LibraryImport("libc", EntryPoint = "getxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint GetXattr(string path, string name, byte[] value, nuint size);

    [LibraryImport("libc", EntryPoint = "setxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetXattr(string path, string name, byte[] value, nuint size, int flags);
}
