using System.Buffers.Binary;
using System.Globalization;
using OfflineRepair.Bcd;
using OfflineRepair.Registry;

namespace OfflineRepair.Repairs.Repairs;

/// <summary>
/// The data of boolean and integer BCD elements, both REG_BINARY in the store's <c>Element</c> value
/// (research/bcd_azure.md §1.2). bcdedit writes a boolean as one byte 00/01 and an integer as 8 bytes
/// little-endian; real stores also hold shorter integers (a timeout of 30 as the single byte 1e) and
/// Windows reads those by their value, so reading accepts 1 to 8 bytes and a boolean of any length.
/// </summary>
internal static class BcdElementData
{
    /// <summary>The bytes bcdedit writes for the value of an element of that type.</summary>
    public static byte[] Encode(uint elementType, ulong value)
    {
        switch (ElementTypes.Format(elementType))
        {
            case ElementFormat.Boolean:
                return [value == 0 ? (byte)0 : (byte)1];
            case ElementFormat.Integer:
                var bytes = new byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
                return bytes;
            default:
                throw new ArgumentOutOfRangeException(nameof(elementType), $"element {ElementTypes.KeyName(elementType)} is neither boolean nor integer");
        }
    }

    /// <summary>
    /// What a stored element means (a boolean as 0 or 1), or null when it cannot be read as its
    /// type's format: not REG_BINARY, empty, or an integer longer than 8 bytes.
    /// </summary>
    public static ulong? Decode(uint elementType, RegistryValue stored)
    {
        var data = stored.Data;
        if (stored.Type != RegistryValueType.Binary || data.Length == 0)
        {
            return null;
        }

        switch (ElementTypes.Format(elementType))
        {
            case ElementFormat.Boolean:
                // Windows tests the first byte, as DiscUtils' reader does: 00 is off, anything else on.
                return data[0] == 0 ? 0UL : 1UL;
            case ElementFormat.Integer when data.Length <= 8:
                Span<byte> padded = stackalloc byte[8];
                data.CopyTo(padded);
                return BinaryPrimitives.ReadUInt64LittleEndian(padded);
            default:
                return null;
        }
    }

    /// <summary>As bcdedit shows the value: "Yes"/"No" for a boolean, the number for an integer.</summary>
    public static string Show(uint elementType, ulong value) =>
        ElementTypes.Format(elementType) == ElementFormat.Boolean
            ? (value == 0 ? "No" : "Yes")
            : value.ToString(CultureInfo.InvariantCulture);
}
