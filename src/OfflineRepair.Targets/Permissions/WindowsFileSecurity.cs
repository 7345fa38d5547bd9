using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace OfflineRepair.Targets.Permissions;

/// <summary>
/// A file's security descriptor on a drive letter, through the Windows API (owner, group and DACL
/// as self-relative bytes). Backup, restore and take-ownership privileges are enabled first, as an
/// administrator's icacls and takeown do, so a DACL that shuts out Administrators can still be read
/// and replaced.
/// </summary>
[SupportedOSPlatform("windows")]
internal static partial class WindowsFileSecurity
{
    private const uint OwnerSecurityInformation = 0x1;
    private const uint GroupSecurityInformation = 0x2;
    private const uint DaclSecurityInformation = 0x4;
    private const uint Parts = OwnerSecurityInformation | GroupSecurityInformation | DaclSecurityInformation;
    private const int ErrorInsufficientBuffer = 122;
    private const uint TokenAdjustPrivileges = 0x20;
    private const uint TokenQuery = 0x8;
    private const uint PrivilegeEnabled = 0x2;

    private static readonly Lazy<bool> PrivilegesEnabled = new(EnablePrivileges);

    public static byte[] Read(string path)
    {
        _ = PrivilegesEnabled.Value;
        uint needed = 0;
        GetFileSecurity(path, Parts, null, 0, out needed);
        var buffer = new byte[Math.Max(needed, 20u)];
        if (!GetFileSecurity(path, Parts, buffer, (uint)buffer.Length, out needed))
        {
            var error = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot read the permissions of {path}: {new Win32Exception(error).Message}");
        }

        return buffer[..(int)Math.Min(needed == 0 ? (uint)buffer.Length : needed, (uint)buffer.Length)];
    }

    public static void Write(string path, byte[] descriptor)
    {
        _ = PrivilegesEnabled.Value;
        if (!SetFileSecurity(path, Parts, descriptor))
        {
            var error = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot write the permissions of {path}: {new Win32Exception(error).Message} (run as Administrator)");
        }
    }

    /// <summary>Best effort: without them reading and writing still work where the DACL allows it.</summary>
    private static bool EnablePrivileges()
    {
        if (!OpenProcessToken(GetCurrentProcess(), TokenAdjustPrivileges | TokenQuery, out var token))
        {
            return false;
        }

        try
        {
            bool all = true;
            foreach (var name in new[] { "SeBackupPrivilege", "SeRestorePrivilege", "SeTakeOwnershipPrivilege" })
            {
                if (!LookupPrivilegeValue(null, name, out var luid))
                {
                    all = false;
                    continue;
                }

                var state = new TokenPrivileges { Count = 1, Luid = luid, Attributes = PrivilegeEnabled };
                all &= AdjustTokenPrivileges(token, false, ref state, 0, 0, 0);
            }

            return all;
        }
        finally
        {
            CloseHandle(token);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TokenPrivileges
    {
        public uint Count;
        public long Luid;
        public uint Attributes;
    }

    [LibraryImport("advapi32.dll", EntryPoint = "GetFileSecurityW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetFileSecurity(string fileName, uint requestedInformation, byte[]? descriptor, uint length, out uint lengthNeeded);

    [LibraryImport("advapi32.dll", EntryPoint = "SetFileSecurityW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool SetFileSecurity(string fileName, uint securityInformation, byte[] descriptor);

    [LibraryImport("advapi32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool OpenProcessToken(nint process, uint desiredAccess, out nint token);

    [LibraryImport("advapi32.dll", EntryPoint = "LookupPrivilegeValueW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool LookupPrivilegeValue(string? systemName, string name, out long luid);

    [LibraryImport("advapi32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool AdjustTokenPrivileges(nint token, [MarshalAs(UnmanagedType.Bool)] bool disableAll, ref TokenPrivileges newState, uint bufferLength, nint previousState, nint returnLength);

    [LibraryImport("kernel32.dll")]
    private static partial nint GetCurrentProcess();

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool CloseHandle(nint handle);
}
