using System.Buffers.Binary;

namespace OfflineRepair.Partitions;

/// <summary>One 16-byte entry of an MBR or EBR. CHS fields are ignored: every tool since the 1990s uses the LBA ones.</summary>
internal readonly record struct MbrPartitionEntry(byte BootIndicator, byte Type, uint StartLba, uint SectorCount)
{
    public bool IsUnused => Type == PartitionTypes.MbrEmpty;

    public bool IsActive => BootIndicator == MbrLayout.Active;

    public bool IsExtended => PartitionTypes.IsExtended(Type);

    public static MbrPartitionEntry Parse(ReadOnlySpan<byte> entry) => new(
        entry[MbrLayout.EntryBootIndicator],
        entry[MbrLayout.EntryType],
        BinaryPrimitives.ReadUInt32LittleEndian(entry[MbrLayout.EntryStartLba..]),
        BinaryPrimitives.ReadUInt32LittleEndian(entry[MbrLayout.EntrySectorCount..]));

    /// <summary>Byte offset of entry <paramref name="slot"/> (0-3) of the record at <paramref name="recordOffset"/>.</summary>
    public static long OffsetOf(long recordOffset, int slot) => recordOffset + MbrLayout.FirstEntry + (slot * MbrLayout.EntrySize);
}
