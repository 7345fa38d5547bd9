using System.Text;
using OfflineRepair.Registry;
using OfflineRepair.Registry.Checking;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Repairs.Repairs;
using OfflineRepair.Repairs.Tests.Execution;
using OfflineRepair.Repairs.Tests.Repairs.Support;
using OfflineRepair.Targets;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Repairs;

/// <summary>
/// serial-console on the corpus's real BCD stores. All three have {bootmgr}, a default entry naming
/// a Windows Boot Loader, and {emssettings}: regipy's EFI store (timeout 30 as 8 bytes, loader "Windows
/// 10"), ezregistry's install media (timeout as the single byte 1e, loader "Windows Setup" with ems 00)
/// and Windows 11's BCD-Template (timeout byte 1e, a loader with no description).
/// </summary>
public sealed class SerialConsoleRepairTests
{
    private const string BootManager = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}";
    private const string EmsSettings = "{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}";

    public static TheoryData<string> Stores => ["regipy/BCD.xz", "ezregistry/BCD", "museum/Win11/BCD-Template"];

    [Theory]
    [MemberData(nameof(Stores))]
    public void Fix_writes_the_design_tables_bytes_and_a_second_run_plans_nothing(string corpusStore)
    {
        using var dir = new TemporaryDirectory();
        var store = Corpus.CopyTo(dir.Path, corpusStore, "BCD");
        using (var target = new HiveFilesTarget(null, null, store))
        {
            var report = FixRunner.Run(target, Request(new RepairOptions(), dir.File("backup")));
            Assert.True(report.Verified, string.Join("\n", report.Verification.Where(v => !v.Passed)));
            Assert.Equal(WindowsPaths.BcdStore, Assert.Single(report.FilesWritten).Path);
        }

        var loader = DefaultLoader(store);
        AssertElement(store, BootManager, "26000020", "01");
        AssertElement(store, BootManager, "25000004", "0500000000000000");
        AssertElement(store, BootManager, "16000020", "01");
        AssertElement(store, loader, "260000b0", "01");
        AssertElement(store, EmsSettings, "15000022", "0100000000000000");
        AssertElement(store, EmsSettings, "15000023", "00c2010000000000");
        using (var hive = Hive.Open(store))
        {
            var check = HiveChecker.Check(hive);
            Assert.True(check.IsSound, check.ToString());
        }

        using var again = new HiveFilesTarget(null, null, store);
        var second = FixRunner.Run(again, Request(new RepairOptions(), dir.File("backup2")));
        Assert.Equal(0, second.ChangeCount);
        Assert.False(Directory.Exists(dir.File("backup2")));
    }

    [Fact]
    public void A_missing_element_key_is_created_in_lower_case_before_its_value_is_set()
    {
        using var hive = Writable("regipy/BCD.xz");

        var plan = Plan(hive, new RepairOptions());

        var path = $@"Objects\{EmsSettings}\Elements\15000022";
        var index = plan.Changes.ToList().FindIndex(c => c is CreateKeyChange && c.KeyPath == path);
        Assert.True(index >= 0, "no CreateKeyChange for " + path);
        var set = Assert.IsType<SetValueChange>(plan.Changes[index + 1]);
        Assert.Equal((path, "Element", RegistryValueType.Binary), (set.KeyPath, set.ValueName, set.NewType));
        Assert.Null(set.OldData);
        Assert.All(plan.Changes, c => Assert.Equal(HiveKind.Bcd, c.Hive));
    }

    [Fact]
    public void A_value_that_already_means_the_wanted_one_in_a_short_form_is_in_place()
    {
        using var hive = Writable("ezregistry/BCD");
        var loader = DefaultLoader(hive);
        // Short integers as real stores hold them, and a boolean whose first byte is non-zero.
        Set(hive, BootManager, "26000020", [0x01, 0x00]);
        Set(hive, BootManager, "25000004", [0x05]);
        Set(hive, BootManager, "16000020", [0x02]);
        Set(hive, loader, "260000b0", [0x01]);
        Set(hive, EmsSettings, "15000022", [0x01, 0x00]);
        Set(hive, EmsSettings, "15000023", [0x00, 0xc2, 0x01]);

        Assert.Empty(Plan(hive, new RepairOptions()).Changes);
    }

    [Fact]
    public void A_different_value_is_rewritten_in_bcdedits_form()
    {
        using var hive = Writable("ezregistry/BCD");

        var changes = Plan(hive, new RepairOptions()).Changes.OfType<SetValueChange>().ToList();

        var timeout = Assert.Single(changes, c => c.KeyPath.EndsWith("25000004", StringComparison.Ordinal));
        Assert.Equal((byte[])[0x1e], timeout.OldData);
        Assert.Equal((byte[])[5, 0, 0, 0, 0, 0, 0, 0], timeout.NewData);
        var ems = Assert.Single(changes, c => c.KeyPath.EndsWith("260000b0", StringComparison.Ordinal));
        Assert.Equal((byte[])[0x00], ems.OldData);
        Assert.Equal((byte[])[0x01], ems.NewData);
    }

    [Fact]
    public void The_options_choose_the_timeout_port_and_speed_written()
    {
        using var hive = Writable("regipy/BCD.xz");

        var changes = Plan(hive, new RepairOptions { BootTimeout = 10, EmsPort = 2, EmsBaudRate = 9600 }).Changes.OfType<SetValueChange>().ToList();

        byte[] Written(string element) => Assert.Single(changes, c => c.KeyPath.EndsWith(element, StringComparison.Ordinal)).NewData;
        Assert.Equal((byte[])[0x0a, 0, 0, 0, 0, 0, 0, 0], Written("25000004"));
        Assert.Equal((byte[])[0x02, 0, 0, 0, 0, 0, 0, 0], Written("15000022"));
        Assert.Equal((byte[])[0x80, 0x25, 0, 0, 0, 0, 0, 0], Written("15000023"));
    }

    [Theory]
    [InlineData(-1, 1, 115200, "timeout")]
    [InlineData(1000, 1, 115200, "timeout")]
    [InlineData(5, 0, 115200, "EMS port")]
    [InlineData(5, 256, 115200, "EMS port")]
    [InlineData(5, 1, 12345, "baud rate")]
    public void Options_out_of_range_are_refused(int timeout, int port, int baud, string says)
    {
        using var hive = Writable("regipy/BCD.xz");

        var error = Assert.Throws<RepairException>(() => Plan(hive, new RepairOptions { BootTimeout = timeout, EmsPort = port, EmsBaudRate = baud }));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> Breakages => new()
    {
        { "regipy/BCD.xz", "no {emssettings}", "{emssettings}" },
        { "ezregistry/BCD", "no default entry", "23000003" },
        { "museum/Win11/BCD-Template", "no default entry", "23000003" },
        { "ezregistry/BCD", "no {bootmgr}", "{bootmgr}" },
        { "regipy/BCD.xz", "default is not a loader", "not a Windows Boot Loader" },
        { "museum/Win11/BCD-Template", "default names a missing object", "not in the store" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void A_store_missing_what_the_step_needs_is_refused_naming_it_and_nothing_is_written(string corpusStore, string breakage, string named)
    {
        using var dir = new TemporaryDirectory();
        var store = Corpus.CopyTo(dir.Path, corpusStore, "BCD");
        Break(store, breakage);
        var before = TestVolume.Sha256(store);
        using var target = new HiveFilesTarget(null, null, store);

        var error = Assert.Throws<RepairException>(() => FixRunner.Run(target, Request(new RepairOptions(), dir.File("backup"))));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("serial-console", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, TestVolume.Sha256(store));
        Assert.False(Directory.Exists(dir.File("backup")));
        var check = CheckRunner.Check(target, [new SerialConsoleRepair()], new RepairOptions(), forceDirty: false);
        Assert.Equal(CheckReport.CorruptOrUnreadable, check.ExitCode);
        Assert.Contains(named, Assert.Single(check.Repairs).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hive_that_is_no_BCD_store_is_refused()
    {
        using var hive = Hive.Open(new MemoryStream(EmptyHive.Create("NewStoreRoot")), "BCD", options: new HiveOpenOptions { Writable = true });

        var error = Assert.Throws<RepairException>(() => Plan(hive, new RepairOptions()));

        Assert.Contains("not a BCD store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_BCD_store_the_repair_is_skipped_saying_where_the_store_is()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz", lowerCase: false);
        using var target = new FolderTarget(volume.Root);

        var report = FixRunner.Run(target, Request(new RepairOptions(), null, dryRun: true, repairs: RepairCatalog.AllSet));

        var skipped = Assert.Single(report.Skipped, s => s.Repair == "serial-console");
        Assert.Contains("--bcd FILE", skipped.Reason, StringComparison.Ordinal);
        Assert.Contains(@"\EFI\Microsoft\Boot\BCD", skipped.Reason, StringComparison.Ordinal);
        Assert.Throws<RepairException>(() => new SerialConsoleRepair().Plan(new RepairContext(null, null, new RepairOptions())));
    }

    [Theory]
    [InlineData("Boot", "BCD")]
    [InlineData("boot", "bcd")]
    public void A_volume_with_SYSTEM_and_its_Boot_BCD_in_any_case_is_fixed_with_all_in_one_backup(string folder, string name)
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz", lowerCase: false);
        Directory.CreateDirectory(Path.Combine(volume.Root, folder));
        var store = Corpus.CopyTo(Path.Combine(volume.Root, folder), "museum/Win11/BCD-Template", name);
        Corpus.CopyTo(Path.Combine(volume.Root, folder), "museum/Win11/BCD-Template.LOG", name + ".log");
        using var target = new FolderTarget(volume.Root);
        var backup = volume.Scratch("backup");

        var report = FixRunner.Run(target, Request(new RepairOptions(), backup, repairs: RepairCatalog.AllSet));

        Assert.True(report.Verified, string.Join("\n", report.Verification.Where(v => !v.Passed)));
        Assert.DoesNotContain(report.Skipped, s => s.Repair == "serial-console");
        Assert.Equal([WindowsPaths.SystemHive, WindowsPaths.BcdStore], report.FilesWritten.Select(f => f.Path));
        var manifest = File.ReadAllText(Path.Combine(backup, BackupManifest.FileName));
        Assert.Contains(@"Boot\\BCD", manifest, StringComparison.Ordinal);
        Assert.Contains($@"Boot\\{name}.log", manifest, StringComparison.Ordinal);
        Assert.Contains(@"Windows\\System32\\config\\SYSTEM", manifest, StringComparison.Ordinal);
        AssertElement(store, EmsSettings, "15000023", "00c2010000000000");

        RestoreRunner.Restore(target, backup, force: false);
        Assert.Equal(TestVolume.Sha256(Corpus.File("museum/Win11/BCD-Template")), TestVolume.Sha256(store));
    }

    private static FixRequest Request(RepairOptions options, string? backup, bool dryRun = false, IReadOnlyList<IRepair>? repairs = null) =>
        new(repairs ?? [new SerialConsoleRepair()], options, dryRun, backup, ForceDirty: false, "test-1.0", Support.FixedClock.Default);

    private static RepairPlan Plan(Hive hive, RepairOptions options) =>
        new SerialConsoleRepair().Plan(new RepairContext(null, null, options) { Bcd = hive });

    /// <summary>An in-memory writable copy of a corpus store.</summary>
    private static Hive Writable(string corpusStore) =>
        Hive.Open(new MemoryStream(File.ReadAllBytes(Corpus.File(corpusStore))), "BCD", options: new HiveOpenOptions { Writable = true, ForceDirty = true });

    private static void Set(Hive hive, string objectKey, string element, byte[] data) =>
        hive.Root.CreateKey($@"Objects\{objectKey}\Elements\{element}").SetValue("Element", RegistryValueType.Binary, data);

    private static string DefaultLoader(Hive hive) =>
        hive.OpenKey($@"Objects\{BootManager}\Elements\23000003")!.GetValue("Element")!.AsString();

    /// <summary>The default loader's key name, read by hivex.</summary>
    private static string DefaultLoader(string store)
    {
        var value = Hivex.Value(store, $@"Objects\{BootManager}\Elements\23000003", "Element");
        Assert.NotNull(value);
        return Encoding.Unicode.GetString(value.Data).TrimEnd('\0');
    }

    /// <summary>hivex reads exactly these bytes, as REG_BINARY, in the element's Element value.</summary>
    private static void AssertElement(string store, string objectKey, string element, string hex)
    {
        var value = Hivex.Value(store, $@"Objects\{objectKey}\Elements\{element}", "Element");
        Assert.True(value is not null, $"{objectKey}\\{element} not found by hivex");
        Assert.Equal(RegistryValueType.Binary, value.Type);
        Assert.Equal(hex, Convert.ToHexStringLower(value.Data));
    }

    /// <summary>Damages a copy with our engine (committed like any edit): the store loses what the breakage names.</summary>
    private static void Break(string store, string breakage)
    {
        using var hive = Hive.Open(store, new HiveOpenOptions { Writable = true });
        var objects = hive.OpenKey("Objects")!;
        var defaultEntry = $@"{BootManager}\Elements\23000003";
        switch (breakage)
        {
            case "no {emssettings}":
                Assert.True(objects.DeleteSubkeyTree(EmsSettings));
                break;
            case "no default entry":
                Assert.True(objects.OpenKey($@"{BootManager}\Elements")!.DeleteSubkeyTree("23000003"));
                break;
            case "no {bootmgr}":
                Assert.True(objects.DeleteSubkeyTree(BootManager));
                break;
            case "default is not a loader":
                objects.OpenKey(defaultEntry)!.SetValue("Element", RegistryValueType.String, RegistryData.String(EmsSettings));
                break;
            case "default names a missing object":
                objects.OpenKey(defaultEntry)!.SetValue("Element", RegistryValueType.String, RegistryData.String("{00000000-1111-2222-3333-444444444444}"));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(breakage), breakage, null);
        }

        hive.Commit();
    }
}
