using System.Buffers.Binary;
using System.Text;

namespace OfflineRepair.Containers.Vhdx;

/// <summary>
/// The parent locator metadata item of a differencing VHDX: a locator type GUID and UTF-16LE
/// key/value pairs (parent_linkage, relative_path, volume_path, absolute_win32_path).
/// </summary>
internal static class VhdxParentLocator
{
    private const string Structure = "VHDX parent locator";
    private const int HeaderSize = 20;
    private const int EntrySize = 12;

    public static Dictionary<string, string> Parse(byte[] item, long fileOffset)
    {
        if (item.Length < HeaderSize)
        {
            throw new ContainerFormatException(Structure, fileOffset, $"{item.Length} bytes, {HeaderSize} needed");
        }

        var type = new Guid(item.AsSpan(0, 16));
        if (type != VhdxLayout.VhdxParentLocatorType)
        {
            throw new ContainerFormatException(Structure, fileOffset, $"locator type {type} is not the VHDX parent locator");
        }

        var count = BinaryPrimitives.ReadUInt16LittleEndian(item.AsSpan(18));
        if (HeaderSize + ((long)count * EntrySize) > item.Length)
        {
            throw new ContainerFormatException(Structure, fileOffset + 18, $"{count} entries do not fit in {item.Length} bytes");
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var entry = item.AsSpan(HeaderSize + (i * EntrySize), EntrySize);
            var key = Text(item, BinaryPrimitives.ReadUInt32LittleEndian(entry), BinaryPrimitives.ReadUInt16LittleEndian(entry[8..]), fileOffset);
            var value = Text(item, BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]), BinaryPrimitives.ReadUInt16LittleEndian(entry[10..]), fileOffset);
            pairs[key] = value;
        }

        return pairs;
    }

    private static string Text(byte[] item, uint offset, ushort length, long fileOffset)
    {
        if (offset > item.Length || length > item.Length - offset)
        {
            throw new ContainerFormatException(Structure, fileOffset + offset, $"a {length}-byte string at {offset} lies outside the {item.Length}-byte item");
        }

        return Encoding.Unicode.GetString(item, (int)offset, length & ~1);
    }
}
