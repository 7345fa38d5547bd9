using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using OfflineRepair.Registry;

namespace OfflineRepair.Cli.Tests.Support;

/// <summary>
/// A small .reg reader written from the format's description (regedit's import rules), not from
/// our writer: CRLF lines, a header, [key] lines, "name"= or @= value lines, hex lists continued by
/// a trailing backslash. It is strict: anything it does not understand fails the test.
/// </summary>
internal static class RegFileReader
{
    public const string Header = "Windows Registry Editor Version 5.00";

    public static IReadOnlyList<RegFileKey> Parse(string text)
    {
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var lines = text.Split("\r\n");
        Assert.Equal(Header, lines[0]);
        Assert.Equal("", lines[^1]); // the text ends with a line break
        var keys = new List<RegFileKey>();
        RegFileKey? current = null;
        for (int i = 1; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '[')
            {
                Assert.EndsWith("]", line, StringComparison.Ordinal);
                current = new RegFileKey(line[1..^1], []);
                keys.Add(current);
                continue;
            }

            Assert.True(current is not null, $"value line before any key: {line}");
            var logical = new StringBuilder(line);
            bool hexList = IsHexLine(line);
            while (hexList && logical[^1] == '\\')
            {
                logical.Length--;
                i++;
                Assert.StartsWith("  ", lines[i], StringComparison.Ordinal);
                logical.Append(lines[i].AsSpan(2));
            }

            current!.Values.Add(ParseValue(logical.ToString()));
        }

        return keys;
    }

    /// <summary>Decodes a file regedit would read: UTF-16LE with its BOM.</summary>
    public static string DecodeFile(byte[] bytes)
    {
        Assert.True(bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE, "a .reg file starts with the UTF-16LE byte order mark FF FE");
        return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
    }

    private static bool IsHexLine(string line) =>
        line.AsSpan(ValueNameEnd(line) + 1).StartsWith("hex", StringComparison.Ordinal);

    private static RegFileValue ParseValue(string line)
    {
        int end = ValueNameEnd(line);
        string name = line[0] == '@' ? "" : Unescape(line[1..(end - 1)]);
        Assert.Equal('=', line[end]);
        var data = line[(end + 1)..];
        if (data.StartsWith('"'))
        {
            Assert.EndsWith("\"", data, StringComparison.Ordinal);
            var text = Unescape(data[1..^1]);
            return new RegFileValue(name, RegistryValueType.String, Encoding.Unicode.GetBytes(text + "\0"));
        }

        if (data.StartsWith("dword:", StringComparison.Ordinal))
        {
            var digits = data["dword:".Length..];
            Assert.Equal(8, digits.Length);
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, uint.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            return new RegFileValue(name, RegistryValueType.DWord, bytes);
        }

        RegistryValueType type;
        string list;
        if (data.StartsWith("hex:", StringComparison.Ordinal))
        {
            type = RegistryValueType.Binary;
            list = data["hex:".Length..];
        }
        else
        {
            Assert.StartsWith("hex(", data, StringComparison.Ordinal);
            int close = data.IndexOf("):", StringComparison.Ordinal);
            type = (RegistryValueType)uint.Parse(data[4..close], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            list = data[(close + 2)..];
        }

        var hex = list.Length == 0 ? [] : list.Split(',');
        var listed = new byte[hex.Length];
        for (int b = 0; b < hex.Length; b++)
        {
            Assert.True(hex[b].Length == 2 && char.IsAsciiHexDigitLower(hex[b][0]) && char.IsAsciiHexDigitLower(hex[b][1]), $"'{hex[b]}' is not two lower-case hex digits");
            listed[b] = Convert.ToByte(hex[b], 16);
        }

        return new RegFileValue(name, type, listed);
    }

    /// <summary>Index of the '=' after the value name ("..." with \" and \\ escapes, or @).</summary>
    private static int ValueNameEnd(string line)
    {
        if (line[0] == '@')
        {
            return 1;
        }

        Assert.Equal('"', line[0]);
        for (int i = 1; i < line.Length; i++)
        {
            if (line[i] == '\\')
            {
                i++;
            }
            else if (line[i] == '"')
            {
                return i + 1;
            }
        }

        Assert.Fail($"unterminated value name: {line}");
        return -1;
    }

    private static string Unescape(string quoted)
    {
        var text = new StringBuilder(quoted.Length);
        for (int i = 0; i < quoted.Length; i++)
        {
            if (quoted[i] == '\\')
            {
                i++;
                Assert.True(i < quoted.Length && quoted[i] is '\\' or '"', $"bad escape in \"{quoted}\"");
            }
            else
            {
                Assert.True(quoted[i] != '"', $"unescaped quote in \"{quoted}\"");
            }

            text.Append(quoted[i]);
        }

        return text.ToString();
    }
}

internal sealed record RegFileKey(string Path, List<RegFileValue> Values);

internal sealed record RegFileValue(string Name, RegistryValueType Type, byte[] Data);
