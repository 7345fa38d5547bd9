using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Repairs.Repairs;
using OfflineRepair.Repairs.Tests.Repairs.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Repairs;

public sealed class CrashDumpRepairTests
{
    private static readonly byte[] ExpandedDumpFile = [.. System.Text.Encoding.Unicode.GetBytes(@"%SystemRoot%\MEMORY.DMP"), 0, 0];

    [Theory]
    [MemberData(nameof(SystemHives.All), MemberType = typeof(SystemHives))]
    public void Sets_complete_dump_and_nmi_dump_and_plans_nothing_the_second_time(string which)
    {
        using var folder = new TemporaryDirectory();

        var result = RoundTrip.Run(new CrashDumpRepair(), which, new RepairOptions(), folder);

        const string key = @"ControlSet001\Control\CrashControl";
        Assert.Equal("1", Hivex.Get(result.HivePath, key, "CrashDumpEnabled"));
        Assert.Equal("1", Hivex.Get(result.HivePath, key, "NMICrashDump"));
        var dumpFile = Hivex.Value(result.HivePath, key, "DumpFile");
        Assert.NotNull(dumpFile);
        Assert.Equal(RegistryValueType.ExpandString, dumpFile.Type);
        Assert.Equal(ExpandedDumpFile, dumpFile.Data);
    }

    [Fact]
    public void On_regipy_the_existing_expand_sz_dump_file_is_left_alone()
    {
        // regipy's CrashControl: CrashDumpEnabled=2 (kernel), DumpFile already REG_EXPAND_SZ, no NMICrashDump.
        using var hive = Hive.Open(Corpus.File("regipy/SYSTEM.xz"));

        var plan = new CrashDumpRepair().Plan(new RepairContext(hive, null, new RepairOptions()));

        var changes = plan.Changes.Cast<SetValueChange>().ToList();
        Assert.Equal(["CrashDumpEnabled", "NMICrashDump", "CrashDumpEnabled", "NMICrashDump"], changes.Select(c => c.ValueName));
        Assert.Equal(RegistryData.DWord(2), changes[0].OldData);
        Assert.Null(changes[1].OldType);
    }

    [Fact]
    public void A_reg_sz_dump_file_with_the_right_text_becomes_reg_expand_sz()
    {
        using var folder = new TemporaryDirectory();
        var path = SystemHives.Copy(folder, SystemHives.Regipy);
        const string key = @"ControlSet001\Control\CrashControl";
        using (var hive = SystemHives.OpenWritable(path))
        {
            hive.OpenKey(key)!.SetValue("DumpFile", RegistryValueType.String, ExpandedDumpFile);
            hive.Commit();
        }

        using (var hive = SystemHives.OpenWritable(path))
        {
            var plan = new CrashDumpRepair().Plan(new RepairContext(hive, null, new RepairOptions()));
            var change = Assert.Single(plan.Changes.OfType<SetValueChange>(), c => c.ValueName == "DumpFile");
            Assert.Equal(key, change.KeyPath);
            Assert.Equal(RegistryValueType.String, change.OldType);
            Assert.Equal(ExpandedDumpFile, change.OldData);
            Assert.Equal(RegistryValueType.ExpandString, change.NewType);
            Assert.Equal(ExpandedDumpFile, change.NewData);
            PlanApplier.Apply(hive, plan);
        }

        var read = Hivex.Value(path, key, "DumpFile");
        Assert.Equal(RegistryValueType.ExpandString, read!.Type);
        Assert.Equal(ExpandedDumpFile, read.Data);
    }
}
