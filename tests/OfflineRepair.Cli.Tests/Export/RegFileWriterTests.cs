using System.Text;
using FsCheck.Xunit;
using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.Registry;
using OfflineRepair.Registry.Export;

namespace OfflineRepair.Cli.Tests.Export;

public sealed class RegFileWriterTests
{
    [Fact]
    public void Binary_value_wraps_where_regedit_wraps_it()
    {
        // A real regedit export of Explorer's ShellState: 20 bytes bring the first line to column 77,
        // the rest continue after "\" on a line indented by two spaces.
        const string Exported =
            "\"ShellState\"=hex:24,00,00,00,1c,08,00,00,00,00,00,00,00,00,00,00,00,00,00,00,\\\r\n" +
            "  01,00,00,00,13,00,00,00,00,00,00,00,6b,00,00,00";
        byte[] data = Convert.FromHexString(
            Exported[(Exported.IndexOf(':', StringComparison.Ordinal) + 1)..].Replace(",\\\r\n  ", ",", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal));

        Assert.Equal(36, data.Length);
        Assert.Equal(Exported, RegFileWriter.FormatValue(new RegistryValue("ShellState", RegistryValueType.Binary, data)));
    }

    [Fact]
    public void Continuation_lines_hold_25_bytes_and_end_at_column_78()
    {
        var value = new RegistryValue("x", RegistryValueType.Binary, Enumerable.Range(0, 200).Select(i => (byte)i).ToArray());
        var lines = RegFileWriter.FormatValue(value).Split("\r\n");

        // "x"=hex: is 8 characters: 23 bytes bring the first line to 8 + 69 = 77.
        Assert.Equal(8 + (23 * 3) + 1, lines[0].Length);
        Assert.All(lines[1..^1], line =>
        {
            Assert.StartsWith("  ", line, StringComparison.Ordinal);
            Assert.EndsWith(",\\", line, StringComparison.Ordinal);
            Assert.Equal(2 + (25 * 3) + 1, line.Length);
        });
        Assert.DoesNotContain(",", lines[^1][^2..], StringComparison.Ordinal);
    }

    [Fact]
    public void Each_type_gets_regedit_notation()
    {
        static string Line(string name, RegistryValueType type, byte[] data) => RegFileWriter.FormatValue(new RegistryValue(name, type, data));

        Assert.Equal("@=\"text\"", Line("", RegistryValueType.String, Encoding.Unicode.GetBytes("text\0")));
        Assert.Equal("\"a\\\"b\\\\c\"=\"C:\\\\x \\\"y\\\"\"", Line("a\"b\\c", RegistryValueType.String, Encoding.Unicode.GetBytes("C:\\x \"y\"\0")));
        Assert.Equal("\"d\"=dword:0000abcd", Line("d", RegistryValueType.DWord, [0xcd, 0xab, 0, 0]));
        Assert.Equal("\"q\"=hex(b):08,07,06,05,04,03,02,01", Line("q", RegistryValueType.QWord, [8, 7, 6, 5, 4, 3, 2, 1]));
        Assert.Equal("\"e\"=hex(2):25,00,00,00", Line("e", RegistryValueType.ExpandString, Encoding.Unicode.GetBytes("%\0")));
        Assert.Equal("\"m\"=hex(7):61,00,00,00,00,00", Line("m", RegistryValueType.MultiString, Encoding.Unicode.GetBytes("a\0\0")));
        Assert.Equal("\"n\"=hex(0):", Line("n", RegistryValueType.None, []));
        Assert.Equal("\"b\"=hex:", Line("b", RegistryValueType.Binary, []));
        Assert.Equal("\"p\"=hex(ffff0012):01", Line("p", (RegistryValueType)0xFFFF0012, [1]));
        Assert.Equal("\"be\"=hex(5):00,00,00,01", Line("be", RegistryValueType.DWordBigEndian, [0, 0, 0, 1]));
    }

    [Theory]
    [InlineData("6100")] // no terminator
    [InlineData("6100000062000000")] // a NUL inside: "a\0b"
    [InlineData("610000000000")] // two NULs at the end
    [InlineData("61000d000a000000")] // CR LF inside
    [InlineData("00d80000")] // lone high surrogate
    [InlineData("610000")] // odd length
    [InlineData("")] // empty
    public void A_string_that_is_not_plain_text_keeps_its_bytes_as_hex_1(string hex)
    {
        var data = Convert.FromHexString(hex);
        var line = RegFileWriter.FormatValue(new RegistryValue("s", RegistryValueType.String, data));

        Assert.StartsWith("\"s\"=hex(1):", line, StringComparison.Ordinal);
        Assert.Equal(data, ParseBack(line).Data);
    }

