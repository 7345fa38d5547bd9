using System.Text;
using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Repairs.Repairs;
using OfflineRepair.Repairs.Tests.Repairs.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Repairs;

public sealed class RdpPortRepairTests
{
    private const string Rules = @"ControlSet001\Services\SharedAccess\Parameters\FirewallPolicy\FirewallRules";
    private const string Listener = @"ControlSet001\Control\Terminal Server\WinStations\RDP-Tcp";

    [Theory]
    [MemberData(nameof(SystemHives.All), MemberType = typeof(SystemHives))]
    public void A_new_port_goes_into_the_listener_and_plans_nothing_the_second_time(string which)
    {
        using var folder = new TemporaryDirectory();

        var result = RoundTrip.Run(new RdpPortRepair(), which, new RepairOptions { Port = 50001 }, folder);

        Assert.Equal("50001", Hivex.Get(result.HivePath, Listener, "PortNumber"));
    }

    [Fact]
    public void The_default_port_is_already_in_place_on_regipy()
    {
        using var hive = Hive.Open(Corpus.File("regipy/SYSTEM.xz"));

        var plan = new RdpPortRepair().Plan(new RepairContext(hive, null, new RepairOptions()));

        Assert.Empty(plan.Changes);
        Assert.Contains("ControlSet001: firewall rule RemoteDesktop-UserMode-In-UDP is missing", plan.Notes);
    }

    [Fact]
    public void Only_the_lport_field_of_the_rule_changes()
    {
        using var folder = new TemporaryDirectory();
        var path = SystemHives.Copy(folder, SystemHives.Regipy);
        var before = Hivex.Value(path, Rules, "RemoteDesktop-UserMode-In-TCP")!;
        var untouched = Hivex.Value(path, Rules, "RemoteDesktop-In-TCP")!;
        using (var hive = SystemHives.OpenWritable(path))
        {
            var plan = new RdpPortRepair().Plan(new RepairContext(hive, null, new RepairOptions { Port = 443 }));
            var rule = Assert.Single(plan.Changes.OfType<SetValueChange>(), c => c.KeyPath == Rules);
            Assert.Equal("RemoteDesktop-UserMode-In-TCP", rule.ValueName);
            Assert.Equal(RegistryValueType.String, rule.NewType);
            Assert.Equal(before.Data, rule.OldData);
            PlanApplier.Apply(hive, plan);
        }

        var after = Hivex.Value(path, Rules, "RemoteDesktop-UserMode-In-TCP")!;
        Assert.Equal(RegistryValueType.String, after.Type);
        var oldField = Encoding.Unicode.GetBytes("|LPort=3389|");
        var newField = Encoding.Unicode.GetBytes("|LPort=443|");
        int at = before.Data.AsSpan().IndexOf(oldField);
        Assert.True(at > 0);
        Assert.Equal(before.Data.AsSpan(0, at).ToArray(), after.Data.AsSpan(0, at).ToArray());
        Assert.Equal(newField, after.Data.AsSpan(at, newField.Length).ToArray());
        Assert.Equal(before.Data.AsSpan(at + oldField.Length).ToArray(), after.Data.AsSpan(at + newField.Length).ToArray());
        Assert.Equal(untouched.Data, Hivex.Value(path, Rules, "RemoteDesktop-In-TCP")!.Data);
        Assert.Equal("443", Hivex.Get(path, Listener, "PortNumber"));
    }

    [Fact]
    public void Bytes_after_the_terminating_nul_and_other_rules_are_kept()
    {
        var data = Encoding.Unicode.GetBytes("v2.30|Action=Allow|Dir=In|Protocol=17|LPort=3389|Name=x|\0junk");
        var updated = FirewallRule.WithLocalPort(data, "3390");

        Assert.Equal(Encoding.Unicode.GetBytes("v2.30|Action=Allow|Dir=In|Protocol=17|LPort=3390|Name=x|\0junk"), updated);
        Assert.Null(FirewallRule.WithLocalPort(Encoding.Unicode.GetBytes("v2.30|Action=Allow|Dir=In|\0"), "3390"));
        Assert.Null(FirewallRule.WithLocalPort(Encoding.Unicode.GetBytes("v2.30|LPort=1|LPort=2|\0"), "3390"));
        Assert.Equal(["3389"], FirewallRule.LocalPorts(data));
    }

    [Fact]
    public void A_rule_without_lport_is_noted_and_unchanged_and_every_user_mode_rule_is_updated()
    {
        using var folder = new TemporaryDirectory();
        var path = SystemHives.Copy(folder, SystemHives.Regipy);
        using var hive = SystemHives.OpenWritable(path);
        var rules = hive.OpenKey(Rules)!;
        rules.SetValue("RemoteDesktop-UserMode-In-UDP", RegistryValueType.String, RegistryData.String("v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=17|LPort=3389|Name=udp|"));
        rules.SetValue("RemoteDesktop-UserMode-In-Extra", RegistryValueType.String, RegistryData.String("v2.10|Action=Allow|Dir=In|Protocol=6|"));

        var plan = new RdpPortRepair().Plan(new RepairContext(hive, null, new RepairOptions { Port = 3390, ControlSets = ControlSetSelection.All }));

        var ruleChanges = plan.Changes.OfType<SetValueChange>().Where(c => c.KeyPath == Rules).ToList();
        Assert.Equal(["RemoteDesktop-UserMode-In-TCP", "RemoteDesktop-UserMode-In-UDP"], ruleChanges.Select(c => c.ValueName).Order(StringComparer.Ordinal));
        Assert.Equal(RegistryData.String("v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=17|LPort=3390|Name=udp|"), ruleChanges.Single(c => c.ValueName.EndsWith("UDP", StringComparison.Ordinal)).NewData);
        Assert.Contains("ControlSet001: firewall rule RemoteDesktop-UserMode-In-Extra has no LPort field: left as it is", plan.Notes);
    }

    [Fact]
    public void A_control_set_without_firewall_rules_is_noted()
    {
        using var hive = Hive.Open(Corpus.File("winevt-kb/SYSTEM"));

        var plan = new RdpPortRepair().Plan(new RepairContext(hive, null, new RepairOptions { Port = 3390 }));

        Assert.Equal(2, plan.Changes.Count);
        Assert.Contains(plan.Notes, n => n.StartsWith("ControlSet003 has no firewall rules key", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(70000)]
    [InlineData(-1)]
    public void Ports_outside_1_to_65535_are_refused(int port)
    {
        using var hive = Hive.Open(Corpus.File("regipy/SYSTEM.xz"));

        var error = Assert.Throws<RepairException>(() => new RdpPortRepair().Plan(new RepairContext(hive, null, new RepairOptions { Port = port })));

        Assert.Contains("1 to 65535", error.Message, StringComparison.Ordinal);
    }
}
