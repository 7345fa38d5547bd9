using System.Buffers.Binary;

namespace OfflineRepair.Registry.Format;

/// <summary>The 32-byte header of a hive bin (hbin). Bins are 4 KiB multiples and tile the hive bins data.</summary>
internal static class HiveBinHeader
{
    public const int Size = 32;
    public const int PageSize = 4096;
    public const uint Signature = 0x6E696268; // "hbin"
    public const int OffsetField = 4;
    public const int SizeField = 8;
    public const int TimestampField = 20;

    public static bool HasSignature(ReadOnlySpan<byte> bin) => BinaryPrimitives.ReadUInt32LittleEndian(bin) == Signature;
    public static uint Offset(ReadOnlySpan<byte> bin) => BinaryPrimitives.ReadUInt32LittleEndian(bin[OffsetField..]);
    public static uint BinSize(ReadOnlySpan<byte> bin) => BinaryPrimitives.ReadUInt32LittleEndian(bin[SizeField..]);

    public static void Write(Span<byte> bin, uint offset, uint size, long timestamp)
    {
        bin[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(bin, Signature);
        BinaryPrimitives.WriteUInt32LittleEndian(bin[OffsetField..], offset);
        BinaryPrimitives.WriteUInt32LittleEndian(bin[SizeField..], size);
        BinaryPrimitives.WriteInt64LittleEndian(bin[TimestampField..], timestamp);
    }
}
