using System.Buffers.Binary;

namespace OfflineRepair.Partitions;

/// <summary>Sector 0 of a disk (and, with the same shape, each extended boot record): a signature and four entries.</summary>
internal sealed class MasterBootRecord
{
    private MasterBootRecord(uint diskSignature, MbrPartitionEntry[] entries)
    {
        DiskSignature = diskSignature;
        Entries = entries;
    }

    /// <summary>The 32-bit disk signature Windows uses (in the BCD and MountedDevices) to find an MBR disk's partitions.</summary>
    public uint DiskSignature { get; }

    public IReadOnlyList<MbrPartitionEntry> Entries { get; }

    public static bool HasBootSignature(ReadOnlySpan<byte> sector) =>
        sector.Length >= MbrLayout.Size
        && BinaryPrimitives.ReadUInt16LittleEndian(sector[MbrLayout.BootSignature..]) == MbrLayout.BootSignatureValue;

    /// <summary>Parses a record whose boot signature was checked.</summary>
    public static MasterBootRecord Parse(ReadOnlySpan<byte> sector)
    {
        var entries = new MbrPartitionEntry[MbrLayout.EntryCount];
        for (int slot = 0; slot < entries.Length; slot++)
        {
            entries[slot] = MbrPartitionEntry.Parse(sector.Slice(MbrLayout.FirstEntry + (slot * MbrLayout.EntrySize), MbrLayout.EntrySize));
        }

        return new MasterBootRecord(BinaryPrimitives.ReadUInt32LittleEndian(sector[MbrLayout.DiskSignature..]), entries);
    }

    public bool IsProtective => Entries.Any(e => e.Type == PartitionTypes.MbrGptProtective);
}
