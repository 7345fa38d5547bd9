using System.Buffers.Binary;

namespace OfflineRepair.Registry.Cells;

/// <summary>
/// The big-data cell ('db', hive minor version 4 and later): data over 16344 bytes split into
/// segments of 16344 bytes, each in its own 16352-byte cell, listed by a segment-list cell.
/// </summary>
internal static class BigData
{
    public const ushort Signature = 0x6264; // "db"
    public const int SegmentSize = 16344;
    public const int CellDataSize = 8;
    public const uint FirstMinorVersion = 4;

    public static bool Applies(uint minorVersion, int length) => minorVersion >= FirstMinorVersion && length > SegmentSize;

    public static bool HasSignature(ReadOnlySpan<byte> cell) => cell.Length >= CellDataSize && BinaryPrimitives.ReadUInt16LittleEndian(cell) == Signature;

    public static ushort SegmentCount(ReadOnlySpan<byte> db) => BinaryPrimitives.ReadUInt16LittleEndian(db[2..]);

    public static uint SegmentList(ReadOnlySpan<byte> db) => BinaryPrimitives.ReadUInt32LittleEndian(db[4..]);

    public static int SegmentsFor(int length) => (length + SegmentSize - 1) / SegmentSize;

    public static void Initialize(Span<byte> db, ushort segments, uint segmentList)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(db, Signature);
        BinaryPrimitives.WriteUInt16LittleEndian(db[2..], segments);
        BinaryPrimitives.WriteUInt32LittleEndian(db[4..], segmentList);
    }
}
