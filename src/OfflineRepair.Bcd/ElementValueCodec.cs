using System.Buffers.Binary;
using System.Globalization;
using OfflineRepair.Registry;

namespace OfflineRepair.Bcd;

/// <summary>
/// Turns the text bcdedit /set takes into the Element value bcdedit stores: booleans 1 byte, integers
/// 8 bytes little-endian, strings and objects REG_SZ (research/bcd_azure.md §1.2). Devices and lists
/// are refused: their text forms need the live system (partition=C:) or are not settable by bcd set.
/// </summary>
public static class ElementValueCodec
{
    public const int IntegerSize = 8;

    private static readonly string[] TrueWords = ["yes", "on", "true", "1"];
    private static readonly string[] FalseWords = ["no", "off", "false", "0"];

    /// <summary>
    /// Encodes <paramref name="text"/> for an element of that type. <paramref name="resolveObject"/>
    /// turns an identifier (GUID or alias) into a GUID for object elements; it throws when it cannot.
    /// </summary>
    public static ElementData Encode(uint elementType, string name, string text, Func<string, Guid> resolveObject)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(resolveObject);
        var format = ElementTypes.Format(elementType);
        return format switch
        {
            ElementFormat.Boolean => EncodeBoolean(ParseBoolean(name, text)),
            ElementFormat.Integer => EncodeInteger(ParseInteger(elementType, name, text)),
            ElementFormat.String => EncodeString(text),
            ElementFormat.Object => EncodeObject(resolveObject(text)),
            _ => throw new BcdException(
                $"{name} is a{(format is ElementFormat.IntegerList or ElementFormat.ObjectList ? "n" : "")} {ElementTypes.FormatName(format)} element " +
                "(element " + ElementTypes.KeyName(elementType) + "): bcd set writes only boolean, integer, string and object elements"),
        };
    }

    public static ElementData EncodeBoolean(bool value) => new(RegistryValueType.Binary, [value ? (byte)1 : (byte)0]);

    public static ElementData EncodeInteger(ulong value)
    {
        var data = new byte[IntegerSize];
        BinaryPrimitives.WriteUInt64LittleEndian(data, value);
        return new ElementData(RegistryValueType.Binary, data);
    }

    public static ElementData EncodeString(string text) => new(RegistryValueType.String, RegistryData.String(text));

    /// <summary>An object reference: the braced lowercase GUID, as Windows stores it.</summary>
    public static ElementData EncodeObject(Guid id) => new(RegistryValueType.String, RegistryData.String(id.ToString("B")));

    /// <summary>yes/no, on/off, true/false, 1/0 (any case), as bcdedit accepts them.</summary>
    public static bool ParseBoolean(string name, string text)
    {
        var word = text.Trim();
        if (TrueWords.Contains(word, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (FalseWords.Contains(word, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        throw new BcdException($"{name} is a boolean element: '{text}' is not one of yes/no, on/off, true/false, 1/0");
    }

    /// <summary>Decimal, 0x hexadecimal, or the word bcdedit shows for an enumeration (nx OptIn ...).</summary>
    public static ulong ParseInteger(uint elementType, string name, string text)
    {
        var word = text.Trim();
        if (word.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && word.Length > 2 &&
            ulong.TryParse(word.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong hex))
        {
            return hex;
        }

        if (word.Length > 0 && word.All(char.IsAsciiDigit) && ulong.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out ulong number))
        {
            return number;
        }

        if (ElementValueNames.TryParse(elementType, word, out ulong named))
        {
            return named;
        }

        throw new BcdException($"{name} is an integer element: '{text}' is not a number (decimal, or hexadecimal with 0x, at most 64 bits)");
    }
}
