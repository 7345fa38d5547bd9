using System.Buffers.Binary;
using System.Globalization;

namespace OfflineRepair.Partitions;

/// <summary>
/// Reads a GUID partition table: the primary header and entry array when both pass their CRC-32s
/// and checks, otherwise the backup pair, saying why. The backup is also checked when the primary is
/// good, so that a damaged backup is reported before something relies on it.
/// </summary>
internal sealed class GuidPartitionTable
{
    private const long PrimaryLba = 1;

    private GuidPartitionTable(GptHeader header, List<Partition> partitions, bool backupUsed, List<string> warnings)
    {
        Header = header;
        Partitions = partitions;
        BackupUsed = backupUsed;
        Warnings = warnings;
    }

    public GptHeader Header { get; }

    public List<Partition> Partitions { get; }

    public bool BackupUsed { get; }

    public List<string> Warnings { get; }

    public static GuidPartitionTable Read(Stream disk, int sectorSize, MasterBootRecord? protectiveMbr)
    {
        long diskSectors = disk.Length / sectorSize;
        if (diskSectors < 3)
        {
            throw new PartitionTableException("GPT header", PrimaryLba * sectorSize, $"the disk has {diskSectors} sectors, too few for a GPT");
        }

        var warnings = new List<string>();
        var primary = TryRead(disk, sectorSize, diskSectors, PrimaryLba, out var entriesBytes, out var primaryProblem);
        if (primary is not null)
        {
            var backup = TryRead(disk, sectorSize, diskSectors, primary.AlternateLba, out var backupBytes, out var backupProblem);
            if (backup is null)
            {
                warnings.Add(Say($"the backup GPT header at LBA {primary.AlternateLba} is invalid: {backupProblem}"));
            }
            else if (!entriesBytes.AsSpan().SequenceEqual(backupBytes) || backup.DiskGuid != primary.DiskGuid)
            {
                warnings.Add(Say($"the backup GPT at LBA {primary.AlternateLba} differs from the primary; the primary is used"));
            }

            if (primary.AlternateLba != diskSectors - 1)
            {
                warnings.Add(Say($"the backup GPT header is at LBA {primary.AlternateLba}, not at the disk's last LBA {diskSectors - 1} (was the disk resized?)"));
            }

            return new GuidPartitionTable(primary, ToPartitions(primary, entriesBytes, sectorSize), backupUsed: false, warnings);
        }

        var problems = new List<string> { Say($"primary header at LBA {PrimaryLba}: {primaryProblem}") };
        foreach (var lba in BackupCandidates(disk, sectorSize, diskSectors, protectiveMbr))
        {
            var backup = TryRead(disk, sectorSize, diskSectors, lba, out var backupBytes, out var backupProblem);
            if (backup is not null)
            {
                warnings.Add(Say($"the primary GPT is invalid ({primaryProblem}); the backup at LBA {lba} is used"));
                return new GuidPartitionTable(backup, ToPartitions(backup, backupBytes, sectorSize), backupUsed: true, warnings);
            }

            problems.Add(Say($"backup header at LBA {lba}: {backupProblem}"));
        }

        throw new PartitionTableException("GPT header", PrimaryLba * sectorSize, "neither the primary nor a backup GPT is valid: " + string.Join("; ", problems));
    }

