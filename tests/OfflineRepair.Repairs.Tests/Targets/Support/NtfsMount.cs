using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Targets.Support;

/// <summary>
/// An NTFS volume file mounted with ntfs-3g (FUSE) in a folder of its own, unmounted on dispose: the
/// independent view of permissions (<c>getfattr -n system.ntfs_acl</c>) and the mounted-folder target.
/// </summary>
internal sealed class NtfsMount : IDisposable
{
    private NtfsMount(string folder)
    {
        Folder = folder;
    }

    public string Folder { get; }

    public static NtfsMount Mount(string volume, string folder, bool readOnly)
    {
        if (!File.Exists("/dev/fuse"))
        {
            Requirement.Missing("/dev/fuse (FUSE, for an ntfs-3g mount)");
        }

        var ntfs3g = Tools.Require("ntfs-3g", "ntfs-3g");
        Directory.CreateDirectory(folder);
        var run = Tools.Run(ntfs3g, readOnly ? ["-o", "ro", volume, folder] : [volume, folder], timeoutSeconds: 60);
        if (run.ExitCode != 0)
        {
            Requirement.Missing($"an ntfs-3g FUSE mount (ntfs-3g exit {run.ExitCode}: {run.StandardError.Trim()})");
        }

        return new NtfsMount(folder);
    }

    /// <summary>A path's <c>system.ntfs_acl</c> as getfattr prints it.</summary>
    public byte[] Descriptor(string windowsPath)
    {
        var getfattr = Tools.Require("getfattr", "attr");
        var path = Path.Combine([Folder, .. windowsPath.Split('\\')]);
        var run = Tools.Run(getfattr, ["-n", "system.ntfs_acl", "-e", "hex", path]);
        Assert.True(run.ExitCode == 0, $"getfattr {windowsPath}: {run.StandardError}");
        var line = run.StandardOutput.Split('\n').Single(l => l.StartsWith("system.ntfs_acl=0x", StringComparison.Ordinal));
        return Convert.FromHexString(line["system.ntfs_acl=0x".Length..].Trim());
    }

    public void Dispose()
    {
        Tools.Run("/bin/umount", [Folder], timeoutSeconds: 60);
    }
}
