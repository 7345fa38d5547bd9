using OfflineRepair.Registry;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Targets;

namespace OfflineRepair.Repairs.Tests.Execution;

public sealed class HiveSetTests
{
    [Fact]
    public void Logs_are_found_in_any_case_and_a_dirty_hive_is_replayed()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM_B.xz", lowerCase: true, "regipy/SYSTEM_B.LOG1.xz", "regipy/SYSTEM_B.LOG2.xz");
        using var target = new FolderTarget(volume.Root);

        using var hives = HiveSet.Open(target);

        var system = Assert.Single(hives.Opened);
        Assert.Equal(HiveState.Replayed, system.State);
        Assert.Equal([@"Windows\System32\config\system.log1", @"Windows\System32\config\system.log2"], system.LogPaths);
        Assert.Equal(2130u, system.Hive.Recovery!.LastSequence);
        Assert.Equal([HiveKind.Software, HiveKind.Bcd], hives.Unavailable.Select(u => u.Kind));
        Assert.All(hives.Unavailable, u => Assert.True(u.Absent));
        Assert.Null(hives.Software);
        Assert.Null(hives.Bcd);
    }

    [Fact]
    public void Both_hives_open_when_present()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz").WithSoftware();
        using var target = new FolderTarget(volume.Root);

        using var hives = HiveSet.Open(target);

        Assert.NotNull(hives.System);
        Assert.NotNull(hives.Software);
        var bcd = Assert.Single(hives.Unavailable);
        Assert.Equal((HiveKind.Bcd, WindowsPaths.BcdStore, true), (bcd.Kind, bcd.TargetPath, bcd.Absent));
        Assert.Equal("SYSTEM: clean (sequence 13983)", hives.Find(HiveKind.System)!.Describe());
    }
}
