using System.Buffers.Binary;

namespace OfflineRepair.Registry.Tests.Oracles;

/// <summary>
/// Windows' name rules computed from the $UpCase file a Windows 10 volume holds
/// (corpus windows10-upcase.bin), independently of the engine's embedded table: the order subkey
/// lists must keep, name equality, and the lh hash.
/// </summary>
internal static class WindowsNames
{
    private static readonly Lazy<char[]> LazyTable = new(() =>
    {
        var bytes = CorpusFiles.Bytes("windows10-upcase.bin");
        Assert.Equal(65536 * 2, bytes.Length);
        var table = new char[65536];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2));
        }

        return table;
    });

    public static char Upcase(char c) => LazyTable.Value[c];

    public static int Compare(string left, string right)
    {
        var table = LazyTable.Value;
        int common = Math.Min(left.Length, right.Length);
        for (int i = 0; i < common; i++)
        {
            int difference = table[left[i]] - table[right[i]];
            if (difference != 0)
            {
                return difference;
            }
        }

        return left.Length - right.Length;
    }

    public static bool Same(string left, string right) => left.Length == right.Length && Compare(left, right) == 0;

    public static uint LhHash(string name)
    {
        var table = LazyTable.Value;
        uint hash = 0;
        foreach (char c in name)
        {
            hash = unchecked((hash * 37) + table[c]);
        }

        return hash;
    }
}
