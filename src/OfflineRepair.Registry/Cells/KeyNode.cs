using System.Buffers.Binary;
using System.Text;

namespace OfflineRepair.Registry.Cells;

/// <summary>The key node cell ('nk'): one registry key. Offsets are into the cell's data.</summary>
internal static class KeyNode
{
    public const ushort Signature = 0x6B6E; // "nk"
    public const int FixedSize = 76;

    public const int FlagsField = 2;
    public const int LastWriteField = 4;
    public const int AccessBitsField = 12;
    public const int ParentField = 16;
    public const int SubkeyCountField = 20;
    public const int VolatileSubkeyCountField = 24;
    public const int SubkeyListField = 28;
    public const int VolatileSubkeyListField = 32;
    public const int ValueCountField = 36;
    public const int ValueListField = 40;
    public const int SecurityField = 44;
    public const int ClassField = 48;
    public const int MaxSubkeyNameField = 52;
    public const int MaxSubkeyClassField = 56;
    public const int MaxValueNameField = 60;
    public const int MaxValueDataField = 64;
    public const int WorkVarField = 68;
    public const int NameLengthField = 72;
    public const int ClassLengthField = 74;
    public const int NameField = 76;

    public const ushort FlagHiveEntry = 0x0004;
    public const ushort FlagCompressedName = 0x0020;

    public static ushort Flags(ReadOnlySpan<byte> nk) => U16(nk, FlagsField);
    public static long LastWrite(ReadOnlySpan<byte> nk) => BinaryPrimitives.ReadInt64LittleEndian(nk[LastWriteField..]);
    public static uint Parent(ReadOnlySpan<byte> nk) => U32(nk, ParentField);
    public static uint SubkeyCount(ReadOnlySpan<byte> nk) => U32(nk, SubkeyCountField);
    public static uint SubkeyList(ReadOnlySpan<byte> nk) => U32(nk, SubkeyListField);
    public static uint ValueCount(ReadOnlySpan<byte> nk) => U32(nk, ValueCountField);
    public static uint ValueList(ReadOnlySpan<byte> nk) => U32(nk, ValueListField);
    public static uint Security(ReadOnlySpan<byte> nk) => U32(nk, SecurityField);
    public static uint Class(ReadOnlySpan<byte> nk) => U32(nk, ClassField);
    public static ushort ClassLength(ReadOnlySpan<byte> nk) => U16(nk, ClassLengthField);
    public static uint MaxSubkeyName(ReadOnlySpan<byte> nk) => U32(nk, MaxSubkeyNameField);
    public static uint MaxSubkeyClass(ReadOnlySpan<byte> nk) => U32(nk, MaxSubkeyClassField);
    public static uint MaxValueName(ReadOnlySpan<byte> nk) => U32(nk, MaxValueNameField);
    public static uint MaxValueData(ReadOnlySpan<byte> nk) => U32(nk, MaxValueDataField);
    public static ushort NameLength(ReadOnlySpan<byte> nk) => U16(nk, NameLengthField);
    public static bool HasCompressedName(ReadOnlySpan<byte> nk) => (Flags(nk) & FlagCompressedName) != 0;