    [Fact]
    public void A_plain_string_is_written_between_quotes()
    {
        Assert.Equal("\"s\"=\"ab\"", RegFileWriter.FormatValue(new RegistryValue("s", RegistryValueType.String, Convert.FromHexString("610062000000"))));
        Assert.Equal("\"s\"=\"\"", RegFileWriter.FormatValue(new RegistryValue("s", RegistryValueType.String, [0, 0])));
    }

    [Fact]
    public void A_dword_of_the_wrong_length_keeps_its_bytes_as_hex_4()
    {
        Assert.Equal("\"d\"=hex(4):01,02,03", RegFileWriter.FormatValue(new RegistryValue("d", RegistryValueType.DWord, [1, 2, 3])));
    }

    [Fact]
    public void A_file_has_the_header_a_blank_line_before_each_key_and_ends_with_a_blank_line()
    {
        using var hive = TestHives.InMemory("ROOT", @"A\B", "C");
        hive.Root.OpenKey("A")!.SetValue("v", RegistryValueType.DWord, RegistryData.DWord(1));
        var text = new StringWriter();

        var summary = RegFileWriter.Export(hive.Root, text, @"HKEY_LOCAL_MACHINE\ROOT");

        Assert.Equal(
            "Windows Registry Editor Version 5.00\r\n" +
            "\r\n[HKEY_LOCAL_MACHINE\\ROOT]\r\n" +
            "\r\n[HKEY_LOCAL_MACHINE\\ROOT\\A]\r\n\"v\"=dword:00000001\r\n" +
            "\r\n[HKEY_LOCAL_MACHINE\\ROOT\\A\\B]\r\n" +
            "\r\n[HKEY_LOCAL_MACHINE\\ROOT\\C]\r\n" +
            "\r\n",
            text.ToString());
        Assert.Equal(new RegExportSummary(4, 1), summary);
    }

    [Fact]
    public void Exporting_a_subkey_names_keys_by_their_full_path_below_the_hive_root()
    {
        using var hive = TestHives.InMemory("ROOT", @"A\B\C", "D");
        var text = new StringWriter();

        RegFileWriter.Export(hive.Root.OpenKey(@"A\B")!, text, @"HKEY_LOCAL_MACHINE\SYSTEM");

        var keys = RegFileReader.Parse(text.ToString()).Select(k => k.Path);
        Assert.Equal([@"HKEY_LOCAL_MACHINE\SYSTEM\A\B", @"HKEY_LOCAL_MACHINE\SYSTEM\A\B\C"], keys);
    }

    private static readonly RegistryValueType[] SomeTypes =
    [
        RegistryValueType.None, RegistryValueType.String, RegistryValueType.ExpandString, RegistryValueType.Binary,
        RegistryValueType.DWord, RegistryValueType.DWordBigEndian, RegistryValueType.MultiString, RegistryValueType.QWord,
        (RegistryValueType)0xFFFF0012,
    ];

    [Property]
    public bool Every_value_round_trips_through_an_independent_reader(uint typeChoice, string? name, byte[]? data)
    {
        name = (name ?? "").Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
        var value = new RegistryValue(name, SomeTypes[typeChoice % SomeTypes.Length], data ?? []);

        var parsed = ParseBack(RegFileWriter.FormatValue(value));

        return parsed.Name == value.Name && parsed.Type == value.Type && parsed.Data.AsSpan().SequenceEqual(value.Data);
    }

    [Property]
    public bool Strings_round_trip_through_an_independent_reader(string? text)
    {
        var data = Encoding.Unicode.GetBytes((text ?? "") + "\0");

        var parsed = ParseBack(RegFileWriter.FormatValue(new RegistryValue("s", RegistryValueType.String, data)));

        return parsed.Type == RegistryValueType.String && parsed.Data.AsSpan().SequenceEqual(data);
    }

    private static RegFileValue ParseBack(string valueLine)
    {
        var file = $"{RegFileReader.Header}\r\n\r\n[K]\r\n{valueLine}\r\n\r\n";
        return Assert.Single(Assert.Single(RegFileReader.Parse(file)).Values);
    }
}
