using System.Buffers.Binary;

namespace OfflineRepair.Fat;

/// <summary>A file or folder in a FAT directory: its short (8.3) entry plus the long name that belongs to it.</summary>
public sealed class FatDirectoryEntry
{
    private FatDirectoryEntry()
    {
    }

    /// <summary>The long name when there is one that belongs to the entry, else the short name (with NT lowercase bits applied).</summary>
    public string Name => LongName ?? ShortName;

    public string? LongName { get; private init; }

    /// <summary>The 8.3 name as "NAME.EXT" (lowercased where the NT case bits say so).</summary>
    public string ShortName { get; private init; } = "";

    public FatAttributes Attributes { get; private init; }

    public bool IsDirectory => (Attributes & FatAttributes.Directory) != 0;

    /// <summary>File size in bytes; 0 for folders.</summary>
    public uint Size { get; private init; }

    /// <summary>First cluster (high word only on FAT32); 0 for an empty file.</summary>
    public uint FirstCluster { get; private init; }

    /// <summary>Byte 0x0C: bit 3 base name lowercase, bit 4 extension lowercase (Windows NT and later).</summary>
    public byte NtCaseFlags { get; private init; }

    public DateTime? Created { get; private init; }

    public DateTime? Modified { get; private init; }

    /// <summary>Last access date (FAT keeps no access time).</summary>
    public DateTime? Accessed { get; private init; }

    /// <summary>Byte offset in the volume of the 32-byte short entry, where a writer updates size and clusters.</summary>
    public long EntryOffset { get; private init; }

    /// <summary>The entry's raw 11 name bytes, for checksums and exact matching.</summary>
    internal byte[] RawShortName { get; private init; } = [];

    public override string ToString() => IsDirectory ? Name + "\\" : $"{Name} ({Size} bytes)";

    internal static FatDirectoryEntry Parse(ReadOnlySpan<byte> entry, string? longName, long entryOffset, FatType type)
    {
        byte ntCase = entry[FatLayout.NtCaseOffset];
        uint high = type == FatType.Fat32 ? BinaryPrimitives.ReadUInt16LittleEndian(entry[FatLayout.FirstClusterHighOffset..]) : 0u;
        uint low = BinaryPrimitives.ReadUInt16LittleEndian(entry[FatLayout.FirstClusterLowOffset..]);
        var attributes = (FatAttributes)entry[FatLayout.AttributesOffset];
        return new FatDirectoryEntry
        {
            LongName = longName,
            ShortName = Fat.ShortName.Format(entry[..FatLayout.ShortNameLength], ntCase),
            Attributes = attributes,
            Size = (attributes & FatAttributes.Directory) != 0 ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(entry[FatLayout.FileSizeOffset..]),
            FirstCluster = (high << 16) | low,
            NtCaseFlags = ntCase,
            Created = DosDateTime.Decode(
                BinaryPrimitives.ReadUInt16LittleEndian(entry[FatLayout.CreationDateOffset..]),
                BinaryPrimitives.ReadUInt16LittleEndian(entry[FatLayout.CreationTimeOffset..]),
                entry[FatLayout.CreationTenthsOffset]),
            Modified = DosDateTime.Decode(
                BinaryPrimitives.ReadUInt16LittleEndian(entry[FatLayout.WriteDateOffset..]),
                BinaryPrimitives.ReadUInt16LittleEndian(entry[FatLayout.WriteTimeOffset..])),
            Accessed = DosDateTime.Decode(BinaryPrimitives.ReadUInt16LittleEndian(entry[FatLayout.AccessDateOffset..])),
            EntryOffset = entryOffset,
            RawShortName = entry[..FatLayout.ShortNameLength].ToArray(),
        };
    }

    internal bool Matches(string name) =>
        string.Equals(ShortName, name, StringComparison.OrdinalIgnoreCase)
        || (LongName is not null && string.Equals(LongName, name, StringComparison.OrdinalIgnoreCase));
}
