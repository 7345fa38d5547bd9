using System.Diagnostics;
using System.Text;
using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.Registry;
using OfflineRepair.Registry.Export;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Reg;

public sealed class RegExportCommandTests
{
    [Theory]
    [InlineData("hivex/special", "$$$PROTO.HIV")]
    [InlineData("yarp/UnicodeHive", null)]
    [InlineData("yarp/BigDataHive", null)]
    [InlineData("yarp/MultiSzHive", null)]
    [InlineData("regipy/BCD.xz", "NewStoreRoot")]
    [InlineData("ezregistry/BCD", null)]
    [InlineData("regipy/SYSTEM.xz", null)]
    public void Every_key_and_value_round_trips_against_hivex(string corpusHive, string? rootName)
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.ReadOnly(corpusHive);
        var file = dir.File("export.reg");
        var expected = HivexOracle.Tree(hive);

        var result = CliRun.Run("reg", "export", hive, file);

        result.AssertSuccess();
        Assert.Equal("", result.Stdout);
        var keys = RegFileReader.Parse(RegFileReader.DecodeFile(File.ReadAllBytes(file)));
        using var opened = Hive.Open(hive);
        Assert.Equal(rootName ?? opened.RootName, opened.RootName);
        var prefix = @"HKEY_LOCAL_MACHINE\" + opened.RootName;
        Assert.Equal(expected.Count, keys.Count);
        for (int i = 0; i < keys.Count; i++)
        {
            Assert.Equal(string.Join('\\', [prefix, .. expected[i].Path]), keys[i].Path);
            Assert.Equal(expected[i].Values.Count, keys[i].Values.Count);
            for (int v = 0; v < keys[i].Values.Count; v++)
            {
                var want = expected[i].Values[v];
                var got = keys[i].Values[v];
                Assert.Equal(want.Name, got.Name);
                Assert.True(want.Type == got.Type, $"{keys[i].Path} {want.Name}: type {want.Type} exported as {got.Type}");
                Assert.True(want.Data.AsSpan().SequenceEqual(got.Data), $"{keys[i].Path} {want.Name}: data differs");
            }
        }
    }

    [Fact]
    public void A_key_is_exported_under_the_mount_name_given()
    {
        using var dir = new TemporaryDirectory();
        var file = dir.File("select.reg");

        CliRun.Run("reg", "export", TestHives.ReadOnly("regipy/SYSTEM.xz"), @"HKLM\SYSTEM\Select", file).AssertSuccess();

        Assert.Equal(
            "Windows Registry Editor Version 5.00\r\n\r\n" +
            "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n" +
            "\"Current\"=dword:00000001\r\n" +
            "\"Default\"=dword:00000001\r\n" +
            "\"Failed\"=dword:00000000\r\n" +
            "\"LastKnownGood\"=dword:00000002\r\n\r\n",
            RegFileReader.DecodeFile(File.ReadAllBytes(file)));
    }

    [Fact]
    public void Dash_writes_to_stdout()
    {
        var result = CliRun.Run("reg", "export", TestHives.ReadOnly("hivex/special"), "-");

        result.AssertSuccess();
        var keys = RegFileReader.Parse(result.Stdout);
        Assert.Contains(keys, k => k.Path == "HKEY_LOCAL_MACHINE\\$$$PROTO.HIV\\weird™");
        Assert.Contains("Exported 4 key(s)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_program_writes_utf8_without_a_bom_to_stdout()
    {
        // The real entry point, in its own process: the bytes on stdout are what a pipe gets.
        var program = Path.Combine(AppContext.BaseDirectory, "offline-repair.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { program, "reg", "export", TestHives.ReadOnly("hivex/special"), "-" })
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi)!;
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout, TestContext.Current.CancellationToken);
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await copy;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, stderr);
        var bytes = stdout.ToArray();
        Assert.Equal("Windows"u8.ToArray(), bytes[..7]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.Contains("[HKEY_LOCAL_MACHINE\\$$$PROTO.HIV\\weird™]\r\n", text, StringComparison.Ordinal);
        Assert.Contains("[HKEY_LOCAL_MACHINE\\$$$PROTO.HIV\\abcd_äöüß]\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_starts_with_the_utf16_byte_order_mark()
    {
        using var dir = new TemporaryDirectory();
        var file = dir.File("special.reg");

        CliRun.Run("reg", "export", TestHives.ReadOnly("hivex/special"), file).AssertSuccess();

        var bytes = File.ReadAllBytes(file);
        Assert.Equal(new byte[] { 0xFF, 0xFE, (byte)'W', 0 }, bytes[..4]);
        Assert.Contains("\"symbols $£₤₧€\"=dword:00000000", Encoding.Unicode.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Long_binary_values_wrap_as_regedit_wraps_them()
    {
        using var dir = new TemporaryDirectory();
        var data = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();
        var hive = TestHives.Build(dir, "TEST", "ROOT", root => root.CreateKey("K").SetValue("ShellState", RegistryValueType.Binary, data));

        var result = CliRun.Run("reg", "export", hive, "K", "-");

        result.AssertSuccess();
        var lines = result.Stdout.Split("\r\n");
        int first = Array.FindIndex(lines, l => l.StartsWith("\"ShellState\"", StringComparison.Ordinal));

        // "ShellState"=hex: is 17 characters: 20 bytes reach column 77, then 25 bytes a line.
        Assert.Equal("\"ShellState\"=hex:" + string.Join(",", data[..20].Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))) + ",\\", lines[first]);
        Assert.Equal("  " + string.Join(",", data[20..45].Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))) + ",\\", lines[first + 1]);
        Assert.Equal("  " + string.Join(",", data[45..].Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))), lines[first + 2]);
    }

    [Fact]
    public void An_existing_file_is_replaced_only_with_y()
    {
        using var dir = new TemporaryDirectory();
        var file = dir.File("out.reg");
        File.WriteAllText(file, "keep me");
        var hive = TestHives.ReadOnly("hivex/special");

        var line = CliRun.Run("reg", "export", hive, file).AssertRefused();

        Assert.Contains("/y", line, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(file));
        CliRun.Run("reg", "export", hive, file, "/y").AssertSuccess();
        Assert.StartsWith(RegFileReader.Header, RegFileReader.DecodeFile(File.ReadAllBytes(file)), StringComparison.Ordinal);
        Assert.Equal(["out.reg"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_missing_key_writes_no_file()
    {
        using var dir = new TemporaryDirectory();
        var file = dir.File("out.reg");

        CliRun.Run("reg", "export", TestHives.ReadOnly("hivex/special"), "NoSuchKey", file).AssertRefused();

        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void The_whole_regipy_SYSTEM_exports_in_well_under_a_second_of_work()
    {
        using var hive = Hive.Open(TestHives.ReadOnly("regipy/SYSTEM.xz"));
        RegFileWriter.Export(hive.Root, TextWriter.Null, "HKEY_LOCAL_MACHINE\\SYSTEM"); // warm up the JIT

        var clock = Stopwatch.StartNew();
        var summary = RegFileWriter.Export(hive.Root, TextWriter.Null, "HKEY_LOCAL_MACHINE\\SYSTEM");
        clock.Stop();

        Assert.Equal(30756, summary.Keys);
        // Measured near 0.3 s; the bound leaves room for a loaded 2-core machine but catches a slow walk.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"export took {clock.Elapsed}");
    }
}
