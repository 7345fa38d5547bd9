using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace OfflineRepair.Partitions;

/// <summary>A GPT header (primary at LBA 1, backup at the disk's last LBA), with every field checked.</summary>
internal sealed class GptHeader
{
    public uint Revision { get; private init; }

    public int HeaderSize { get; private init; }

    public long MyLba { get; private init; }

    public long AlternateLba { get; private init; }

    public long FirstUsableLba { get; private init; }

    public long LastUsableLba { get; private init; }

    public Guid DiskGuid { get; private init; }

    public long EntriesLba { get; private init; }

    public int EntryCount { get; private init; }

    public int EntrySize { get; private init; }

    public uint EntriesCrc { get; private init; }

    public long EntriesLength => (long)EntryCount * EntrySize;

    /// <summary>
    /// Parses the header in <paramref name="sector"/>, read from <paramref name="lba"/>. False with the
    /// broken rule in <paramref name="problem"/> when the header is not a valid one for that place.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> sector, long lba, long diskSectors, [NotNullWhen(true)] out GptHeader? header, out string problem)
    {
        header = null;
        if (BinaryPrimitives.ReadUInt64LittleEndian(sector[GptLayout.SignatureOffset..]) != GptLayout.Signature)
        {
            problem = "no \"EFI PART\" signature";
            return false;
        }

        var revision = BinaryPrimitives.ReadUInt32LittleEndian(sector[GptLayout.Revision..]);
        if ((revision & 0xFFFF0000) != GptLayout.RevisionMajor1)
        {
            problem = $"revision 0x{revision:X8} is not 1.x";
            return false;
        }

        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(sector[GptLayout.HeaderSize..]);
        if (headerSize < GptLayout.MinHeaderSize || headerSize > sector.Length)
        {
            problem = $"header size {headerSize} is outside {GptLayout.MinHeaderSize}..{sector.Length}";
            return false;
        }

        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(sector[GptLayout.HeaderCrc..]);
        var running = Crc32.Append(Crc32.Start, sector[..GptLayout.HeaderCrc]);
        running = Crc32.Append(running, [0, 0, 0, 0]); // the CRC is computed with its own field zeroed
        running = Crc32.Append(running, sector[(GptLayout.HeaderCrc + 4)..(int)headerSize]);
        var computedCrc = Crc32.Finish(running);
        if (computedCrc != storedCrc)
        {
            problem = $"header CRC-32 0x{storedCrc:X8} does not match the computed 0x{computedCrc:X8}";
            return false;
        }

        var myLba = BinaryPrimitives.ReadUInt64LittleEndian(sector[GptLayout.MyLba..]);
        if (myLba != (ulong)lba)
        {
            problem = $"MyLBA {myLba} but the header was read from LBA {lba}";
            return false;
        }

        var alternate = BinaryPrimitives.ReadUInt64LittleEndian(sector[GptLayout.AlternateLba..]);
        var firstUsable = BinaryPrimitives.ReadUInt64LittleEndian(sector[GptLayout.FirstUsableLba..]);
        var lastUsable = BinaryPrimitives.ReadUInt64LittleEndian(sector[GptLayout.LastUsableLba..]);
        var entriesLba = BinaryPrimitives.ReadUInt64LittleEndian(sector[GptLayout.EntriesLba..]);
        var entryCount = BinaryPrimitives.ReadUInt32LittleEndian(sector[GptLayout.EntryCount..]);
        var entrySize = BinaryPrimitives.ReadUInt32LittleEndian(sector[GptLayout.EntrySize..]);

        // A disk grown after partitioning (Azure disk resize) keeps its backup header where it was,
        // so the alternate LBA may be before the last sector; past the end it cannot be.
        if (alternate >= (ulong)diskSectors || alternate == myLba || alternate < 1)
        {
            problem = $"AlternateLBA {alternate} is not another sector of the disk ({diskSectors} sectors)";
            return false;
        }

        if (firstUsable > lastUsable + 1 || lastUsable >= (ulong)diskSectors)
        {
            problem = $"usable LBAs {firstUsable}..{lastUsable} are not a range inside the disk ({diskSectors} sectors)";
            return false;
        }

        if (myLba >= firstUsable && myLba <= lastUsable)
        {
            problem = $"the header's own LBA {myLba} is inside the usable LBAs {firstUsable}..{lastUsable}";
            return false;
        }

        if (entrySize < GptLayout.MinEntrySize || entrySize > GptLayout.MaxEntrySize || entrySize % GptLayout.MinEntrySize != 0)
        {
            problem = $"entry size {entrySize} is not a multiple of {GptLayout.MinEntrySize} up to {GptLayout.MaxEntrySize}";
            return false;
        }

        if (entryCount > GptLayout.MaxEntryCount)
        {
            problem = $"{entryCount} partition entries (more than {GptLayout.MaxEntryCount} is taken for corruption)";
            return false;
        }

        long arrayBytes = (long)entryCount * entrySize;
        long sectorSize = sector.Length;
        long arraySectors = (arrayBytes + sectorSize - 1) / sectorSize;
        if (entriesLba < 1 || entriesLba >= (ulong)diskSectors || (long)entriesLba > diskSectors - arraySectors)
        {
            problem = $"the entry array (LBA {entriesLba}, {arraySectors} sectors) is not inside the disk ({diskSectors} sectors)";
            return false;
        }

        long arrayFirst = (long)entriesLba;
        long arrayLast = arrayFirst + arraySectors - 1;
        if (arraySectors > 0 && (long)myLba >= arrayFirst && (long)myLba <= arrayLast)
        {
            problem = $"the entry array (LBAs {arrayFirst}..{arrayLast}) covers the header itself";
            return false;
        }

        if (arraySectors > 0 && arrayLast >= (long)firstUsable && arrayFirst <= (long)lastUsable)
        {
            problem = $"the entry array (LBAs {arrayFirst}..{arrayLast}) overlaps the usable LBAs {firstUsable}..{lastUsable}";
            return false;
        }

        header = new GptHeader
        {
            Revision = revision,
            HeaderSize = (int)headerSize,
            MyLba = (long)myLba,
            AlternateLba = (long)alternate,
            FirstUsableLba = (long)firstUsable,
            LastUsableLba = (long)lastUsable,
            DiskGuid = new Guid(sector.Slice(GptLayout.DiskGuid, 16)),
            EntriesLba = (long)entriesLba,
            EntryCount = (int)entryCount,
            EntrySize = (int)entrySize,
            EntriesCrc = BinaryPrimitives.ReadUInt32LittleEndian(sector[GptLayout.EntriesCrc..]),
        };
        problem = "";
        return true;
    }
}
