using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Repairs.Repairs;
using OfflineRepair.Repairs.Tests.Repairs.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Repairs;

public sealed class NlaRepairTests
{
    [Theory]
    [MemberData(nameof(SystemHives.All), MemberType = typeof(SystemHives))]
    public void Sets_the_three_listener_values_and_plans_nothing_the_second_time(string which)
    {
        using var folder = new TemporaryDirectory();

        var result = RoundTrip.Run(new NlaRepair(), which, new RepairOptions(), folder);

        foreach (var set in new[] { "ControlSet001" })
        {
            foreach (var name in new[] { "SecurityLayer", "UserAuthentication", "fAllowSecProtocolNegotiation" })
            {
                Assert.Equal("1", Hivex.Get(result.HivePath, $@"{set}\Control\Terminal Server\WinStations\RDP-Tcp", name));
            }
        }

        Assert.DoesNotContain(result.First.Changes, c => c is CreateKeyChange);
    }

    [Fact]
    public void On_regipy_only_user_authentication_changes()
    {
        // regipy's SYSTEM already has SecurityLayer=1 and fAllowSecProtocolNegotiation=1, UserAuthentication=0.
        using var hive = Hive.Open(Corpus.File("regipy/SYSTEM.xz"));

        var plan = new NlaRepair().Plan(new RepairContext(hive, null, new RepairOptions()));

        var changes = plan.Changes.Cast<SetValueChange>().ToList();
        Assert.Equal(2, changes.Count);
        Assert.All(changes, c =>
        {
            Assert.Equal("UserAuthentication", c.ValueName);
            Assert.Equal(RegistryData.DWord(0), c.OldData);
            Assert.Equal(RegistryData.DWord(1), c.NewData);
        });
        Assert.Equal([@"ControlSet001\Control\Terminal Server\WinStations\RDP-Tcp", @"ControlSet002\Control\Terminal Server\WinStations\RDP-Tcp"], changes.Select(c => c.KeyPath));
    }

    [Fact]
    public void A_control_set_without_a_listener_key_is_noted_not_given_one()
    {
        using var folder = new TemporaryDirectory();
        var path = SystemHives.Copy(folder, SystemHives.Regipy);
        using var hive = SystemHives.OpenWritable(path);
        Assert.True(hive.OpenKey(@"ControlSet002\Control\Terminal Server\WinStations")!.DeleteSubkeyTree("RDP-Tcp"));

        var plan = new NlaRepair().Plan(new RepairContext(hive, null, new RepairOptions()));

        Assert.All(plan.Changes, c => Assert.StartsWith(@"ControlSet001\", c.KeyPath, StringComparison.Ordinal));
        Assert.Contains(plan.Notes, n => n.StartsWith("ControlSet002 has no ", StringComparison.Ordinal));
    }
}
