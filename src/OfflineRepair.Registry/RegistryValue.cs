using System.Buffers.Binary;
using System.Text;

namespace OfflineRepair.Registry;

/// <summary>A value as read: its name ("" for the default value), type number and raw data.</summary>
public sealed class RegistryValue
{
    public RegistryValue(string name, RegistryValueType type, byte[] data)
    {
        Name = name;
        Type = type;
        Data = data;
    }

    public string Name { get; }

    /// <summary>The type number; may be one <see cref="RegistryValueType"/> does not name.</summary>
    public RegistryValueType Type { get; }

    public byte[] Data { get; }

    public bool IsDefault => Name.Length == 0;

    /// <summary>REG_SZ / REG_EXPAND_SZ text: UTF-16LE up to the first NUL (an odd trailing byte is dropped).</summary>
    public string AsString() => RegistryData.DecodeString(Data);

    /// <summary>REG_MULTI_SZ strings, without the empty string that terminates the list.</summary>
    public IReadOnlyList<string> AsStrings() => RegistryData.DecodeMultiString(Data);

    /// <summary>REG_DWORD (little-endian; REG_DWORD_BIG_ENDIAN is honoured), or null when the data is not 4 bytes.</summary>
    public uint? AsUInt32()
    {
        if (Data.Length != 4)
        {
            return null;
        }

        return Type == RegistryValueType.DWordBigEndian
            ? BinaryPrimitives.ReadUInt32BigEndian(Data)
            : BinaryPrimitives.ReadUInt32LittleEndian(Data);
    }

    public ulong? AsUInt64() => Data.Length == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(Data) : null;

    public override string ToString() => $"{(IsDefault ? "(Default)" : Name)} {RegistryData.TypeName(Type)} [{Data.Length} bytes]";
}

/// <summary>Encoding and decoding of value data in the forms Windows stores.</summary>
public static class RegistryData
{
    public static byte[] String(string text) => Encoding.Unicode.GetBytes(text + "\0");

    public static byte[] MultiString(IEnumerable<string> strings)
    {
        var builder = new StringBuilder();
        foreach (var s in strings)
        {
            builder.Append(s).Append('\0');
        }

        builder.Append('\0');
        return Encoding.Unicode.GetBytes(builder.ToString());
    }

    public static byte[] DWord(uint value)
    {
        var data = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        return data;
    }

    public static byte[] QWord(ulong value)
    {
        var data = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(data, value);
        return data;
    }

    public static string DecodeString(ReadOnlySpan<byte> data)
    {
        var text = Encoding.Unicode.GetString(data[..(data.Length & ~1)]);
        int nul = text.IndexOf('\0', StringComparison.Ordinal);
        return nul >= 0 ? text[..nul] : text;
    }

    public static IReadOnlyList<string> DecodeMultiString(ReadOnlySpan<byte> data)
    {
        var text = Encoding.Unicode.GetString(data[..(data.Length & ~1)]);
        var parts = text.Split('\0');
        var result = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                break;
            }

            result.Add(part);
        }

        return result;
    }

    /// <summary>reg.exe's name for a type (REG_SZ ...), or the number for a type it has no name for.</summary>
    public static string TypeName(RegistryValueType type) => type switch
    {
        RegistryValueType.None => "REG_NONE",
        RegistryValueType.String => "REG_SZ",
        RegistryValueType.ExpandString => "REG_EXPAND_SZ",
        RegistryValueType.Binary => "REG_BINARY",
        RegistryValueType.DWord => "REG_DWORD",
        RegistryValueType.DWordBigEndian => "REG_DWORD_BIG_ENDIAN",
        RegistryValueType.Link => "REG_LINK",
        RegistryValueType.MultiString => "REG_MULTI_SZ",
        RegistryValueType.ResourceList => "REG_RESOURCE_LIST",
        RegistryValueType.FullResourceDescriptor => "REG_FULL_RESOURCE_DESCRIPTOR",
        RegistryValueType.ResourceRequirementsList => "REG_RESOURCE_REQUIREMENTS_LIST",
        RegistryValueType.QWord => "REG_QWORD",
        _ => $"0x{(uint)type:x}",
    };

    public static bool TryParseTypeName(string name, out RegistryValueType type)
    {
        foreach (RegistryValueType candidate in Enum.GetValues<RegistryValueType>())
        {
            if (string.Equals(TypeName(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}
