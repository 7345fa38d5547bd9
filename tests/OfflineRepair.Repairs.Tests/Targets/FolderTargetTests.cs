using OfflineRepair.Targets;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Targets;

public sealed class FolderTargetTests
{
    [Fact]
    public void Windows_paths_resolve_in_any_case_against_the_names_a_Linux_mount_shows()
    {
        using var dir = new TemporaryDirectory();
        var config = Path.Combine(dir.Path, "windows", "System32", "CONFIG");
        Directory.CreateDirectory(config);
        File.WriteAllBytes(Path.Combine(config, "system"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(config, "SYSTEM.log1"), [4]);
        using var target = new FolderTarget(dir.Path);

        Assert.True(target.FileExists(WindowsPaths.SystemHive));
        Assert.Equal(Path.Combine(config, "system"), target.Locate(WindowsPaths.SystemHive));
        Assert.Equal(["SYSTEM.log1", "system"], target.List(WindowsPaths.ConfigFolder).Select(e => e.Name));
        Assert.Equal(3, target.List(WindowsPaths.ConfigFolder).Single(e => e.Name == "system").Length);
        using var stream = target.OpenRead("windows/system32/config/SYSTEM");
        Assert.Equal(3, stream.Length);
        Assert.Equal(TargetKind.Volume, target.Kind);
        Assert.Equal(dir.Path, Path.TrimEndingDirectorySeparator(target.Root));
    }

    [Fact]
    public void When_names_differ_only_in_case_the_exact_spelling_wins()
    {
        using var dir = new TemporaryDirectory();
        if (!CaseSensitive(dir.Path))
        {
            Assert.Skip("the temporary folder's file system ignores case");
        }

        var config = Path.Combine(dir.Path, "Windows", "System32", "config");
        Directory.CreateDirectory(config);
        File.WriteAllBytes(Path.Combine(config, "system"), [1]);
        File.WriteAllBytes(Path.Combine(config, "SYSTEM"), [2, 2]);
        File.WriteAllBytes(Path.Combine(config, "System.LOG1"), [3]);
        File.WriteAllBytes(Path.Combine(config, "system.log1"), [3, 3, 3]);
        using var target = new FolderTarget(dir.Path);

        Assert.Equal(Path.Combine(config, "SYSTEM"), target.Locate(WindowsPaths.SystemHive));
        // No exact spelling: the first in ordinal order, so the choice never changes between runs.
        Assert.Equal(Path.Combine(config, "System.LOG1"), target.Locate(WindowsPaths.SystemHive + ".LOG1"));
    }

    [Fact]
    public void A_missing_file_is_reported_and_a_missing_folder_lists_empty()
    {
        using var dir = new TemporaryDirectory();
        using var target = new FolderTarget(dir.Path);

        Assert.False(target.FileExists(WindowsPaths.SystemHive));
        Assert.Empty(target.List(WindowsPaths.ConfigFolder));
        var error = Assert.Throws<FileNotFoundException>(() => target.OpenRead(WindowsPaths.SystemHive));
        Assert.Contains(@"Windows\System32\config\SYSTEM", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => target.OpenRead(@"..\outside"));
    }

    [Fact]
    public void The_default_backup_folder_is_beside_the_mounted_folder()
    {
        using var dir = new TemporaryDirectory();
        var mount = Path.Combine(dir.Path, "osdisk");
        Directory.CreateDirectory(mount);
        using var target = new FolderTarget(mount);

        Assert.Equal(dir.Path, target.DefaultBackupParent);
        Assert.Equal(Environment.CurrentDirectory, new FolderTarget(Path.GetPathRoot(dir.Path)!).DefaultBackupParent);
    }

    private static bool CaseSensitive(string folder)
    {
        var probe = Path.Combine(folder, "Probe");
        File.WriteAllBytes(probe, []);
        bool sensitive = !File.Exists(Path.Combine(folder, "PROBE"));
        File.Delete(probe);
        return sensitive;
    }
}
