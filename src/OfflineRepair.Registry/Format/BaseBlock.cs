using System.Buffers.Binary;
using System.Text;

namespace OfflineRepair.Registry.Format;

/// <summary>
/// The 4096-byte base block at the start of a hive or log file. Only the fields the engine reads or
/// changes are exposed; every other byte is carried along untouched.
/// </summary>
internal static class BaseBlock
{
    public const int Size = 4096;
    public const int ChecksummedLength = 508;
    public const uint Signature = 0x66676572; // "regf"

    public const int SignatureOffset = 0;
    public const int PrimarySequenceOffset = 4;
    public const int SecondarySequenceOffset = 8;
    public const int TimestampOffset = 12;
    public const int MajorVersionOffset = 20;
    public const int MinorVersionOffset = 24;
    public const int FileTypeOffset = 28;
    public const int FileFormatOffset = 32;
    public const int RootCellOffset = 36;
    public const int HiveBinsSizeOffset = 40;
    public const int ClusteringFactorOffset = 44;
    public const int FileNameOffset = 48;
    public const int FileNameLength = 64;
    public const int FlagsOffset = 144;
    public const int ChecksumOffset = 508;

    public const uint FileTypePrimary = 0;
    public const uint FileTypeOldLog = 1;
    public const uint FileTypeNewLog = 6;

    public static uint PrimarySequence(ReadOnlySpan<byte> block) => U32(block, PrimarySequenceOffset);
    public static uint SecondarySequence(ReadOnlySpan<byte> block) => U32(block, SecondarySequenceOffset);
    public static long Timestamp(ReadOnlySpan<byte> block) => BinaryPrimitives.ReadInt64LittleEndian(block[TimestampOffset..]);
    public static uint MajorVersion(ReadOnlySpan<byte> block) => U32(block, MajorVersionOffset);
    public static uint MinorVersion(ReadOnlySpan<byte> block) => U32(block, MinorVersionOffset);
    public static uint FileType(ReadOnlySpan<byte> block) => U32(block, FileTypeOffset);
    public static uint FileFormat(ReadOnlySpan<byte> block) => U32(block, FileFormatOffset);
    public static uint RootCell(ReadOnlySpan<byte> block) => U32(block, RootCellOffset);
    public static uint HiveBinsSize(ReadOnlySpan<byte> block) => U32(block, HiveBinsSizeOffset);
    public static uint ClusteringFactor(ReadOnlySpan<byte> block) => U32(block, ClusteringFactorOffset);
    public static uint Flags(ReadOnlySpan<byte> block) => U32(block, FlagsOffset);
    public static uint StoredChecksum(ReadOnlySpan<byte> block) => U32(block, ChecksumOffset);

    public static void SetPrimarySequence(Span<byte> block, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(block[PrimarySequenceOffset..], value);
    public static void SetSecondarySequence(Span<byte> block, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(block[SecondarySequenceOffset..], value);
    public static void SetTimestamp(Span<byte> block, long value) => BinaryPrimitives.WriteInt64LittleEndian(block[TimestampOffset..], value);
    public static void SetFileType(Span<byte> block, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(block[FileTypeOffset..], value);
    public static void SetHiveBinsSize(Span<byte> block, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(block[HiveBinsSizeOffset..], value);
    public static void SetFlags(Span<byte> block, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(block[FlagsOffset..], value);

    public static bool HasSignature(ReadOnlySpan<byte> block) => block.Length >= 4 && U32(block, SignatureOffset) == Signature;

    /// <summary>
    /// XOR of the first 127 dwords, with Windows' two special cases: a result of 0 is stored as 1
    /// and 0xFFFFFFFF as 0xFFFFFFFE (many tools forget these).
    /// </summary>
    public static uint ComputeChecksum(ReadOnlySpan<byte> block)
    {
        uint sum = 0;
        for (int i = 0; i < ChecksummedLength; i += 4)
        {
            sum ^= BinaryPrimitives.ReadUInt32LittleEndian(block[i..]);
        }

        return sum switch
        {
            0 => 1,
            0xFFFFFFFF => 0xFFFFFFFE,
            _ => sum,
        };
    }

    public static bool ChecksumIsValid(ReadOnlySpan<byte> block) => StoredChecksum(block) == ComputeChecksum(block);

    public static void UpdateChecksum(Span<byte> block) =>
        BinaryPrimitives.WriteUInt32LittleEndian(block[ChecksumOffset..], ComputeChecksum(block));

    /// <summary>The debug file name (last 31 characters of the path Windows loaded the hive from).</summary>
    public static string FileName(ReadOnlySpan<byte> block)
    {
        var raw = block.Slice(FileNameOffset, FileNameLength);
        var text = Encoding.Unicode.GetString(raw);
        int nul = text.IndexOf('\0', StringComparison.Ordinal);
        return nul >= 0 ? text[..nul] : text;
    }

    /// <summary>
    /// Checks the fields Windows checks before trusting a primary file's base block, except the
    /// sequence numbers (which decide dirty or clean, not valid or invalid).
    /// </summary>
    public static void Validate(ReadOnlySpan<byte> block, long fileLength, uint expectedFileType)
    {
        if (block.Length < Size)
        {
            throw new HiveFormatException("base block", 0, $"file is {block.Length} bytes, shorter than the 4096-byte base block");
        }

        if (!HasSignature(block))
        {
            throw new HiveFormatException("base block", 0, "no 'regf' signature: not a registry hive");
        }

        uint major = MajorVersion(block);
        uint minor = MinorVersion(block);
        if (major != 1 || minor < 3 || minor > 6)
        {
            throw new HiveFormatException("base block", MajorVersionOffset, $"unsupported hive version {major}.{minor} (1.3 to 1.6 are supported)");
        }

        if (FileType(block) != expectedFileType)
        {
            throw new HiveFormatException("base block", FileTypeOffset, $"file type {FileType(block)}, expected {expectedFileType}");
        }

        if (FileFormat(block) != 1)
        {
            throw new HiveFormatException("base block", FileFormatOffset, $"file format {FileFormat(block)}, expected 1");
        }

        uint binsSize = HiveBinsSize(block);
        if (binsSize == 0 || binsSize % 4096 != 0)
        {
            throw new HiveFormatException("base block", HiveBinsSizeOffset, $"hive bins size 0x{binsSize:X} is not a non-zero multiple of 4096");
        }

        if (fileLength >= 0 && Size + (long)binsSize > fileLength)
        {
            throw new HiveFormatException("base block", HiveBinsSizeOffset, $"hive bins size 0x{binsSize:X} runs past the end of the {fileLength}-byte file");
        }
    }

    private static uint U32(ReadOnlySpan<byte> block, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(block[offset..]);
}
