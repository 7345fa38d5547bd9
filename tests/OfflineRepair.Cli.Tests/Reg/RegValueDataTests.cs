using System.Text;
using FsCheck.Xunit;
using OfflineRepair.Cli.Reg;
using OfflineRepair.Registry;

namespace OfflineRepair.Cli.Tests.Reg;

public sealed class RegValueDataTests
{
    [Theory]
    [InlineData("1", "01000000")]
    [InlineData("0x1", "01000000")]
    [InlineData("0XfF", "ff000000")]
    [InlineData("4294967295", "ffffffff")]
    [InlineData("0xffffffff", "ffffffff")]
    [InlineData(" 42 ", "2a000000")]
    public void Dword_takes_decimal_or_0x_hex(string data, string stored)
    {
        Assert.Equal(Convert.FromHexString(stored), RegValueData.Encode(RegistryValueType.DWord, data));
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("+5")]
    [InlineData("4294967296")]
    [InlineData("0x100000000")]
    [InlineData("0x")]
    [InlineData("")]
    [InlineData("1.5")]
    [InlineData("ten")]
    [InlineData(null)]
    public void Dword_refuses_what_is_not_a_32_bit_unsigned_number(string? data)
    {
        var error = Assert.Throws<BadInputException>(() => RegValueData.Encode(RegistryValueType.DWord, data));

        Assert.Contains("REG_DWORD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Qword_takes_64_bit_numbers()
    {
        Assert.Equal(Convert.FromHexString("9ef1f0bd5812cd01"), RegValueData.Encode(RegistryValueType.QWord, "0x1cd1258bdf0f19e"));
        Assert.Equal(Convert.FromHexString("ffffffffffffffff"), RegValueData.Encode(RegistryValueType.QWord, "18446744073709551615"));
        Assert.Throws<BadInputException>(() => RegValueData.Encode(RegistryValueType.QWord, "18446744073709551616"));
    }

    [Theory]
    [InlineData("0102ff", "0102ff")]
    [InlineData("ABCDEF", "abcdef")]
    [InlineData("abc", "0abc")] // reg.exe: an odd count makes the first digit a byte of its own
    [InlineData("", "")]
    public void Binary_takes_hex_digits(string data, string stored)
    {
        Assert.Equal(Convert.FromHexString(stored), RegValueData.Encode(RegistryValueType.Binary, data));
    }

    [Theory]
    [InlineData("01 02")]
    [InlineData("01,02")]
    [InlineData("0x01")]
    [InlineData("zz")]
    public void Binary_refuses_anything_but_hex_digits(string data)
    {
        Assert.Throws<BadInputException>(() => RegValueData.Encode(RegistryValueType.Binary, data));
    }

    [Theory]
    [InlineData(@"one\0two", null, "one\0two\0\0")]
    [InlineData(@"one\0", null, "one\0\0")]
    [InlineData("", null, "\0")]
    [InlineData("a#b#c", '#', "a\0b\0c\0\0")]
    [InlineData(@"C:\x\0D:\y", null, "C:\\x\0D:\\y\0\0")]
    public void Multi_string_splits_on_backslash_zero_or_the_separator(string data, char? separator, string stored)
    {
        Assert.Equal(Encoding.Unicode.GetBytes(stored), RegValueData.Encode(RegistryValueType.MultiString, data, separator));
    }

    [Theory]
    [InlineData(@"a\0\0b")]
    [InlineData(@"\0a")]
    public void Multi_string_refuses_empty_strings(string data)
    {
        Assert.Throws<BadInputException>(() => RegValueData.Encode(RegistryValueType.MultiString, data));
    }

    [Theory]
    [InlineData(RegistryValueType.String)]
    [InlineData(RegistryValueType.ExpandString)]
    [InlineData(RegistryValueType.None)] // reg.exe stores REG_NONE data as text too
    public void Text_types_store_utf16_with_a_terminating_nul(RegistryValueType type)
    {
        Assert.Equal(Encoding.Unicode.GetBytes("%SystemRoot%\\ä™\0"), RegValueData.Encode(type, "%SystemRoot%\\ä™"));
        Assert.Equal(new byte[] { 0, 0 }, RegValueData.Encode(type, ""));
        Assert.Equal(new byte[] { 0, 0 }, RegValueData.Encode(type, null));
    }

    [Fact]
    public void A_separator_is_only_for_multi_strings()
    {
        Assert.Throws<BadInputException>(() => RegValueData.Encode(RegistryValueType.String, "a#b", '#'));
    }

    [Theory]
    [InlineData(null, RegistryValueType.String)]
    [InlineData("reg_dword", RegistryValueType.DWord)]
    [InlineData("REG_QWORD", RegistryValueType.QWord)]
    [InlineData("REG_NONE", RegistryValueType.None)]
    public void Types_are_read_in_any_letter_case_with_REG_SZ_by_default(string? name, RegistryValueType type)
    {
        Assert.Equal(type, RegValueData.ParseType(name));
    }

    [Theory]
    [InlineData("REG_LINK")]
    [InlineData("REG_FOO")]
    [InlineData("DWORD")]
    public void Types_reg_add_does_not_write_are_bad_input(string name)
    {
        var error = Assert.Throws<BadInputException>(() => RegValueData.ParseType(name));

        Assert.Contains("REG_SZ", error.Message, StringComparison.Ordinal);
    }

    [Property]
    public bool Any_dword_round_trips_in_decimal_and_hex(uint number) =>
        RegValueData.Encode(RegistryValueType.DWord, number.ToString(System.Globalization.CultureInfo.InvariantCulture)).AsSpan().SequenceEqual(RegistryData.DWord(number)) &&
        RegValueData.Encode(RegistryValueType.DWord, "0x" + number.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).AsSpan().SequenceEqual(RegistryData.DWord(number));

    [Property]
    public bool Any_list_of_nonempty_strings_round_trips_with_a_separator(string[]? strings)
    {
        var list = (strings ?? []).Where(s => !string.IsNullOrEmpty(s) && !s.Contains('|') && !s.Contains('\0')).ToList();
        var stored = RegValueData.Encode(RegistryValueType.MultiString, string.Join('|', list), '|');
        return RegistryData.DecodeMultiString(stored).SequenceEqual(list);
    }
}
