using System.Globalization;
using System.Text;
using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.Registry;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Reg;

public sealed class RegQueryCommandTests
{
    private const string RegipySystem = "regipy/SYSTEM.xz";

    [Fact]
    public void Select_prints_as_reg_exe_prints_it()
    {
        var result = CliRun.Run("reg", "query", TestHives.ReadOnly(RegipySystem), @"HKLM\SYSTEM\Select");

        result.AssertSuccess();
        Assert.Equal(
            "\n" +
            "HKEY_LOCAL_MACHINE\\SYSTEM\\Select\n" +
            "    Current    REG_DWORD    0x1\n" +
            "    Default    REG_DWORD    0x1\n" +
            "    Failed    REG_DWORD    0x0\n" +
            "    LastKnownGood    REG_DWORD    0x2\n" +
            "\n",
            result.Stdout.ReplaceLineEndings("\n"));
        Assert.Equal("", result.Stderr);
    }

    [Theory]
    [InlineData(@"\Select", "Current")]
    [InlineData(@"\Select", "LastKnownGood")]
    [InlineData(@"\ControlSet001\Control\CMF\SqmData", "SystemStartTime")]
    [InlineData(@"\ControlSet001\Control\CMF\SqmData", "TotalCMFSize")]
    public void Numbers_match_hivexget(string key, string value)
    {
        var hivexget = Tools.Require("hivexget", "libhivex-bin");
        var hive = TestHives.ReadOnly(RegipySystem);
        var expected = Tools.Run(hivexget, [hive, key, value]).StandardOutput.Trim(); // decimal

        var line = QueryOneValue(hive, key, value);

        var hex = line.Split("    ")[^1];
        Assert.StartsWith("0x", hex, StringComparison.Ordinal);
        Assert.Equal(ulong.Parse(expected, CultureInfo.InvariantCulture), ulong.Parse(hex[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(@"\ControlSet001\Control", "SystemBootDevice", "REG_SZ")]
    [InlineData(@"\ControlSet001\Control", "SystemStartOptions", "REG_SZ")]
    [InlineData(@"\ControlSet001\services\Tcpip\Parameters", "DataBasePath", "REG_EXPAND_SZ")]
    [InlineData(@"\ControlSet001\Control\BackupRestore\FilesNotToBackup", "Kernel Dumps", "REG_MULTI_SZ")]
    [InlineData(@"\ControlSet001\Control\BackupRestore\FilesNotToBackup", "MS Distributed Transaction Coordinator", "REG_MULTI_SZ")]
    public void Text_matches_hivexget(string key, string value, string type)
    {
        var hivexget = Tools.Require("hivexget", "libhivex-bin");
        var hive = TestHives.ReadOnly(RegipySystem);

        // hivexget prints a string, or a multi-string one string a line.
        var printed = Tools.Run(hivexget, [hive, key, value]).StandardOutput.TrimEnd('\n');
        var expected = type == "REG_MULTI_SZ" ? printed.Replace("\n", @"\0", StringComparison.Ordinal) : printed;

        var line = QueryOneValue(hive, key, value);

        Assert.Equal($"    {value}    {type}    {expected}", line);
    }

    [Theory]
    [InlineData(@"\ControlSet001\Control\AGP", "102B0520")]
    [InlineData(@"\ControlSet001\Control\AGP", "10DE0100")]
    public void Binary_matches_hivexget_as_upper_case_hex(string key, string value)
    {
        var hivexget = Tools.Require("hivexget", "libhivex-bin");
        var hive = TestHives.ReadOnly(RegipySystem);

        // hivexget KEY lists "name"=hex(3):80,00,...
        var listing = Tools.Run(hivexget, [hive, key]).StandardOutput.Split('\n');
        var bytes = listing.Single(l => l.StartsWith($"\"{value}\"=", StringComparison.Ordinal)).Split(':')[1].Replace(",", "", StringComparison.Ordinal);

        var line = QueryOneValue(hive, key, value);

        Assert.Equal($"    {value}    REG_BINARY    {bytes.ToUpperInvariant()}", line);
    }

    [Fact]
    public void A_key_lists_values_then_subkey_paths()
    {
        using var dir = new TemporaryDirectory();
        var hive = BuildWineTestHive(dir);

        var result = CliRun.Run("reg", "query", hive, @"HKLM\TEST\Base");

        result.AssertSuccess();
        Assert.Equal(
            "\n" +
            "HKEY_LOCAL_MACHINE\\TEST\\Base\n" +
            "    Test1    REG_SZ    Hello, World\n" +
            "    Test2    REG_DWORD    0x123\n" +
            "    Wine    REG_SZ    First instance\n" +
            "\n" +
            "HKEY_LOCAL_MACHINE\\TEST\\Base\\subkey\n",
            result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Recursion_lists_every_key_below_with_its_values()
    {
        using var dir = new TemporaryDirectory();
        var hive = BuildWineTestHive(dir);

        var result = CliRun.Run("reg", "query", hive, @"HKLM\TEST\Base", "/s");

        result.AssertSuccess();
        Assert.Equal(
            "\n" +
            "HKEY_LOCAL_MACHINE\\TEST\\Base\n" +
            "    Test1    REG_SZ    Hello, World\n" +
            "    Test2    REG_DWORD    0x123\n" +
            "    Wine    REG_SZ    First instance\n" +
            "\n" +
            "HKEY_LOCAL_MACHINE\\TEST\\Base\\subkey\n" +
            "    Test3    REG_SZ    Some string data\n" +
            "    Test4    REG_DWORD    0xabc\n" +
            "    Wine    REG_SZ    Second instance\n" +
            "\n",
            result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_value_searched_recursively_ends_with_the_match_count()
    {
        using var dir = new TemporaryDirectory();
        var hive = BuildWineTestHive(dir);

        var result = CliRun.Run("reg", "query", hive, @"HKLM\TEST\Base", "/v", "Wine", "/s");

        result.AssertSuccess();
        Assert.Equal(
            "\n" +
            "HKEY_LOCAL_MACHINE\\TEST\\Base\n" +
            "    Wine    REG_SZ    First instance\n" +
            "\n" +
            "HKEY_LOCAL_MACHINE\\TEST\\Base\\subkey\n" +
            "    Wine    REG_SZ    Second instance\n" +
            "\n" +
            "End of search: 2 match(es) found.\n",
            result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Recursive_search_counts_what_hivex_finds()
    {
        var hive = TestHives.ReadOnly(RegipySystem);
        var expected = HivexOracle.Tree(hive)
            .Count(k => k.Path.Count > 0 && k.Path[0] == "ControlSet001" && k.Values.Any(v => string.Equals(v.Name, "Start", StringComparison.OrdinalIgnoreCase)));

        var result = CliRun.Run("reg", "query", hive, @"HKLM\SYSTEM\ControlSet001", "/v", "Start", "/s");

        result.AssertSuccess();
        Assert.True(expected > 100);
        Assert.EndsWith($"End of search: {expected} match(es) found.", result.Stdout.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_with_only_subkeys_show_just_the_subkey_paths()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Build(dir, "TEST", "ROOT", root => root.CreateKey(@"K\sub1").Hive.Root.CreateKey(@"K\sub2"));

        var result = CliRun.Run("reg", "query", hive, "K");

        result.AssertSuccess();
        Assert.Equal("\nHKEY_LOCAL_MACHINE\\ROOT\\K\\sub1\nHKEY_LOCAL_MACHINE\\ROOT\\K\\sub2\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_missing_default_value_shows_as_not_set()
    {
        var result = CliRun.Run("reg", "query", TestHives.ReadOnly(RegipySystem), @"HKLM\SYSTEM\Select", "/ve");

        result.AssertSuccess();
        Assert.Equal("\nHKEY_LOCAL_MACHINE\\SYSTEM\\Select\n    (Default)    REG_SZ    (value not set)\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_default_value_and_an_unnamed_type_show_as_reg_exe_shows_them()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Build(dir, "TEST", "ROOT", root =>
        {
            var key = root.CreateKey("K");
            key.SetValue("", RegistryValueType.String, RegistryData.String("Empty"));
            key.SetValue("dev", (RegistryValueType)0xFFFF0012, [0xAB, 0x01]);
            key.SetValue("none", RegistryValueType.None, []);
        });

        var result = CliRun.Run("reg", "query", hive, "K");

        result.AssertSuccess();
        Assert.Equal(
            "\nHKEY_LOCAL_MACHINE\\ROOT\\K\n    (Default)    REG_SZ    Empty\n    dev    0xffff0012    AB01\n    none    REG_NONE    \n\n",
            result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_missing_value_is_refused_with_one_line()
    {
        var line = CliRun.Run("reg", "query", TestHives.ReadOnly(RegipySystem), @"HKLM\SYSTEM\Select", "/v", "Nope").AssertRefused();

        Assert.Contains("'Nope' does not exist", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_is_refused_with_one_line()
    {
        var line = CliRun.Run("reg", "query", TestHives.ReadOnly(RegipySystem), @"HKLM\SYSTEM\NoSuchKey").AssertRefused();

        Assert.Contains("does not exist", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_key_the_root_is_listed_under_the_stored_root_name()
    {
        var result = CliRun.Run("reg", "query", TestHives.ReadOnly("regipy/BCD.xz"));

        result.AssertSuccess();
        Assert.Equal("\nHKEY_LOCAL_MACHINE\\NewStoreRoot\\Description\nHKEY_LOCAL_MACHINE\\NewStoreRoot\\Objects\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    /// <summary>The scenario of Wine's reg.exe conformance test, whose expected output was checked against Windows.</summary>
    private static string BuildWineTestHive(TemporaryDirectory dir) =>
        TestHives.Build(dir, "TEST", "ROOT", root =>
        {
            var key = root.CreateKey("Base");
            key.SetValue("Test1", RegistryValueType.String, RegistryData.String("Hello, World"));
            key.SetValue("Test2", RegistryValueType.DWord, RegistryData.DWord(0x123));
            key.SetValue("Wine", RegistryValueType.String, RegistryData.String("First instance"));
            var sub = key.CreateSubkey("subkey");
            sub.SetValue("Test3", RegistryValueType.String, RegistryData.String("Some string data"));
            sub.SetValue("Test4", RegistryValueType.DWord, RegistryData.DWord(0xabc));
            sub.SetValue("Wine", RegistryValueType.String, RegistryData.String("Second instance"));
        });

    private static string QueryOneValue(string hive, string key, string value)
    {
        var result = CliRun.Run("reg", "query", hive, @"HKLM\SYSTEM" + key, "/v", value);
        result.AssertSuccess();
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal(["", @"HKEY_LOCAL_MACHINE\SYSTEM" + key, lines[2], "", ""], lines);
        return lines[2];
    }
}
