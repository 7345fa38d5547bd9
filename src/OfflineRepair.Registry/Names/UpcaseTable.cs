using System.Buffers.Binary;
using System.IO.Compression;

namespace OfflineRepair.Registry.Names;

/// <summary>
/// Windows' own UTF-16 uppercase table (the one RtlUpcaseUnicodeChar uses, and the one mkntfs writes
/// as $UpCase). .NET's ToUpperInvariant and OrdinalIgnoreCase disagree with it on 216 code units,
/// so registry names are never compared with them. The table ships as an embedded resource made by
/// scripts/make-upcase-table.sh; it is stored as deltas so that it compresses to a few hundred bytes.
/// </summary>
public static class UpcaseTable
{
    private static readonly char[] Table = Load();

    /// <summary>The uppercase of one UTF-16 code unit, as Windows folds it (surrogates are not folded).</summary>
    public static char ToUpper(char c) => Table[c];

    /// <summary>A copy of the whole 65536-entry table, little-endian, as $UpCase stores it.</summary>
    public static byte[] ToBytes()
    {
        var bytes = new byte[Table.Length * 2];
        for (int i = 0; i < Table.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), Table[i]);
        }

        return bytes;
    }

    private static char[] Load()
    {
        using var resource = typeof(UpcaseTable).Assembly.GetManifestResourceStream("OfflineRepair.Registry.upcase.bin.gz")
            ?? throw new InvalidOperationException("the embedded uppercase table is missing from the assembly");
        using var unzip = new GZipStream(resource, CompressionMode.Decompress);
        var deltas = new byte[65536 * 2];
        unzip.ReadExactly(deltas);
        var table = new char[65536];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (char)(ushort)(i + BinaryPrimitives.ReadUInt16LittleEndian(deltas.AsSpan(i * 2)));
        }

        return table;
    }
}
