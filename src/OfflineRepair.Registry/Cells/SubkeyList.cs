using System.Buffers.Binary;
using OfflineRepair.Registry.Format;

namespace OfflineRepair.Registry.Cells;

/// <summary>
/// The subkey list cells: leaves 'li' (offsets), 'lf' (offset + 4-character hint), 'lh' (offset +
/// name hash), and the index root 'ri' whose entries are leaves.
/// </summary>
internal static class SubkeyList
{
    public const ushort IndexLeaf = 0x696C; // "li"
    public const ushort FastLeaf = 0x666C; // "lf"
    public const ushort HashLeaf = 0x686C; // "lh"
    public const ushort IndexRoot = 0x6972; // "ri"
    public const int HeaderSize = 4;

    /// <summary>
    /// Entries per leaf before it is split: one lh or lf leaf that fills a 4 KiB bin, as offreg splits
    /// (4096 - 32 bin header - 8 cell header and list header) / 8.
    /// </summary>
    public const int MaxLeafEntries = 507;

    public static ushort Kind(ReadOnlySpan<byte> cell) => BinaryPrimitives.ReadUInt16LittleEndian(cell);

    public static int Count(ReadOnlySpan<byte> cell) => BinaryPrimitives.ReadUInt16LittleEndian(cell[2..]);

    public static bool IsLeaf(ushort kind) => kind is IndexLeaf or FastLeaf or HashLeaf;

    public static int EntrySize(ushort kind) => kind is FastLeaf or HashLeaf ? 8 : 4;

    public static string KindName(ushort kind) => kind switch
    {
        IndexLeaf => "li list",
        FastLeaf => "lf list",
        HashLeaf => "lh list",
        IndexRoot => "ri list",
        _ => "subkey list",
    };

    /// <summary>Checks signature and that the entries fit in the cell; returns the kind.</summary>
    public static ushort Check(ReadOnlySpan<byte> cell, long fileOffset)
    {
        if (cell.Length < HeaderSize)
        {
            throw new HiveFormatException("subkey list", fileOffset, "cell too small for a list header");
        }

        ushort kind = Kind(cell);
        if (!IsLeaf(kind) && kind != IndexRoot)
        {
            throw new HiveFormatException("subkey list", fileOffset, $"unknown signature 0x{kind:X4}");
        }

        if (HeaderSize + ((long)Count(cell) * EntrySize(kind)) > cell.Length)
        {
            throw new HiveFormatException(KindName(kind), fileOffset, $"{Count(cell)} entries do not fit in a cell of {cell.Length} bytes");
        }

        return kind;
    }

    public static uint EntryOffset(ReadOnlySpan<byte> cell, ushort kind, int index) =>
        BinaryPrimitives.ReadUInt32LittleEndian(cell[(HeaderSize + (index * EntrySize(kind)))..]);

    public static uint EntryExtra(ReadOnlySpan<byte> cell, int index) =>
        BinaryPrimitives.ReadUInt32LittleEndian(cell[(HeaderSize + (index * 8) + 4)..]);

    public static void WriteHeader(Span<byte> cell, ushort kind, int count)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(cell, kind);
        BinaryPrimitives.WriteUInt16LittleEndian(cell[2..], (ushort)count);
    }

    /// <summary>
    /// The lf hint: the first four characters of the name as stored, not uppercased; a character
    /// above U+00FF contributes a zero byte.
    /// </summary>
    public static uint FastLeafHint(ReadOnlySpan<char> name)
    {
        Span<byte> hint = stackalloc byte[4];
        for (int i = 0; i < 4 && i < name.Length; i++)
        {
            hint[i] = name[i] <= 0xFF ? (byte)name[i] : (byte)0;
        }

        return BinaryPrimitives.ReadUInt32LittleEndian(hint);
    }

    public static long FileOffset(uint cellOffset) => BaseBlock.Size + (long)cellOffset;
}
