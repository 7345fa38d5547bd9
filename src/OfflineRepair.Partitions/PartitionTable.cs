namespace OfflineRepair.Partitions;

/// <summary>
/// A disk's partition table, read (never written) from a seekable stream of the whole disk: MBR
/// with its extended partition chain, or GPT behind a protective MBR.
/// </summary>
public sealed class PartitionTable
{
    private const int MinSectorSize = 512;
    private const int MaxSectorSize = 4096;

    private PartitionTable(PartitionStyle style, int sectorSize, IReadOnlyList<Partition> partitions)
    {
        Style = style;
        SectorSize = sectorSize;
        Partitions = partitions;
    }

    public PartitionStyle Style { get; }

    /// <summary>The logical sector size the table was read with (LBAs are in these units).</summary>
    public int SectorSize { get; }

    /// <summary>The MBR disk signature (Windows names MBR partitions by it and their offset); null on GPT and unpartitioned disks.</summary>
    public uint? DiskSignature { get; private init; }

    /// <summary>The GPT disk GUID; null on MBR and unpartitioned disks.</summary>
    public Guid? DiskGuid { get; private init; }

    /// <summary>Used partitions in index order; an MBR extended container is listed, followed by its logical partitions.</summary>
    public IReadOnlyList<Partition> Partitions { get; }

    /// <summary>True when the primary GPT header or entry array was bad and the backup was read instead (see <see cref="Warnings"/>).</summary>
    public bool UsedBackupGpt { get; private init; }

    /// <summary>Anomalies that did not stop the read: a bad primary or backup GPT, a backup away from the disk's end.</summary>
    public IReadOnlyList<string> Warnings { get; private init; } = [];

    /// <summary>
    /// Reads the partition table of <paramref name="disk"/> (the whole disk from its sector 0). A disk
    /// with no table, or whose sector 0 is a volume boot sector, gives <see cref="PartitionStyle.None"/>.
    /// </summary>
    /// <exception cref="PartitionTableException">The table is there but malformed.</exception>
    public static PartitionTable Read(Stream disk, int sectorSize = 512)
    {
        ArgumentNullException.ThrowIfNull(disk);
        if (!disk.CanRead || !disk.CanSeek)
        {
            throw new ArgumentException("the disk stream must be readable and seekable", nameof(disk));
        }

        if (sectorSize < MinSectorSize || sectorSize > MaxSectorSize || (sectorSize & (sectorSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sectorSize), sectorSize, "a sector is 512, 1024, 2048 or 4096 bytes");
        }

        if (disk.Length < sectorSize)
        {
            return new PartitionTable(PartitionStyle.None, sectorSize, []);
        }

        var sector = new byte[sectorSize];
        DiskReader.ReadAt(disk, 0, sector, "MBR");
        if (!MasterBootRecord.HasBootSignature(sector))
        {
            // No MBR; a GPT whose protective MBR was wiped is still worth reading, with a word about it.
            if (disk.Length >= 3L * sectorSize && HasGptSignature(disk, sectorSize))
            {
                return FromGpt(disk, sectorSize, null, "sector 0 has no 0x55AA signature (no protective MBR); the GPT found at LBA 1 is used");
            }

            return new PartitionTable(PartitionStyle.None, sectorSize, []);
        }

        // A volume boot sector also ends in 55 AA; its bytes at 0x1BE are boot code, not entries.
        if (FileSystemSniffer.Identify(sector).Kind != FileSystemKind.Unknown)
        {
            return new PartitionTable(PartitionStyle.None, sectorSize, []);
        }

        var mbr = MasterBootRecord.Parse(sector);
        if (mbr.IsProtective)
        {
            return FromGpt(disk, sectorSize, mbr, null);
        }

        return new PartitionTable(PartitionStyle.Mbr, sectorSize, MbrPartitioning.Read(disk, sectorSize, mbr))
        {
            DiskSignature = mbr.DiskSignature,
        };
    }

    private static PartitionTable FromGpt(Stream disk, int sectorSize, MasterBootRecord? protectiveMbr, string? warning)
    {
        var gpt = GuidPartitionTable.Read(disk, sectorSize, protectiveMbr);
        var warnings = new List<string>();
        if (warning is not null)
        {
            warnings.Add(warning);
        }

        warnings.AddRange(gpt.Warnings);
        return new PartitionTable(PartitionStyle.Gpt, sectorSize, gpt.Partitions)
        {
            DiskGuid = gpt.Header.DiskGuid,
            UsedBackupGpt = gpt.BackupUsed,
            Warnings = warnings,
        };
    }

    private static bool HasGptSignature(Stream disk, int sectorSize)
    {
        Span<byte> signature = stackalloc byte[8];
        DiskReader.ReadAt(disk, sectorSize, signature, "GPT header");
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(signature) == GptLayout.Signature;
    }

    /// <summary>Two partitions sharing a byte would corrupt each other: the table is refused.</summary>
    internal static void CheckNoOverlap(List<Partition> partitions, string structure, long offset = 0)
    {
        var sorted = partitions.OrderBy(p => p.Offset).ToList();
        for (int i = 1; i < sorted.Count; i++)
        {
            var before = sorted[i - 1];
            var after = sorted[i];
            if (after.Offset < before.Offset + before.Length)
            {
                throw new PartitionTableException(structure, offset, $"partition {after.Index} (bytes {after.Offset}..) overlaps partition {before.Index} (bytes {before.Offset}..{before.Offset + before.Length - 1})");
            }
        }
    }
}
