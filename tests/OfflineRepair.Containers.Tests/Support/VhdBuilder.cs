using System.Buffers.Binary;
using System.Text;

namespace OfflineRepair.Containers.Tests.Support;

/// <summary>
/// Writes differencing VHDs for tests, because qemu-img 7.2 cannot ("Backing file not supported
/// for file format 'vpc'"). Written from the VHD specification independently of the reader; the
/// parent and the expected bytes still come from qemu-img.
/// </summary>
internal static class VhdBuilder
{
    private const int BlockSize = 2 << 20;
    private const int BitmapSize = 512;

    /// <summary>The footer's unique id (offset 68), which the child records for its parent.</summary>
    public static Guid UniqueId(string vhdPath)
    {
        var bytes = File.ReadAllBytes(vhdPath);
        return new Guid(bytes.AsSpan(bytes.Length - 512 + 68, 16), bigEndian: true);
    }

    /// <summary>
    /// Writes a child of parentPath at childPath holding the given writes (sector-aligned), with a
    /// relative and an absolute locator. Returns the expected disk: parent bytes overlaid with writes.
    /// </summary>
    public static void WriteDifferencing(string childPath, string parentPath, long virtualSize, IReadOnlyList<(long Offset, byte[] Data)> writes, string? relativeLocator = null)
    {
        var blocks = (int)((virtualSize + BlockSize - 1) / BlockSize);
        var batEntries = blocks;
        const long headerOffset = 512;
        const long batOffset = 1536;
        var batBytes = ((batEntries * 4) + 511) / 512 * 512;
        var relative = Encoding.Unicode.GetBytes(relativeLocator ?? (".\\" + Path.GetFileName(parentPath)));
        var absolute = Encoding.Unicode.GetBytes("C:\\nowhere\\" + Path.GetFileName(parentPath));
        var relativeOffset = batOffset + batBytes;
        var absoluteOffset = relativeOffset + 512;
        var firstBlock = absoluteOffset + 512;

        // Which blocks hold data, and each sector's bit.
        var blockData = new Dictionary<int, byte[]>();
        var bitmaps = new Dictionary<int, byte[]>();
        foreach (var (offset, data) in writes)
        {
            for (var i = 0; i < data.Length; i += 512)
            {
                var at = offset + i;
                var block = (int)(at / BlockSize);
                var inBlock = (int)(at % BlockSize);
                if (!blockData.TryGetValue(block, out var bytes))
                {
                    blockData[block] = bytes = new byte[BlockSize];
                    bitmaps[block] = new byte[BitmapSize];
                }

                data.AsSpan(i, 512).CopyTo(bytes.AsSpan(inBlock));
                var sector = inBlock / 512;
                bitmaps[block][sector / 8] |= (byte)(0x80 >> (sector % 8));
            }
        }

        using var file = File.Create(childPath);
        var footer = Footer(virtualSize, headerOffset, 4, Guid.NewGuid());
        file.Write(footer);

        var header = new byte[1024];
        "cxsparse"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(8), ulong.MaxValue);
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(16), batOffset);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(24), 0x00010000);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(28), (uint)batEntries);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(32), BlockSize);
        UniqueId(parentPath).TryWriteBytes(header.AsSpan(40, 16), bigEndian: true, out _);
        Encoding.BigEndianUnicode.GetBytes(Path.GetFileName(parentPath)).CopyTo(header.AsSpan(64));
        Locator(header.AsSpan(576), "W2ru", relative.Length, relativeOffset);
        Locator(header.AsSpan(600), "W2ku", absolute.Length, absoluteOffset);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(36), Checksum(header));
        file.Write(header);

        var bat = new byte[batBytes];
        bat.AsSpan().Fill(0xFF);
        var next = firstBlock;
        var order = blockData.Keys.Order().ToList();
        foreach (var block in order)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bat.AsSpan(block * 4), (uint)(next / 512));
            next += BitmapSize + BlockSize;
        }

        file.Write(bat);
        file.Position = relativeOffset;
        file.Write(relative);
        file.Position = absoluteOffset;
        file.Write(absolute);
        file.Position = firstBlock;
        foreach (var block in order)
        {
            file.Write(bitmaps[block]);
            file.Write(blockData[block]);
        }

        file.Write(footer);
    }

    public static byte[] Footer(long virtualSize, long dataOffset, uint diskType, Guid uniqueId)
    {
        var footer = new byte[512];
        "conectix"u8.CopyTo(footer);
        BinaryPrimitives.WriteUInt32BigEndian(footer.AsSpan(8), 2);
        BinaryPrimitives.WriteUInt32BigEndian(footer.AsSpan(12), 0x00010000);
        BinaryPrimitives.WriteInt64BigEndian(footer.AsSpan(16), dataOffset);
        "test"u8.CopyTo(footer.AsSpan(28));
        BinaryPrimitives.WriteInt64BigEndian(footer.AsSpan(40), virtualSize);
        BinaryPrimitives.WriteInt64BigEndian(footer.AsSpan(48), virtualSize);
        BinaryPrimitives.WriteUInt32BigEndian(footer.AsSpan(56), 0xFFFF10FF);
        BinaryPrimitives.WriteUInt32BigEndian(footer.AsSpan(60), diskType);
        uniqueId.TryWriteBytes(footer.AsSpan(68, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteUInt32BigEndian(footer.AsSpan(64), Checksum(footer));
        return footer;
    }

    public static uint Checksum(ReadOnlySpan<byte> bytes)
    {
        uint sum = 0;
        foreach (var b in bytes)
        {
            sum += b;
        }

        return ~sum;
    }

    private static void Locator(Span<byte> entry, string code, int length, long offset)
    {
        Encoding.ASCII.GetBytes(code).CopyTo(entry);
        BinaryPrimitives.WriteUInt32BigEndian(entry[4..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)length);
        BinaryPrimitives.WriteInt64BigEndian(entry[16..], offset);
    }
}