    public static void SetLastWrite(Span<byte> nk, long fileTime) => BinaryPrimitives.WriteInt64LittleEndian(nk[LastWriteField..], fileTime);
    public static void SetSubkeyCount(Span<byte> nk, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(nk[SubkeyCountField..], value);
    public static void SetSubkeyList(Span<byte> nk, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(nk[SubkeyListField..], value);
    public static void SetValueCount(Span<byte> nk, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(nk[ValueCountField..], value);
    public static void SetValueList(Span<byte> nk, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(nk[ValueListField..], value);
    public static void SetMaxValueName(Span<byte> nk, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(nk[MaxValueNameField..], value);
    public static void SetMaxValueData(Span<byte> nk, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(nk[MaxValueDataField..], value);

    /// <summary>
    /// Raises the low 16 bits of the largest-subkey-name field only: the upper bits hold
    /// virtualization and debug flags that must survive.
    /// </summary>
    public static void RaiseMaxSubkeyName(Span<byte> nk, int utf16Bytes)
    {
        uint field = MaxSubkeyName(nk);
        uint low = field & 0xFFFF;
        if ((uint)utf16Bytes > low)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(nk[MaxSubkeyNameField..], (field & 0xFFFF0000) | ((uint)utf16Bytes & 0xFFFF));
        }
    }

    /// <summary>The stored name bytes, checked to fit in the cell.</summary>
    public static ReadOnlySpan<byte> RawName(ReadOnlySpan<byte> nk, long fileOffset)
    {
        if (nk.Length < FixedSize)
        {
            throw new HiveFormatException("key node", fileOffset, $"cell of {nk.Length} bytes is smaller than a key node");
        }

        if (U16(nk, 0) != Signature)
        {
            throw new HiveFormatException("key node", fileOffset, "no 'nk' signature");
        }

        int length = NameLength(nk);
        if (length == 0 || NameField + length > nk.Length)
        {
            throw new HiveFormatException("key node", fileOffset, $"name length {length} is empty or runs past the cell");
        }

        return nk.Slice(NameField, length);
    }

    public static string Name(ReadOnlySpan<byte> nk, long fileOffset) =>
        DecodeName(RawName(nk, fileOffset), HasCompressedName(nk));

    /// <summary>Name length in UTF-16 bytes, the unit of the max-length fields even for compressed names.</summary>
    public static int NameUtf16Bytes(ReadOnlySpan<byte> nk) => HasCompressedName(nk) ? NameLength(nk) * 2 : NameLength(nk);

    public static string DecodeName(ReadOnlySpan<byte> raw, bool compressed) =>
        compressed ? Encoding.Latin1.GetString(raw) : Encoding.Unicode.GetString(raw[..(raw.Length & ~1)]);

    /// <summary>Names whose every character is at most U+00FF are stored one byte per character, as Windows does.</summary>
    public static bool CanCompress(ReadOnlySpan<char> name)
    {
        foreach (char c in name)
        {
            if (c > 0xFF)
            {
                return false;
            }
        }

        return true;
    }

    public static byte[] EncodeName(string name, out bool compressed)
    {
        compressed = CanCompress(name);
        return compressed ? Encoding.Latin1.GetBytes(name) : Encoding.Unicode.GetBytes(name);
    }

    /// <summary>Writes a fresh key node into a zeroed cell.</summary>
    public static void Initialize(Span<byte> nk, ReadOnlySpan<byte> name, bool compressed, uint parent, uint security, long fileTime)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(nk, Signature);
        BinaryPrimitives.WriteUInt16LittleEndian(nk[FlagsField..], compressed ? FlagCompressedName : (ushort)0);
        SetLastWrite(nk, fileTime);
        BinaryPrimitives.WriteUInt32LittleEndian(nk[ParentField..], parent);
        BinaryPrimitives.WriteUInt32LittleEndian(nk[SubkeyListField..], Storage.HiveImage.NoCell);
        BinaryPrimitives.WriteUInt32LittleEndian(nk[VolatileSubkeyListField..], Storage.HiveImage.NoCell);
        BinaryPrimitives.WriteUInt32LittleEndian(nk[ValueListField..], Storage.HiveImage.NoCell);
        BinaryPrimitives.WriteUInt32LittleEndian(nk[SecurityField..], security);
        BinaryPrimitives.WriteUInt32LittleEndian(nk[ClassField..], Storage.HiveImage.NoCell);
        BinaryPrimitives.WriteUInt16LittleEndian(nk[NameLengthField..], (ushort)name.Length);
        name.CopyTo(nk[NameField..]);
    }

    private static ushort U16(ReadOnlySpan<byte> s, int o) => BinaryPrimitives.ReadUInt16LittleEndian(s[o..]);
    private static uint U32(ReadOnlySpan<byte> s, int o) => BinaryPrimitives.ReadUInt32LittleEndian(s[o..]);
}
