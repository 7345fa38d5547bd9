using OfflineRepair.Targets;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Targets;

public sealed class HiveFilesTargetTests
{
    [Fact]
    public void The_hive_and_its_logs_in_any_case_appear_in_the_config_folder()
    {
        using var dir = new TemporaryDirectory();
        var system = dir.File("SYSTEM-copy");
        File.WriteAllBytes(system, [1, 2]);
        File.WriteAllBytes(dir.File("SYSTEM-copy.log1"), [3]);
        File.WriteAllBytes(dir.File("SYSTEM-copy.LOG2"), [4, 4]);
        File.WriteAllBytes(dir.File("unrelated.LOG1"), [5]);
        using var target = new HiveFilesTarget(system, null);

        Assert.Equal(["SYSTEM", "SYSTEM.LOG1", "SYSTEM.LOG2"], target.List(WindowsPaths.ConfigFolder).Select(e => e.Name));
        Assert.Equal(["config"], target.List(@"Windows\System32").Select(e => e.Name));
        Assert.True(target.FileExists(@"windows\system32\config\system"));
        Assert.False(target.FileExists(WindowsPaths.SoftwareHive));
        Assert.Equal(dir.File("SYSTEM-copy.log1"), target.Locate(WindowsPaths.SystemHive + ".LOG1"));
        using (var log = target.OpenRead(WindowsPaths.SystemHive + ".LOG2"))
        {
            Assert.Equal(2, log.Length);
        }

        Assert.Throws<FileNotFoundException>(() => target.OpenRead(WindowsPaths.SoftwareHive));
        Assert.Equal(TargetKind.HiveFiles, target.Kind);
        Assert.Equal(dir.Path, target.DefaultBackupParent);
        Assert.Contains(system, target.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void SYSTEM_and_SOFTWARE_files_map_to_their_Windows_paths()
    {
        using var dir = new TemporaryDirectory();
        File.WriteAllBytes(dir.File("s"), [1]);
        File.WriteAllBytes(dir.File("sw"), [2, 2]);
        using var target = new HiveFilesTarget(dir.File("s"), dir.File("sw"));

        Assert.Equal(["SOFTWARE", "SYSTEM"], target.List(WindowsPaths.ConfigFolder).Select(e => e.Name));
        using var stream = target.OpenReadWrite(WindowsPaths.SoftwareHive);
        Assert.Equal(2, stream.Length);
    }
}