    /// <summary>
    /// Where a backup header may be when the primary cannot be trusted: the last LBA (where the
    /// specification puts it), the primary's AlternateLBA (it may still be readable), and the end of
    /// the protective MBR entry (the disk's size when the GPT was written).
    /// </summary>
    private static List<long> BackupCandidates(Stream disk, int sectorSize, long diskSectors, MasterBootRecord? protectiveMbr)
    {
        var candidates = new List<long> { diskSectors - 1 };
        var sector = new byte[sectorSize];
        DiskReader.ReadAt(disk, PrimaryLba * sectorSize, sector, "GPT header");
        if (BinaryPrimitives.ReadUInt64LittleEndian(sector.AsSpan(GptLayout.SignatureOffset)) == GptLayout.Signature)
        {
            var alternate = BinaryPrimitives.ReadUInt64LittleEndian(sector.AsSpan(GptLayout.AlternateLba));
            if (alternate > PrimaryLba && alternate < (ulong)diskSectors)
            {
                candidates.Add((long)alternate);
            }
        }

        if (protectiveMbr is not null)
        {
            foreach (var entry in protectiveMbr.Entries)
            {
                // 0xFFFFFFFF means "the disk is bigger than an MBR can say": no size to learn from.
                if (entry.Type == PartitionTypes.MbrGptProtective && entry.SectorCount is not 0 and not uint.MaxValue)
                {
                    long end = (long)entry.StartLba + entry.SectorCount - 1;
                    if (end > PrimaryLba && end < diskSectors)
                    {
                        candidates.Add(end);
                    }
                }
            }
        }

        return candidates.Distinct().ToList();
    }

    private static GptHeader? TryRead(Stream disk, int sectorSize, long diskSectors, long lba, out byte[] entries, out string problem)
    {
        entries = [];
        if (lba < 1 || lba >= diskSectors)
        {
            problem = $"LBA {lba} is outside the disk ({diskSectors} sectors)";
            return null;
        }

        var sector = new byte[sectorSize];
        DiskReader.ReadAt(disk, lba * sectorSize, sector, "GPT header");
        if (!GptHeader.TryParse(sector, lba, diskSectors, out var header, out problem))
        {
            return null;
        }

        // TryParse bounded the array inside the disk and to at most MaxEntryCount × MaxEntrySize bytes.
        var array = new byte[header.EntriesLength];
        DiskReader.ReadAt(disk, header.EntriesLba * sectorSize, array, "GPT partition entry array");
        var computed = Crc32.Compute(array);
        if (computed != header.EntriesCrc)
        {
            problem = $"partition entry array CRC-32 0x{header.EntriesCrc:X8} does not match the computed 0x{computed:X8}";
            return null;
        }

        entries = array;
        return header;
    }

    private static List<Partition> ToPartitions(GptHeader header, byte[] array, int sectorSize)
    {
        var partitions = new List<Partition>();
        for (int slot = 0; slot < header.EntryCount; slot++)
        {
            var entry = GptPartitionEntry.Parse(array.AsSpan(slot * header.EntrySize, header.EntrySize));
            if (entry.IsUnused)
            {
                continue;
            }

            var structure = $"GPT partition entry {slot + 1}";
            long entryOffset = (header.EntriesLba * sectorSize) + ((long)slot * header.EntrySize);
            if (entry.FirstLba > entry.LastLba)
            {
                throw new PartitionTableException(structure, entryOffset, $"first LBA {entry.FirstLba} is after last LBA {entry.LastLba}");
            }

            if (entry.FirstLba < (ulong)header.FirstUsableLba || entry.LastLba > (ulong)header.LastUsableLba)
            {
                throw new PartitionTableException(structure, entryOffset, $"LBAs {entry.FirstLba}..{entry.LastLba} are outside the usable LBAs {header.FirstUsableLba}..{header.LastUsableLba}");
            }

            partitions.Add(new Partition
            {
                Index = slot + 1,
                Offset = (long)entry.FirstLba * sectorSize,
                Length = ((long)(entry.LastLba - entry.FirstLba) + 1) * sectorSize,
                TypeName = PartitionTypes.NameOf(entry.TypeGuid),
                TypeGuid = entry.TypeGuid,
                PartitionGuid = entry.UniqueGuid,
                Name = entry.Name,
                Attributes = entry.Attributes,
            });
        }

        PartitionTable.CheckNoOverlap(partitions, "GPT partition entry array", header.EntriesLba * sectorSize);
        return partitions;
    }

    private static string Say(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
