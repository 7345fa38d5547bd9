using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Repairs;

public sealed class GroupPolicyResumeTests
{
    [Fact]
    public void Resume_without_from_puts_back_the_start_value_the_pausing_fix_recorded()
    {
        using var directory = new TemporaryDirectory();
        var tree = WindowsTree.Create(directory);
        CliRun.Run("reg", "add", tree.System, @"ControlSet001\Services\gpsvc", "/v", "Start", "/t", "REG_DWORD", "/d", "3", "/f", "--no-backup").AssertSuccess();
        CliRun.Run("reg", "add", tree.System, @"ControlSet002\Services\gpsvc", "/v", "Start", "/t", "REG_DWORD", "/d", "3", "/f", "--no-backup").AssertSuccess();

        CliRun.Run("fix", tree.Root, "group-policy").AssertSuccess();
        Assert.Equal("4", WindowsTree.HivexGet(tree.System, @"\ControlSet001\Services\gpsvc", "Start"));

        CliRun.Run("fix", tree.Root, "group-policy", "--resume").AssertSuccess();

        Assert.Equal("3", WindowsTree.HivexGet(tree.System, @"\ControlSet001\Services\gpsvc", "Start"));
        Assert.Equal("3", WindowsTree.HivexGet(tree.System, @"\ControlSet002\Services\gpsvc", "Start"));
    }

    [Fact]
    public void Resume_with_no_recorded_value_puts_back_automatic()
    {
        using var directory = new TemporaryDirectory();
        var tree = WindowsTree.Create(directory);
        CliRun.Run("reg", "add", tree.System, @"ControlSet001\Services\gpsvc", "/v", "Start", "/t", "REG_DWORD", "/d", "4", "/f", "--no-backup").AssertSuccess();

        CliRun.Run("fix", tree.Root, "group-policy", "--resume").AssertSuccess();

        Assert.Equal("2", WindowsTree.HivexGet(tree.System, @"\ControlSet001\Services\gpsvc", "Start"));
    }
}
