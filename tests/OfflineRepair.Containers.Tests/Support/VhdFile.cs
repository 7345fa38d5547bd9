using System.Buffers.Binary;

namespace OfflineRepair.Containers.Tests.Support;

/// <summary>
/// A VHD file's structures as the tests see them, parsed here from the specification and not by the
/// product's reader: footers, BAT and sector bitmaps. It answers what qemu-img cannot (qemu ignores
/// sector bitmaps and parents): which sectors a block marks present, and whether every BAT entry
/// points at a whole block that overlaps nothing else.
/// </summary>
internal sealed class VhdFile
{
    private VhdFile(byte[] bytes)
    {
        Bytes = bytes;
        TrailingFooterValid = bytes.Length >= 512 && FooterValid(bytes.AsSpan(bytes.Length - 512, 512));
        var footer = TrailingFooterValid ? bytes.AsSpan(bytes.Length - 512, 512) : bytes.AsSpan(0, 512);
        Assert.True(FooterValid(footer), "neither the footer at the end nor its copy at 0 is valid");
        DiskType = BinaryPrimitives.ReadUInt32BigEndian(footer[60..]);
        CurrentSize = BinaryPrimitives.ReadInt64BigEndian(footer[48..]);
        HeaderOffset = BinaryPrimitives.ReadInt64BigEndian(footer[16..]);
        var header = bytes.AsSpan((int)HeaderOffset, 1024);
        Assert.True(header[..8].SequenceEqual("cxsparse"u8), "no dynamic header");
        Assert.Equal(Checksum(header, 36), BinaryPrimitives.ReadUInt32BigEndian(header[36..]));
        TableOffset = BinaryPrimitives.ReadInt64BigEndian(header[16..]);
        MaxTableEntries = BinaryPrimitives.ReadInt32BigEndian(header[28..]);
        BlockSize = BinaryPrimitives.ReadInt32BigEndian(header[32..]);
        Bat = new uint[MaxTableEntries];
        for (var i = 0; i < Bat.Length; i++)
        {
            Bat[i] = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan((int)TableOffset + (i * 4)));
        }
    }

    public byte[] Bytes { get; }

    public bool TrailingFooterValid { get; }

    public uint DiskType { get; }

    public long CurrentSize { get; }

    public long HeaderOffset { get; }

    public long TableOffset { get; }

    public int MaxTableEntries { get; }

    public int BlockSize { get; }

    public uint[] Bat { get; }

    /// <summary>Bitmap bytes in front of each block: one bit per sector, padded to 512.</summary>
    public int BitmapSize => ((BlockSize / 512 / 8) + 511) / 512 * 512;

    public static VhdFile Read(string path) => new(File.ReadAllBytes(path));

    /// <summary>Whether the sector's block is in the file and its bitmap bit (MSB first) is set.</summary>
    public bool SectorPresent(long diskSector)
    {
        var block = diskSector * 512 / BlockSize;
        if (Bat[block] == 0xFFFFFFFF)
        {
            return false;
        }

        var inBlock = (int)(diskSector % (BlockSize / 512));
        var bitmap = (long)Bat[block] * 512;
        return (Bytes[bitmap + (inBlock / 8)] & (0x80 >> (inBlock % 8))) != 0;
    }

    /// <summary>
    /// What a sound VHD needs of its BAT: every entry either unallocated or a whole block (bitmap
    /// and data) inside the file, overlapping no other block, the header, the BAT or a footer.
    /// Space no entry points at (leaked) is allowed.
    /// </summary>
    public void AssertSound()
    {
        var used = new List<(long Start, long End, string What)>
        {
            (0, 512, "footer copy"),
            (HeaderOffset, HeaderOffset + 1024, "dynamic header"),
            (TableOffset, TableOffset + (MaxTableEntries * 4L), "BAT"),
        };
        if (TrailingFooterValid)
        {
            used.Add((Bytes.Length - 512, Bytes.Length, "footer"));
        }

        for (var block = 0; block < Bat.Length; block++)
        {
            if (Bat[block] == 0xFFFFFFFF)
            {
                continue;
            }

            var start = (long)Bat[block] * 512;
            var end = start + BitmapSize + BlockSize;
            Assert.True(end <= Bytes.Length - (TrailingFooterValid ? 512 : 0), $"block {block} ({start}-{end}) is not wholly inside the file ({Bytes.Length} bytes)");
            foreach (var (otherStart, otherEnd, what) in used)
            {
                Assert.False(start < otherEnd && otherStart < end, $"block {block} ({start}-{end}) overlaps {what} ({otherStart}-{otherEnd})");
            }

            used.Add((start, end, $"block {block}"));
        }
    }

    public static bool FooterValid(ReadOnlySpan<byte> footer) =>
        footer[..8].SequenceEqual("conectix"u8) && Checksum(footer, 64) == BinaryPrimitives.ReadUInt32BigEndian(footer[64..]);

    private static uint Checksum(ReadOnlySpan<byte> bytes, int checksumOffset)
    {
        uint sum = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i < checksumOffset || i >= checksumOffset + 4)
            {
                sum += bytes[i];
            }
        }

        return ~sum;
    }
}
