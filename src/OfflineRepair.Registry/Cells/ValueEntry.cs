using System.Buffers.Binary;

namespace OfflineRepair.Registry.Cells;

/// <summary>The value cell ('vk'): a value's name, type and where its data is.</summary>
internal static class ValueEntry
{
    public const ushort Signature = 0x6B76; // "vk"
    public const int FixedSize = 20;
    public const int NameLengthField = 2;
    public const int DataSizeField = 4;
    public const int DataField = 8;
    public const int TypeField = 12;
    public const int FlagsField = 16;
    public const int NameField = 20;

    public const ushort FlagCompressedName = 0x0001;

    /// <summary>Bit 31 of the data size: the data sits in the data-offset field itself (4 bytes or less).</summary>
    public const uint InlineFlag = 0x80000000;

    public const int MaxInline = 4;

    public static void Check(ReadOnlySpan<byte> vk, long fileOffset)
    {
        if (vk.Length < FixedSize)
        {
            throw new HiveFormatException("value", fileOffset, $"cell of {vk.Length} bytes is smaller than a value record");
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(vk) != Signature)
        {
            throw new HiveFormatException("value", fileOffset, "no 'vk' signature");
        }

        if (NameField + NameLength(vk) > vk.Length)
        {
            throw new HiveFormatException("value", fileOffset, $"name length {NameLength(vk)} runs past the cell");
        }
    }

    public static ushort NameLength(ReadOnlySpan<byte> vk) => BinaryPrimitives.ReadUInt16LittleEndian(vk[NameLengthField..]);
    public static uint RawDataSize(ReadOnlySpan<byte> vk) => BinaryPrimitives.ReadUInt32LittleEndian(vk[DataSizeField..]);
    public static uint DataOffset(ReadOnlySpan<byte> vk) => BinaryPrimitives.ReadUInt32LittleEndian(vk[DataField..]);
    public static uint Type(ReadOnlySpan<byte> vk) => BinaryPrimitives.ReadUInt32LittleEndian(vk[TypeField..]);
    public static ushort Flags(ReadOnlySpan<byte> vk) => BinaryPrimitives.ReadUInt16LittleEndian(vk[FlagsField..]);
    public static bool IsInline(ReadOnlySpan<byte> vk) => (RawDataSize(vk) & InlineFlag) != 0;
    public static uint DataLength(ReadOnlySpan<byte> vk) => RawDataSize(vk) & ~InlineFlag;
    public static bool HasCompressedName(ReadOnlySpan<byte> vk) => (Flags(vk) & FlagCompressedName) != 0;

    public static string Name(ReadOnlySpan<byte> vk) =>
        KeyNode.DecodeName(vk.Slice(NameField, NameLength(vk)), HasCompressedName(vk));

    public static int NameUtf16Bytes(ReadOnlySpan<byte> vk) => HasCompressedName(vk) ? NameLength(vk) * 2 : NameLength(vk);

    public static void Initialize(Span<byte> vk, ReadOnlySpan<byte> name, bool compressed)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(vk, Signature);
        BinaryPrimitives.WriteUInt16LittleEndian(vk[NameLengthField..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(vk[FlagsField..], compressed ? FlagCompressedName : (ushort)0);
        name.CopyTo(vk[NameField..]);
    }

    public static void SetData(Span<byte> vk, uint type, uint rawSize, uint dataField)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(vk[DataSizeField..], rawSize);
        BinaryPrimitives.WriteUInt32LittleEndian(vk[DataField..], dataField);
        BinaryPrimitives.WriteUInt32LittleEndian(vk[TypeField..], type);
    }
}
