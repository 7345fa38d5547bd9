using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Repairs.Repairs;
using OfflineRepair.Repairs.Tests.Repairs.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Repairs;

public sealed class TlsRepairTests
{
    private static readonly string[] Versions = ["1.0", "1.1", "1.2"];

    [Theory]
    [MemberData(nameof(SystemHives.All), MemberType = typeof(SystemHives))]
    public void Enables_tls_server_in_each_selected_set_and_plans_nothing_the_second_time(string which)
    {
        using var folder = new TemporaryDirectory();

        var result = RoundTrip.Run(new TlsRepair(), which, new RepairOptions(), folder);

        Assert.NotEmpty(result.First.Changes);
        var sets = which == SystemHives.Winevt ? new[] { "ControlSet001", "ControlSet003" } : which == SystemHives.Regipy ? ["ControlSet001", "ControlSet002"] : ["ControlSet001"];
        foreach (var set in sets)
        {
            foreach (var version in Versions)
            {
                Assert.Equal("1", Hivex.Get(result.HivePath, $@"{set}\Control\SecurityProviders\SCHANNEL\Protocols\TLS {version}\Server", "Enabled"));
            }
        }

        Assert.All(result.First.Changes, c => Assert.Contains(sets, s => c.KeyPath.StartsWith(s + "\\", StringComparison.Ordinal)));
        Assert.Contains(result.First.Notes, n => n.StartsWith("control sets: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Winevt_never_gets_a_control_set_002()
    {
        using var folder = new TemporaryDirectory();

        var result = RoundTrip.Run(new TlsRepair(), SystemHives.Winevt, new RepairOptions(), folder);

        var root = Hivex.Subkeys(result.HivePath, "");
        Assert.NotNull(root);
        Assert.DoesNotContain("ControlSet002", root);
        Assert.Contains("ControlSet003", root);
    }

    [Fact]
    public void Existing_tls10_server_key_on_winevt_gets_a_value_and_missing_keys_are_created()
    {
        using var hive = Hive.Open(Corpus.File("winevt-kb/SYSTEM"));

        var plan = new TlsRepair().Plan(new RepairContext(hive, null, new RepairOptions()));

        // TLS 1.0\Server exists (with no values); TLS 1.1 and 1.2 do not.
        Assert.DoesNotContain(plan.Changes, c => c is CreateKeyChange && c.KeyPath.Contains("TLS 1.0", StringComparison.Ordinal));
        Assert.Contains(plan.Changes, c => c is CreateKeyChange { KeyPath: @"ControlSet001\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Server" });
        var set = Assert.Single(plan.Changes.OfType<SetValueChange>(), c => c.KeyPath == @"ControlSet003\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server");
        Assert.Equal(("Enabled", null, RegistryValueType.DWord), (set.ValueName, set.OldType, set.NewType));
        Assert.Equal(RegistryData.DWord(1), set.NewData);
        Assert.Equal(6, plan.Changes.OfType<SetValueChange>().Count()); // 2 sets x 3 versions x Enabled, no DisabledByDefault
        Assert.DoesNotContain(plan.Changes.OfType<SetValueChange>(), c => c.ValueName == "DisabledByDefault");
    }

    [Fact]
    public void A_tls12_restriction_touches_only_tls12()
    {
        using var hive = Hive.Open(Corpus.File("regipy/SYSTEM.xz"));

        var plan = new TlsRepair().Plan(new RepairContext(hive, null, new RepairOptions { TlsVersions = ["1.2"] }));

        Assert.All(plan.Changes, c => Assert.Contains(@"\TLS 1.2\Server", c.KeyPath, StringComparison.Ordinal));
        Assert.Equal(2, plan.Changes.OfType<SetValueChange>().Count());
    }

    [Fact]
    public void Disabled_by_default_set_becomes_zero_and_enabled_zero_becomes_one()
    {
        using var folder = new TemporaryDirectory();
        var path = SystemHives.Copy(folder, SystemHives.Regipy);
        const string server = @"ControlSet001\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Server";
        using (var hive = SystemHives.OpenWritable(path))
        {
            var key = hive.Root.CreateKey(server);
            key.SetValue("Enabled", RegistryValueType.DWord, RegistryData.DWord(0));
            key.SetValue("DisabledByDefault", RegistryValueType.DWord, RegistryData.DWord(1));
            hive.Commit();
        }

        using (var hive = SystemHives.OpenWritable(path))
        {
            var plan = new TlsRepair().Plan(new RepairContext(hive, null, new RepairOptions { TlsVersions = ["1.2"] }));
            var changes = plan.Changes.OfType<SetValueChange>().Where(c => c.KeyPath == server).ToList();
            Assert.Equal(["Enabled", "DisabledByDefault"], changes.Select(c => c.ValueName));
            Assert.All(changes, c => Assert.Equal(RegistryValueType.DWord, c.OldType));
            Assert.Equal(RegistryData.DWord(0), changes[0].OldData);
            Assert.Equal(RegistryData.DWord(1), changes[0].NewData);
            Assert.Equal(RegistryData.DWord(1), changes[1].OldData);
            Assert.Equal(RegistryData.DWord(0), changes[1].NewData);
            PlanApplier.Apply(hive, plan);
        }

        Assert.Equal("1", Hivex.Get(path, server, "Enabled"));
        Assert.Equal("0", Hivex.Get(path, server, "DisabledByDefault"));
    }

    [Theory]
    [InlineData("1.3")]
    [InlineData("TLS 1.2")]
    [InlineData("")]
    public void Unknown_versions_are_refused_with_the_valid_ones(string version)
    {
        using var hive = Hive.Open(Corpus.File("regipy/SYSTEM.xz"));

        var error = Assert.Throws<RepairException>(() => new TlsRepair().Plan(new RepairContext(hive, null, new RepairOptions { TlsVersions = ["1.2", version] })));

        Assert.Contains("1.0, 1.1, 1.2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_system_hive_the_repair_says_so()
    {
        var error = Assert.Throws<RepairException>(() => new TlsRepair().Plan(new RepairContext(null, null, new RepairOptions())));

        Assert.Contains("SYSTEM hive", error.Message, StringComparison.Ordinal);
    }
}
