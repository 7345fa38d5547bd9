using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Repairs.Repairs;
using OfflineRepair.Repairs.Tests.Repairs.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Repairs;

public sealed class GroupPolicyRepairTests
{
    private const string Service = @"ControlSet001\Services\gpsvc";

    [Fact]
    public void Pause_turns_start_2_into_4_and_says_to_resume_later()
    {
        using var folder = new TemporaryDirectory();

        var result = RoundTrip.Run(new GroupPolicyRepair(), SystemHives.Regipy, new RepairOptions(), folder);

        var changes = result.First.Changes.Cast<SetValueChange>().ToList();
        Assert.Equal(2, changes.Count);
        Assert.All(changes, c =>
        {
            Assert.Equal(RegistryData.DWord(2), c.OldData);
            Assert.Equal(RegistryData.DWord(4), c.NewData);
        });
        Assert.Equal("4", Hivex.Get(result.HivePath, Service, "Start"));
        Assert.Contains(result.First.Notes, n => n.Contains("--resume", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(3u, "3")]
    [InlineData(null, "2")]
    public void Resume_puts_back_the_recorded_value_or_automatic(uint? recorded, string expected)
    {
        using var folder = new TemporaryDirectory();
        var path = SystemHives.Copy(folder, SystemHives.Regipy);
        using (var hive = SystemHives.OpenWritable(path))
        {
            PlanApplier.Apply(hive, new GroupPolicyRepair().Plan(new RepairContext(hive, null, new RepairOptions())));
        }

        Assert.Equal("4", Hivex.Get(path, Service, "Start"));
        var resume = new RepairOptions { Resume = true, RecordedGroupPolicyStart = recorded };
        using (var hive = SystemHives.OpenWritable(path))
        {
            var plan = new GroupPolicyRepair().Plan(new RepairContext(hive, null, resume));
            Assert.Equal(2, plan.Changes.Count);
            PlanApplier.Apply(hive, plan);
        }

        Assert.Equal(expected, Hivex.Get(path, Service, "Start"));
        using var reopened = Hive.Open(path);
        Assert.Empty(new GroupPolicyRepair().Plan(new RepairContext(reopened, null, resume)).Changes);
    }

    [Fact]
    public void A_system_without_gpsvc_gets_no_service_key()
    {
        using var hive = Hive.Open(Corpus.File("winevt-kb/SYSTEM"));

        var plan = new GroupPolicyRepair().Plan(new RepairContext(hive, null, new RepairOptions()));

        Assert.Empty(plan.Changes);
        Assert.Contains("ControlSet001 has no gpsvc service: nothing to pause", plan.Notes);
    }

    [Fact]
    public void A_recorded_value_that_is_no_start_type_is_refused()
    {
        using var hive = Hive.Open(Corpus.File("regipy/SYSTEM.xz"));

        Assert.Throws<RepairException>(() => new GroupPolicyRepair().Plan(new RepairContext(hive, null, new RepairOptions { Resume = true, RecordedGroupPolicyStart = 9 })));
    }
}
