using System.Security.Cryptography;
using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.Registry;
using OfflineRepair.Registry.Checking;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Bcd;

public sealed class BcdSetCommandTests
{
    private const string RegipyLoader = "{733b62e5-f608-11eb-825c-c112f60133ab}";
    private const string BootManager = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}";

    [Theory]
    [InlineData("regipy/BCD.xz", RegipyLoader)]
    [InlineData("ezregistry/BCD", "{7619dcc9-fafe-11d9-b411-000476eba25f}")]
    public void Ems_on_for_the_default_loader_writes_01_where_hivex_reads_it(string corpusStore, string loader)
    {
        using var dir = new TemporaryDirectory();
        var path = Corpus.CopyTo(dir.Path, corpusStore, "BCD");

        var result = CliRun.Run("bcd", "set", path, "{default}", "ems", "on");

        result.AssertSuccess();
        Assert.Equal("The operation completed successfully.\n", result.Stdout.ReplaceLineEndings("\n"));
        var key = HivexOracle.Key(path, $@"Objects\{loader}\Elements\260000b0")!;
        Assert.Equal(RegistryValueType.Binary, key.Value("Element")!.Type);
        Assert.Equal("01", Convert.ToHexString(key.Value("Element")!.Data));
        Assert.Contains("260000b0", HivexOracle.Key(path, $@"Objects\{loader}\Elements")!.Children);
        using (var hive = Hive.Open(path))
        {
            Assert.True(HiveChecker.Check(hive).IsSound);
        }

        Assert.Single(Directory.GetFiles(dir.Path, "BCD.*.bak"));
    }

    [Fact]
    public void Timeout_5_on_bootmgr_writes_8_bytes()
    {
        using var dir = new TemporaryDirectory();
        var path = Corpus.CopyTo(dir.Path, "ezregistry/BCD", "BCD");

        CliRun.Run("bcd", "set", path, "{bootmgr}", "timeout", "5", "--no-backup").AssertSuccess();

        var element = HivexOracle.Key(path, $@"Objects\{BootManager}\Elements\25000004")!.Value("Element")!;
        Assert.Equal(RegistryValueType.Binary, element.Type);
        Assert.Equal("0500000000000000", Convert.ToHexString(element.Data));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.bak"));
    }

    [Fact]
    public void The_serial_console_settings_write_the_designs_bytes()
    {
        using var dir = new TemporaryDirectory();
        var path = Corpus.CopyTo(dir.Path, "regipy/BCD.xz", "BCD");

        CliRun.Run("bcd", "set", path, "{bootmgr}", "displaybootmenu", "yes", "--no-backup").AssertSuccess();
        CliRun.Run("bcd", "set", path, "{bootmgr}", "bootems", "yes", "--no-backup").AssertSuccess();
        CliRun.Run("bcd", "set", path, "{emssettings}", "emsport", "1", "--no-backup").AssertSuccess();
        CliRun.Run("bcd", "set", path, "{emssettings}", "emsbaudrate", "115200", "--no-backup").AssertSuccess();

        string Element(string obj, string element) =>
            Convert.ToHexString(HivexOracle.Key(path, $@"Objects\{obj}\Elements\{element}")!.Value("Element")!.Data).ToLowerInvariant();
        Assert.Equal("01", Element(BootManager, "26000020"));
        Assert.Equal("01", Element(BootManager, "16000020"));
        Assert.Equal("0100000000000000", Element("{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}", "15000022"));
        Assert.Equal("00c2010000000000", Element("{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}", "15000023"));
        using var hive = Hive.Open(path);
        Assert.True(HiveChecker.Check(hive).IsSound);
    }

    [Theory]
    [InlineData("{bootmgr}", "nosuchelement", "5", "'nosuchelement'")]
    [InlineData("{nosuchalias}", "timeout", "5", "{nosuchalias}")]
    [InlineData("{11111111-2222-3333-4444-555555555555}", "ems", "on", "{11111111-2222-3333-4444-555555555555}")]
    [InlineData("{ramdiskoptions}", "description", "x", "{ramdiskoptions}")]
    [InlineData("{bootmgr}", "timeout", "five", "'five'")]
    [InlineData("{bootmgr}", "device", "boot", "device element")]
    [InlineData("{current}", "ems", "on", "{current}")]
    public void Refusals_exit_2_name_the_problem_and_leave_the_file_unchanged(string id, string name, string value, string named)
    {
        using var dir = new TemporaryDirectory();
        var path = Corpus.CopyTo(dir.Path, "regipy/BCD.xz", "BCD");
        var before = SHA256.HashData(File.ReadAllBytes(path));

        var line = CliRun.Run("bcd", "set", path, id, name, value).AssertRefused();

        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Help_has_an_example()
    {
        var result = CliRun.Run("bcd", "set", "--help");

        result.AssertSuccess();
        Assert.Contains("offline-repair bcd set", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("{default} ems on", result.Stdout, StringComparison.Ordinal);
    }
}
