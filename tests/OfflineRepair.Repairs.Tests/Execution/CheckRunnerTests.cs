using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Targets;

namespace OfflineRepair.Repairs.Tests.Execution;

public sealed class CheckRunnerTests
{
    [Fact]
    public void Check_exits_1_before_the_fix_and_0_after()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz");
        using var target = new FolderTarget(volume.Root);
        var before = volume.Snapshot();

        var unrepaired = CheckRunner.Check(target, [SetDWordRepair.CrashDump(9), SetDWordRepair.InSoftware()], new RepairOptions(), forceDirty: false);

        Assert.Equal(1, unrepaired.ExitCode);
        Assert.True(Assert.Single(unrepaired.Hives).Sound);
        Assert.False(Assert.Single(unrepaired.Repairs).InPlace);
        Assert.Equal("test-software", Assert.Single(unrepaired.Skipped).Repair);
        Assert.Equal(before, volume.Snapshot());

        FixRunner.Run(target, FixRunnerTests.Request([SetDWordRepair.CrashDump(9)], backupDirectory: volume.Scratch("backup")));
        var repaired = CheckRunner.Check(target, [SetDWordRepair.CrashDump(9)], new RepairOptions(), forceDirty: false);

        Assert.Equal(0, repaired.ExitCode);
        Assert.True(Assert.Single(repaired.Repairs).InPlace);
    }

    [Fact]
    public void Check_exits_2_for_an_unreadable_hive_with_the_reason()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz");
        using (var stream = new FileStream(volume.SystemFile, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.SetLength(5000);
        }

        using var target = new FolderTarget(volume.Root);

        var report = CheckRunner.Check(target, [SetDWordRepair.CrashDump(9)], new RepairOptions(), forceDirty: false);

        Assert.Equal(2, report.ExitCode);
        var hive = Assert.Single(report.Hives);
        Assert.False(hive.Sound);
        Assert.Contains("SYSTEM", Assert.Single(hive.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_exits_2_when_a_repair_cannot_plan()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz");
        using var target = new FolderTarget(volume.Root);

        var report = CheckRunner.Check(target, [new RefusingRepair()], new RepairOptions(), forceDirty: false);

        Assert.Equal(2, report.ExitCode);
        Assert.Equal("no Select key", Assert.Single(report.Repairs).Error);
    }

    [Fact]
    public void A_dirty_hive_without_logs_is_unreadable_unless_forced()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM_B.xz");
        using var target = new FolderTarget(volume.Root);

        var refused = CheckRunner.Check(target, [SetDWordRepair.CrashDump(7)], new RepairOptions(), forceDirty: false);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--force-dirty", Assert.Single(Assert.Single(refused.Hives).Problems), StringComparison.Ordinal);

        // Forced, the repairs are planned on the hive as it is on disk, and the hive is still reported
        // as not sound: a dirty hive is not one Windows would load without healing it.
        var forced = CheckRunner.Check(target, [SetDWordRepair.CrashDump(7)], new RepairOptions(), forceDirty: true);
        var hive = Assert.Single(forced.Hives);
        Assert.Contains("--force-dirty", hive.State, StringComparison.Ordinal);
        Assert.Contains("sequence numbers differ", Assert.Single(hive.Problems), StringComparison.Ordinal);
        Assert.NotNull(Assert.Single(forced.Repairs).Plan);
        Assert.Equal(2, forced.ExitCode);
    }
}
