using System.Text;
using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.Registry;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Reg;

public sealed class RegAddCommandTests
{
    public static TheoryData<string, string, string, string, string> TypesAndHives()
    {
        var data = new TheoryData<string, string, string, string, string>();
        foreach (var (hive, key) in new[] { ("regipy/SYSTEM.xz", @"HKLM\SYSTEM\ControlSet001\Control\CrashControl"), ("yarp/EmptyHive", @"HKLM\EMPTY") })
        {
            // corpus hive, KEY, /t, /d, expected stored bytes (hex), computed here without our encoder
            data.Add(hive, key, "REG_SZ", "héllo wörld ™", Hex(Encoding.Unicode.GetBytes("héllo wörld ™\0")));
            data.Add(hive, key, "REG_EXPAND_SZ", @"%SystemRoot%\MEMORY.DMP", Hex(Encoding.Unicode.GetBytes("%SystemRoot%\\MEMORY.DMP\0")));
            data.Add(hive, key, "REG_MULTI_SZ", @"one\0two\0three", Hex(Encoding.Unicode.GetBytes("one\0two\0three\0\0")));
            data.Add(hive, key, "REG_DWORD", "0x12345678", "78563412");
            data.Add(hive, key, "REG_DWORD", "3389", "3d0d0000");
            data.Add(hive, key, "REG_QWORD", "0x0102030405060708", "0807060504030201");
            data.Add(hive, key, "REG_BINARY", "00ff10ab", "00ff10ab");
            data.Add(hive, key, "REG_NONE", "x", Hex(Encoding.Unicode.GetBytes("x\0")));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TypesAndHives))]
    public void Each_type_reads_back_in_hivex_with_its_exact_type_and_bytes(string corpusHive, string key, string type, string data, string storedHex)
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, corpusHive, "HIVE");

        var result = CliRun.Run("reg", "add", hive, key, "/v", "Added", "/t", type, "/d", data, "--no-backup");

        result.AssertSuccess();
        Assert.Equal("The operation completed successfully.\n", result.Stdout.ReplaceLineEndings("\n"));
        var keyPath = key.Split('\\', 3).ElementAtOrDefault(2) ?? "";
        var value = HivexOracle.Key(hive, keyPath)!.Value("Added");
        Assert.NotNull(value);
        Assert.Equal(RegValueType(type), value.Type);
        Assert.Equal(storedHex, Hex(value.Data));
    }

    [Fact]
    public void A_new_nested_key_path_is_created()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/SYSTEM.xz", "SYSTEM");

        var result = CliRun.Run("reg", "add", hive, @"SYSTEM\ControlSet001\Services\OfflineRepairDemo\Parameters\Deep", "/v", "Start", "/t", "REG_DWORD", "/d", "4", "--no-backup");

        result.AssertSuccess();
        var services = HivexOracle.Key(hive, @"ControlSet001\Services")!;
        Assert.Contains("OfflineRepairDemo", services.Children);
        Assert.Contains("Tcpip", services.Children);
        var deep = HivexOracle.Key(hive, @"ControlSet001\Services\OfflineRepairDemo\Parameters\Deep")!;
        Assert.Equal("04000000", Hex(deep.Value("Start")!.Data));
        Assert.Equal("01000000", Hex(HivexOracle.Key(hive, "Select")!.Value("Current")!.Data));
    }

    [Fact]
    public void A_key_alone_is_created_without_values()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "yarp/EmptyHive", "EmptyHive");

        CliRun.Run("reg", "add", hive, @"A\B", "--no-backup").AssertSuccess();

        var created = HivexOracle.Key(hive, @"A\B");
        Assert.NotNull(created);
        Assert.Empty(created.Values);
    }

    [Fact]
    public void Data_without_a_value_name_sets_the_default_value()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "yarp/EmptyHive", "EmptyHive");

        CliRun.Run("reg", "add", hive, "K", "/d", "dflt", "--no-backup").AssertSuccess();

        Assert.Equal(Hex(Encoding.Unicode.GetBytes("dflt\0")), Hex(HivexOracle.Key(hive, "K")!.Value("")!.Data));
    }

    [Fact]
    public void Overwriting_without_f_is_refused_and_leaves_the_file_byte_identical()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/SYSTEM.xz", "SYSTEM");
        var before = TestHives.Sha256(hive);

        var line = CliRun.Run("reg", "add", hive, @"HKLM\SYSTEM\Select", "/v", "Current", "/t", "REG_DWORD", "/d", "2").AssertRefused();

        Assert.Contains("/f", line, StringComparison.Ordinal);
        Assert.Contains("already exists", line, StringComparison.Ordinal);
        Assert.Equal(before, TestHives.Sha256(hive));
        Assert.Single(Directory.GetFiles(dir.Path)); // no backup either
    }

    [Fact]
    public void Overwriting_with_f_replaces_the_value()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/SYSTEM.xz", "SYSTEM");

        CliRun.Run("reg", "add", hive, @"HKLM\SYSTEM\Select", "/v", "Current", "/t", "REG_DWORD", "/d", "2", "/f", "--no-backup").AssertSuccess();

        Assert.Equal("02000000", Hex(HivexOracle.Key(hive, "Select")!.Value("Current")!.Data));
    }

    [Theory]
    [InlineData("REG_DWORD", "-5")]
    [InlineData("REG_DWORD", "0x1ffffffff")]
    [InlineData("REG_BINARY", "xyz")]
    [InlineData("REG_MULTI_SZ", @"a\0\0b")]
    [InlineData("REG_FOO", "1")]
    public void Bad_data_is_refused_before_anything_is_written(string type, string data)
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "yarp/EmptyHive", "EmptyHive");
        var before = TestHives.Sha256(hive);

        CliRun.Run("reg", "add", hive, "New", "/v", "x", "/t", type, "/d", data).AssertRefused();

        Assert.Equal(before, TestHives.Sha256(hive));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void A_dirty_hive_with_logs_is_replayed_and_written_clean_with_the_change()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "yarp/NewDirtyHive1/NewDirtyHive", "NewDirtyHive");
        TestHives.Copy(dir, "yarp/NewDirtyHive1/NewDirtyHive.LOG1", "NewDirtyHive.LOG1");
        TestHives.Copy(dir, "yarp/NewDirtyHive1/NewDirtyHive.LOG2", "NewDirtyHive.LOG2");

        var result = CliRun.Run("reg", "add", hive, "Added", "/v", "v", "/t", "REG_DWORD", "/d", "7", "--no-backup");

        result.AssertSuccess();
        Assert.Contains("replayed", result.Stderr, StringComparison.Ordinal);
        using var reopened = Hive.Open(hive);
        Assert.Equal(HiveState.Clean, reopened.State);
        var root = HivexOracle.Key(hive, "")!;
        Assert.Contains("Key3", root.Children); // what the logs held (yarp's expected recovery)
        Assert.DoesNotContain("Key1", root.Children);
        Assert.Equal("07000000", Hex(HivexOracle.Key(hive, "Added")!.Value("v")!.Data));
    }

    private static RegistryValueType RegValueType(string name)
    {
        Assert.True(RegistryData.TryParseTypeName(name, out var type));
        return type;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
