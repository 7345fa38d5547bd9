using Xunit;

namespace OfflineRepair.TestSupport;

/// <summary>
/// An NTFS volume file mounted with ntfs-3g (FUSE) for the length of a using block, read-only unless
/// asked otherwise: the independent view of files and permissions (<c>system.ntfs_acl</c>), and a
/// real mounted folder to work on. Skips (or fails under OFFLINEREPAIR_REQUIRE_ORACLES=1) where FUSE
/// mounts are not possible.
/// </summary>
public sealed class NtfsMount : IDisposable
{
    private NtfsMount(string path) => Path = path;

    /// <summary>The folder the volume is mounted on.</summary>
    public string Path { get; }

    public static NtfsMount Open(string volume, string mountPoint, bool readOnly = true)
    {
        if (!File.Exists("/dev/fuse"))
        {
            Requirement.Missing("/dev/fuse (FUSE, for an ntfs-3g mount)");
        }

        var ntfs3g = Tools.Require("ntfs-3g", "ntfs-3g");
        Directory.CreateDirectory(mountPoint);
        string[] arguments = readOnly ? ["-o", "ro", volume, mountPoint] : [volume, mountPoint];
        var result = Tools.Run(ntfs3g, arguments, timeoutSeconds: 60);
        if (result.ExitCode != 0)
        {
            Requirement.Missing($"an ntfs-3g FUSE mount (ntfs-3g exit {result.ExitCode}: {result.StandardError.Trim()})");
        }

        return new NtfsMount(mountPoint);
    }

    /// <summary>A path's <c>system.ntfs_acl</c> (its security descriptor) as getfattr prints it; the path is a Windows one.</summary>
    public byte[] Descriptor(string windowsPath)
    {
        var getfattr = Tools.Require("getfattr", "attr");
        var path = System.IO.Path.Combine([Path, .. windowsPath.Split('\\')]);
        var run = Tools.Run(getfattr, ["-n", "system.ntfs_acl", "-e", "hex", path]);
        Assert.True(run.ExitCode == 0, $"getfattr {windowsPath}: {run.StandardError}");
        var line = run.StandardOutput.Split('\n').Single(l => l.StartsWith("system.ntfs_acl=0x", StringComparison.Ordinal));
        return Convert.FromHexString(line["system.ntfs_acl=0x".Length..].Trim());
    }

    public void Dispose()
    {
        var result = Tools.Run("/bin/umount", [Path], timeoutSeconds: 60);
        Assert.True(result.ExitCode == 0, $"umount {Path}: {result.StandardError}");
    }
}
