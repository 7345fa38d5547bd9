using System.Buffers.Binary;

namespace OfflineRepair.Registry.Cells;

/// <summary>
/// The security cell ('sk'): a self-relative security descriptor shared by the keys that point at
/// it, with a reference count, on a circular doubly-linked list of all sk cells.
/// </summary>
internal static class SecurityCell
{
    public const ushort Signature = 0x6B73; // "sk"
    public const int FixedSize = 20;
    public const int FlinkField = 4;
    public const int BlinkField = 8;
    public const int ReferenceCountField = 12;
    public const int DescriptorSizeField = 16;
    public const int DescriptorField = 20;

    public static void Check(ReadOnlySpan<byte> sk, long fileOffset)
    {
        if (sk.Length < FixedSize || BinaryPrimitives.ReadUInt16LittleEndian(sk) != Signature)
        {
            throw new HiveFormatException("security cell", fileOffset, "no 'sk' signature or cell too small");
        }

        if (DescriptorField + (long)DescriptorSize(sk) > sk.Length)
        {
            throw new HiveFormatException("security cell", fileOffset, $"descriptor size {DescriptorSize(sk)} runs past the cell");
        }
    }

    public static uint Flink(ReadOnlySpan<byte> sk) => BinaryPrimitives.ReadUInt32LittleEndian(sk[FlinkField..]);
    public static uint Blink(ReadOnlySpan<byte> sk) => BinaryPrimitives.ReadUInt32LittleEndian(sk[BlinkField..]);
    public static uint ReferenceCount(ReadOnlySpan<byte> sk) => BinaryPrimitives.ReadUInt32LittleEndian(sk[ReferenceCountField..]);
    public static uint DescriptorSize(ReadOnlySpan<byte> sk) => BinaryPrimitives.ReadUInt32LittleEndian(sk[DescriptorSizeField..]);

    public static void SetFlink(Span<byte> sk, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(sk[FlinkField..], value);
    public static void SetBlink(Span<byte> sk, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(sk[BlinkField..], value);
    public static void SetReferenceCount(Span<byte> sk, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(sk[ReferenceCountField..], value);
}
