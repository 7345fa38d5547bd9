using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Support;

/// <summary>
/// A Windows volume as a folder: <c>osdisk/Windows/System32/config/SYSTEM</c> copied from the
/// corpus's real SYSTEM hive (regipy/SYSTEM.xz: ControlSet001 Current/Default, ControlSet002
/// LastKnownGood). The volume is a subfolder so that fix's default backup folder, made beside it,
/// stays inside the temporary directory.
/// </summary>
internal sealed class WindowsTree
{
    private WindowsTree(string root, string system)
    {
        Root = root;
        System = system;
    }

    /// <summary>The volume root (TARGET).</summary>
    public string Root { get; }

    /// <summary>The SYSTEM hive's host path.</summary>
    public string System { get; }

    public static WindowsTree Create(TemporaryDirectory directory)
    {
        var root = Path.Combine(directory.Path, "osdisk");
        var config = Path.Combine(root, "Windows", "System32", "config");
        Directory.CreateDirectory(config);
        var system = TestHives.Copy(directory, "regipy/SYSTEM.xz", "SYSTEM");
        var inTree = Path.Combine(config, "SYSTEM");
        File.Move(system, inTree);
        return new WindowsTree(root, inTree);
    }

    /// <summary>A value as hivexget (libhivex-bin) prints it: decimal for a DWORD, text for a string; null when absent.</summary>
    public static string? HivexGet(string hive, string key, string value)
    {
        var hivexget = Tools.Require("hivexget", "libhivex-bin");
        var result = Tools.Run(hivexget, [hive, key, value], timeoutSeconds: 120);
        return result.ExitCode == 0 ? result.StandardOutput.TrimEnd('\n', '\r') : null;
    }

    /// <summary>The backup folders fix made in <paramref name="directory"/> (beside the volume).</summary>
    public static string[] Backups(TemporaryDirectory directory) =>
        Directory.GetDirectories(directory.Path, "offline-repair-backup-*");
}
