using System.Buffers.Binary;
using System.Text;

namespace OfflineRepair.Partitions;

/// <summary>One entry of the GPT partition entry array (the first 128 bytes; larger entries only add reserved space).</summary>
internal readonly record struct GptPartitionEntry(Guid TypeGuid, Guid UniqueGuid, ulong FirstLba, ulong LastLba, ulong Attributes, string Name)
{
    /// <summary>An all-zero type GUID marks an unused slot.</summary>
    public bool IsUnused => TypeGuid == Guid.Empty;

    public static GptPartitionEntry Parse(ReadOnlySpan<byte> entry)
    {
        // GUIDs are stored in the mixed-endian order that Guid(ReadOnlySpan<byte>) expects.
        var nameBytes = entry.Slice(GptLayout.EntryName, GptLayout.EntryNameBytes);
        var name = Encoding.Unicode.GetString(nameBytes);
        var nul = name.IndexOf('\0', StringComparison.Ordinal);
        return new GptPartitionEntry(
            new Guid(entry.Slice(GptLayout.EntryTypeGuid, 16)),
            new Guid(entry.Slice(GptLayout.EntryUniqueGuid, 16)),
            BinaryPrimitives.ReadUInt64LittleEndian(entry[GptLayout.EntryFirstLba..]),
            BinaryPrimitives.ReadUInt64LittleEndian(entry[GptLayout.EntryLastLba..]),
            BinaryPrimitives.ReadUInt64LittleEndian(entry[GptLayout.EntryAttributes..]),
            nul < 0 ? name : name[..nul]);
    }
}
