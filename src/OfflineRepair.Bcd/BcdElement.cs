using System.Buffers.Binary;
using System.Globalization;
using OfflineRepair.Registry;

namespace OfflineRepair.Bcd;

/// <summary>
/// One element of an object: Elements\XXXXXXXX\Element, decoded by the format its type number
/// names. Readers are lenient where real stores are (integers of 1 to 8 bytes, booleans of any
/// length); a value that does not fit its format is shown as hex, never thrown.
/// </summary>
public sealed class BcdElement
{
    internal BcdElement(uint type, uint? objectType, RegistryValue? rawValue)
    {
        Type = type;
        RawValue = rawValue;
        Name = ElementNames.Name(type, objectType);
    }

    public uint Type { get; }

    /// <summary>The name bcdedit prints, or custom:XXXXXXXX.</summary>
    public string Name { get; }

    public ElementFormat Format => ElementTypes.Format(Type);

    /// <summary>The Element value as stored, or null when the element key has none.</summary>
    public RegistryValue? RawValue { get; }

    /// <summary>The registry type Windows stores this format as (research/bcd_azure.md §1.2).</summary>
    public RegistryValueType ExpectedRegistryType => ElementTypes.RegistryType(Type);

    /// <summary>Boolean: the first byte is nonzero (any length, as Windows reads it); null when not one.</summary>
    public bool? AsBoolean() =>
        Format == ElementFormat.Boolean && RawValue is { Type: RegistryValueType.Binary, Data.Length: > 0 } value ? value.Data[0] != 0 : null;

    /// <summary>Integer: 1 to 8 bytes little-endian (bcdedit writes 8, some stores hold fewer); null otherwise.</summary>
    public ulong? AsInteger() =>
        Format == ElementFormat.Integer && RawValue is { Type: RegistryValueType.Binary, Data.Length: >= 1 and <= 8 } value ? ReadInteger(value.Data) : null;

    /// <summary>Integer list: whole 8-byte little-endian numbers; null otherwise.</summary>
    public IReadOnlyList<ulong>? AsIntegerList()
    {
        if (Format != ElementFormat.IntegerList || RawValue is not { Type: RegistryValueType.Binary } value || value.Data.Length % 8 != 0)
        {
            return null;
        }

        var list = new ulong[value.Data.Length / 8];
        for (int i = 0; i < list.Length; i++)
        {
            list[i] = BinaryPrimitives.ReadUInt64LittleEndian(value.Data.AsSpan(i * 8, 8));
        }

        return list;
    }

    /// <summary>String: REG_SZ text; null otherwise.</summary>
    public string? AsString() =>
        Format == ElementFormat.String && RawValue is { Type: RegistryValueType.String or RegistryValueType.ExpandString } value ? value.AsString() : null;

    /// <summary>Object: the GUID a REG_SZ holds; null otherwise.</summary>
    public Guid? AsObject() =>
        Format == ElementFormat.Object && RawValue is { Type: RegistryValueType.String } value && Guid.TryParse(value.AsString(), out var id) ? id : null;

    /// <summary>Object list: the GUIDs of a REG_MULTI_SZ, in order; null when not one or when an entry is not a GUID.</summary>
    public IReadOnlyList<Guid>? AsObjectList()
    {
        if (Format != ElementFormat.ObjectList || RawValue is not { Type: RegistryValueType.MultiString } value)
        {
            return null;
        }

        var ids = new List<Guid>();
        foreach (var entry in value.AsStrings())
        {
            if (!Guid.TryParse(entry, out var id))
            {
                return null;
            }

            ids.Add(id);
        }

        return ids;
    }

    /// <summary>Device: the decoded record; null when not a device element stored as REG_BINARY.</summary>
    public BcdDevice? AsDevice() =>
        Format == ElementFormat.Device && RawValue is { Type: RegistryValueType.Binary } value ? BcdDevice.Parse(value.Data) : null;

    /// <summary>The value as bcdedit would show it, one entry per line (lists), objects by alias.</summary>
    public IReadOnlyList<string> DisplayLines(Func<Guid, string>? identify = null)
    {
        identify ??= WellKnownObjects.Identify;
        if (RawValue is null)
        {
            return ["(no Element value)"];
        }

        switch (Format)
        {
            case ElementFormat.Boolean when AsBoolean() is { } flag:
                return [flag ? "Yes" : "No"];
            case ElementFormat.Integer when AsInteger() is { } number:
                return [ElementValueNames.Integer(Type, number)];
            case ElementFormat.IntegerList when AsIntegerList() is { } numbers:
                return numbers.Select(n => "0x" + n.ToString("x", CultureInfo.InvariantCulture)).ToList();
            case ElementFormat.String when AsString() is { } text:
                return [text];
            case ElementFormat.Object when AsObject() is { } id:
                return [identify(id)];
            case ElementFormat.ObjectList when AsObjectList() is { } ids:
                return ids.Select(identify).ToList();
            case ElementFormat.Device when AsDevice() is { } device:
                return [device.Summary];
        }

        // Not what its format says: show what is there, plainly, rather than guess.
        return RawValue.Type switch
        {
            RegistryValueType.String or RegistryValueType.ExpandString => [RawValue.AsString()],
            RegistryValueType.MultiString => RawValue.AsStrings().ToList(),
            _ => [$"{RegistryData.TypeName(RawValue.Type)} {Convert.ToHexString(RawValue.Data).ToLowerInvariant()}"],
        };
    }

    /// <summary>The display text on one line, list entries separated by ", ".</summary>
    public string Display => string.Join(", ", DisplayLines());

    public override string ToString() => $"{Name} {Display}";

    internal static ulong ReadInteger(ReadOnlySpan<byte> data)
    {
        Span<byte> padded = stackalloc byte[8];
        data.CopyTo(padded);
        return BinaryPrimitives.ReadUInt64LittleEndian(padded);
    }
}
