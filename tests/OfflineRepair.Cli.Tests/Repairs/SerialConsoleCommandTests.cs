using System.Text;
using System.Text.Json;
using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.Registry;
using OfflineRepair.Registry.Checking;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Repairs;

/// <summary>
/// serial-console through the command line, on the corpus's BCD stores (each has {bootmgr}, a default
/// Windows Boot Loader and {emssettings}), checked with python3-hivex, which shares no code with ours.
/// </summary>
public sealed class SerialConsoleCommandTests
{
    private const string BootManager = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}";
    private const string EmsSettings = "{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}";

    public static TheoryData<string> Stores => ["regipy/BCD.xz", "ezregistry/BCD", "museum/Win11/BCD-Template"];

    [Theory]
    [MemberData(nameof(Stores))]
    public void Fix_on_a_store_writes_the_design_table_and_check_goes_from_1_to_0(string corpusStore)
    {
        using var dir = new TemporaryDirectory();
        var store = TestHives.Copy(dir, corpusStore, "BCD");
        Assert.Equal(1, CliRun.Run("check", store, "serial-console").ExitCode);

        CliRun.Run("fix", store, "serial-console", "--backup-dir", dir.File("bk")).AssertSuccess();

        var loader = DefaultLoader(store);
        AssertElement(store, BootManager, "26000020", "01");
        AssertElement(store, BootManager, "25000004", "0500000000000000");
        AssertElement(store, BootManager, "16000020", "01");
        AssertElement(store, loader, "260000b0", "01");
        AssertElement(store, EmsSettings, "15000022", "0100000000000000");
        AssertElement(store, EmsSettings, "15000023", "00c2010000000000");
        using (var hive = Hive.Open(store))
        {
            Assert.True(HiveChecker.Check(hive).IsSound);
        }

        var check = CliRun.Run("check", store, "serial-console");
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        var again = CliRun.Run("fix", store, "serial-console", "--backup-dir", dir.File("bk2"));
        again.AssertSuccess();
        Assert.Contains("nothing to change", again.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("bk2")));
    }

    [Fact]
    public void A_store_whose_bootmgr_has_no_default_entry_is_refused_in_one_line_and_left_unchanged()
    {
        using var dir = new TemporaryDirectory();
        var store = TestHives.Copy(dir, "regipy/BCD.xz", "BCD");
        using (var hive = Hive.Open(store, new HiveOpenOptions { Writable = true }))
        {
            Assert.True(hive.OpenKey($@"Objects\{BootManager}\Elements")!.DeleteSubkeyTree("23000003"));
            hive.Commit();
        }

        var before = TestHives.Sha256(store);

        var line = CliRun.Run("fix", store, "serial-console").AssertRefused();

        Assert.Contains("23000003", line, StringComparison.Ordinal);
        Assert.Contains("default entry", line, StringComparison.Ordinal);
        Assert.Equal(before, TestHives.Sha256(store));
        Assert.Equal([store], Directory.GetFileSystemEntries(dir.Path));
        var check = CliRun.Run("check", store, "serial-console");
        Assert.Equal(2, check.ExitCode);
        Assert.Contains("23000003", check.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Boot", "BCD")]
    [InlineData("boot", "bcd")]
    public void A_volume_with_SYSTEM_and_Boot_BCD_is_fixed_with_all_and_the_manifest_lists_both(string folder, string name)
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);
        Directory.CreateDirectory(Path.Combine(tree.Root, folder));
        var store = Path.Combine(tree.Root, folder, name);
        File.Move(TestHives.Copy(dir, "ezregistry/BCD", "BCD-copy"), store);
        var original = TestHives.Sha256(store);

        var fix = CliRun.Run("fix", tree.Root, "--all", "--json");

        fix.AssertSuccess();
        using var json = JsonDocument.Parse(fix.Stdout);
        var backup = Assert.Single(WindowsTree.Backups(dir));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(backup, "manifest.json")));
        var paths = manifest.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToList();
        Assert.Contains(@"Windows\System32\config\SYSTEM", paths);
        Assert.Contains(@"Boot\BCD", paths);
        AssertElement(store, EmsSettings, "15000023", "00c2010000000000");
        Assert.Equal(0, CliRun.Run("check", tree.Root, "serial-console", "crash-dump").ExitCode);

        CliRun.Run("restore", tree.Root, "--from", backup).AssertSuccess();
        Assert.Equal(original, TestHives.Sha256(store));
    }

    [Fact]
    public void Bcd_option_names_the_store_and_the_options_change_the_written_bytes()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);
        var esp = Path.Combine(dir.Path, "esp", "EFI", "Microsoft", "Boot");
        Directory.CreateDirectory(esp);
        var store = Path.Combine(esp, "BCD");
        File.Move(TestHives.Copy(dir, "regipy/BCD.xz", "BCD-copy"), store);

        var fix = CliRun.Run("fix", tree.Root, "serial-console", "--bcd", store, "--boot-timeout", "10", "--ems-baud", "9600", "--ems-port", "2");

        fix.AssertSuccess();
        AssertElement(store, BootManager, "25000004", "0a00000000000000");
        AssertElement(store, EmsSettings, "15000023", "8025000000000000");
        AssertElement(store, EmsSettings, "15000022", "0200000000000000");
        Assert.Contains("--bcd " + store, fix.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, CliRun.Run("check", tree.Root, "serial-console", "--bcd", store).ExitCode);
        Assert.Equal(0, CliRun.Run("check", tree.Root, "serial-console", "--bcd", store, "--boot-timeout", "10", "--ems-baud", "9600", "--ems-port", "2").ExitCode);
    }

    [Theory]
    [InlineData("--boot-timeout", "-1")]
    [InlineData("--boot-timeout", "1000")]
    [InlineData("--ems-port", "0")]
    [InlineData("--ems-baud", "12345")]
    public void Serial_console_options_out_of_range_are_refused(string option, string value)
    {
        using var dir = new TemporaryDirectory();
        var store = TestHives.Copy(dir, "ezregistry/BCD", "BCD");
        var before = TestHives.Sha256(store);

        var line = CliRun.Run("fix", store, "serial-console", option, value).AssertRefused();

        Assert.Contains(option, line, StringComparison.Ordinal);
        Assert.Equal(before, TestHives.Sha256(store));
    }

    [Fact]
    public void Without_a_BCD_store_all_skips_serial_console_and_says_where_the_store_is()
    {
        using var dir = new TemporaryDirectory();
        var tree = WindowsTree.Create(dir);

        var fix = CliRun.Run("fix", tree.Root, "--all", "--dry-run");

        fix.AssertSuccess();
        Assert.Contains("serial-console", fix.Stdout, StringComparison.Ordinal);
        Assert.Contains("--bcd FILE", fix.Stdout, StringComparison.Ordinal);
        var line = CliRun.Run("fix", tree.Root, "serial-console").AssertRefused();
        Assert.Contains("no BCD store found", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_shows_the_default_loader_and_the_six_settings_as_stored()
    {
        var store = TestHives.ReadOnly("ezregistry/BCD");

        var text = CliRun.Run("inspect", store);
        var json = CliRun.Run("inspect", store, "--json");

        text.AssertSuccess();
        Assert.Contains("{7619dcc9-fafe-11d9-b411-000476eba25f} \"Windows Setup\"", text.Stdout, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Stdout);
        var boot = document.RootElement.GetProperty("bootStore");
        Assert.Equal("{7619dcc9-fafe-11d9-b411-000476eba25f}", boot.GetProperty("defaultLoader").GetString());
        Assert.Equal("Windows Setup", boot.GetProperty("defaultLoaderDescription").GetString());
        var settings = boot.GetProperty("settings").EnumerateArray().ToDictionary(s => s.GetProperty("setting").GetString()!);
        Assert.Equal(["displaybootmenu", "timeout", "bootems", "ems", "emsport", "emsbaudrate"], settings.Keys);
        Assert.Equal(("30", "1e"), (settings["timeout"].GetProperty("value").GetString(), settings["timeout"].GetProperty("data").GetString()));
        Assert.Equal(("No", "00"), (settings["ems"].GetProperty("value").GetString(), settings["ems"].GetProperty("data").GetString()));
        Assert.Equal("absent", settings["emsbaudrate"].GetProperty("value").GetString());
        Assert.Equal("{emssettings}", settings["emsport"].GetProperty("object").GetString());
    }

    private static string DefaultLoader(string store)
    {
        var key = HivexOracle.Key(store, $@"Objects\{BootManager}\Elements\23000003");
        Assert.NotNull(key);
        return Encoding.Unicode.GetString(key.Value("Element")!.Data).TrimEnd('\0');
    }

    /// <summary>hivex reads exactly these bytes, as REG_BINARY, in the element's Element value.</summary>
    private static void AssertElement(string store, string objectKey, string element, string hex)
    {
        var key = HivexOracle.Key(store, $@"Objects\{objectKey}\Elements\{element}");
        Assert.True(key is not null, $"{objectKey}\\Elements\\{element} not found by hivex");
        var value = key.Value("Element");
        Assert.NotNull(value);
        Assert.Equal(RegistryValueType.Binary, value.Type);
        Assert.Equal(hex, Convert.ToHexStringLower(value.Data));
    }
}
