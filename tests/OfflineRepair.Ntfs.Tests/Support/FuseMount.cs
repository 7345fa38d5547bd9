using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests.Support;

/// <summary>An ntfs-3g FUSE mount of an image for the length of a using block, read-only unless asked otherwise.
/// Skips (or fails in CI) when FUSE mounts are not possible here.</summary>
internal sealed class FuseMount : IDisposable
{
    private FuseMount(string path) => Path = path;

    public string Path { get; }

    public static FuseMount Open(string image, string mountPoint, bool readOnly = true)
    {
        var ntfs3g = Tools.Require("ntfs-3g", "ntfs-3g");
        Directory.CreateDirectory(mountPoint);
        string[] arguments = readOnly ? ["-o", "ro", image, mountPoint] : [image, mountPoint];
        var result = Tools.Run(ntfs3g, arguments, timeoutSeconds: 60);
        if (result.ExitCode != 0)
        {
            Requirement.Missing($"an ntfs-3g FUSE mount (/dev/fuse): {result.StandardError.Trim()}");
        }

        return new FuseMount(mountPoint);
    }

    public void Dispose()
    {
        var result = Tools.Run("/bin/umount", [Path], timeoutSeconds: 60);
        Assert.True(result.ExitCode == 0, $"umount {Path}: {result.StandardError}");
    }
}
