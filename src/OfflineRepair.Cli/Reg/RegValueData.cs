using System.Globalization;
using OfflineRepair.Registry;

namespace OfflineRepair.Cli.Reg;

/// <summary>
/// Turns reg add's /t TYPE and /d DATA into the bytes Windows stores, the way reg.exe does:
/// text gets a terminating NUL (REG_NONE data is text too, as with reg.exe); REG_DWORD and REG_QWORD
/// take a decimal number or 0x and hex digits; REG_BINARY takes hex digits (an odd count makes the
/// first digit a byte of its own); REG_MULTI_SZ takes strings separated by \0 (or by the /s character),
/// none of them empty.
/// </summary>
internal static class RegValueData
{
    public static readonly IReadOnlyList<RegistryValueType> AddableTypes =
    [
        RegistryValueType.String,
        RegistryValueType.ExpandString,
        RegistryValueType.MultiString,
        RegistryValueType.DWord,
        RegistryValueType.QWord,
        RegistryValueType.Binary,
        RegistryValueType.None,
    ];

    public static IEnumerable<string> AddableTypeNames => AddableTypes.Select(RegistryData.TypeName);

    /// <summary>The type /t names (REG_SZ when absent), in any letter case.</summary>
    public static RegistryValueType ParseType(string? typeName)
    {
        if (typeName is null)
        {
            return RegistryValueType.String;
        }

        if (RegistryData.TryParseTypeName(typeName, out var type) && AddableTypes.Contains(type))
        {
            return type;
        }

        throw new BadInputException($"/t {typeName} is not a type reg add writes: use one of {string.Join(", ", AddableTypeNames)}.");
    }

    /// <summary>The stored bytes for /d DATA (null when /d was not given).</summary>
    public static byte[] Encode(RegistryValueType type, string? data, char? separator = null)
    {
        if (separator is not null && type != RegistryValueType.MultiString)
        {
            throw new BadInputException("/s CHAR separates REG_MULTI_SZ strings; it means nothing for " + RegistryData.TypeName(type) + ".");
        }

        return type switch
        {
            RegistryValueType.String or RegistryValueType.ExpandString or RegistryValueType.None => RegistryData.String(data ?? ""),
            RegistryValueType.DWord => RegistryData.DWord((uint)ParseNumber(data, uint.MaxValue, "REG_DWORD")),
            RegistryValueType.QWord => RegistryData.QWord(ParseNumber(data, ulong.MaxValue, "REG_QWORD")),
            RegistryValueType.Binary => ParseHex(data ?? ""),
            RegistryValueType.MultiString => RegistryData.MultiString(SplitMultiString(data ?? "", separator)),
            _ => throw new BadInputException($"reg add does not write {RegistryData.TypeName(type)} values."),
        };
    }

    private static ulong ParseNumber(string? data, ulong max, string typeName)
    {
        string usage = $"{typeName} data is a number from 0 to {max} (decimal) or 0x0 to 0x{max:x} (hex)";
        if (data is null)
        {
            throw new BadInputException($"{typeName} needs /d DATA: {usage}.");
        }

        var text = data.Trim();
        bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        var digits = hex ? text[2..] : text;
        var style = hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None;
        if (digits.Length == 0 || !ulong.TryParse(digits, style, CultureInfo.InvariantCulture, out ulong value) || value > max)
        {
            throw new BadInputException($"/d {data}: {usage}.");
        }

        return value;
    }

    private static byte[] ParseHex(string data)
    {
        if (data.Any(c => !char.IsAsciiHexDigit(c)))
        {
            throw new BadInputException($"/d {data}: REG_BINARY data is hex digits without separators, e.g. 0102ff.");
        }

        // reg.exe reads an odd count as a leading single digit: "abc" is 0a bc.
        var padded = data.Length % 2 == 0 ? data : "0" + data;
        return Convert.FromHexString(padded);
    }

    private static List<string> SplitMultiString(string data, char? separator)
    {
        if (data.Length == 0)
        {
            return [];
        }

        var parts = separator is { } single ? data.Split(single) : data.Split(@"\0");

        // A trailing separator ends the list, as with reg.exe; an empty string inside it cannot be stored.
        int count = parts[^1].Length == 0 ? parts.Length - 1 : parts.Length;
        var strings = parts.Take(count).ToList();
        if (strings.Any(s => s.Length == 0))
        {
            throw new BadInputException($"/d {data}: REG_MULTI_SZ strings cannot be empty (two separators in a row, or one at the start).");
        }

        return strings;
    }
}
