namespace OfflineRepair.Partitions;

/// <summary>Reads the partitions an MBR describes: its four primary slots and the logical partitions of its extended partition.</summary>
internal static class MbrPartitioning
{
    /// <summary>sfdisk and Linux number logical partitions from 5 whatever primary slots are used.</summary>
    private const int FirstLogicalIndex = MbrLayout.EntryCount + 1;

    public static List<Partition> Read(Stream disk, int sectorSize, MasterBootRecord mbr)
    {
        long diskSectors = disk.Length / sectorSize;
        var primaries = new List<Partition>();
        var logical = new List<Partition>();
        MbrPartitionEntry? extended = null;
        for (int slot = 0; slot < MbrLayout.EntryCount; slot++)
        {
            var entry = mbr.Entries[slot];
            var structure = $"MBR partition entry {slot + 1}";
            var entryOffset = MbrPartitionEntry.OffsetOf(0, slot);
            if (entry.IsUnused)
            {
                continue;
            }

            CheckEntry(entry, entryOffset, structure, diskSectors);
            if (entry.IsExtended)
            {
                if (extended is not null)
                {
                    throw new PartitionTableException(structure, entryOffset, "a second extended partition (an MBR may hold only one)");
                }

                extended = entry;
            }

            primaries.Add(new Partition
            {
                Index = slot + 1,
                Offset = (long)entry.StartLba * sectorSize,
                Length = (long)entry.SectorCount * sectorSize,
                TypeName = PartitionTypes.NameOf(entry.Type),
                MbrType = entry.Type,
                IsActive = entry.IsActive,
                IsExtended = entry.IsExtended,
            });
        }

        PartitionTable.CheckNoOverlap(primaries, "MBR");
        if (extended is { } container)
        {
            logical = ExtendedPartitionChain.Read(disk, sectorSize, container, FirstLogicalIndex);
            PartitionTable.CheckNoOverlap(logical, "EBR chain");
        }

        primaries.AddRange(logical);
        return primaries;
    }

    /// <summary>The checks every used MBR or EBR entry must pass.</summary>
    public static void CheckEntry(MbrPartitionEntry entry, long entryOffset, string structure, long diskSectors)
    {
        if (entry.BootIndicator is not MbrLayout.Active and not MbrLayout.Inactive)
        {
            throw new PartitionTableException(structure, entryOffset, $"boot indicator 0x{entry.BootIndicator:X2} is neither 0x00 nor 0x80");
        }

        if (entry.SectorCount == 0)
        {
            throw new PartitionTableException(structure, entryOffset, $"type 0x{entry.Type:X2} with zero sectors");
        }

        if (entry.StartLba == 0)
        {
            throw new PartitionTableException(structure, entryOffset, "the partition starts at sector 0, on the MBR itself");
        }

        long end = (long)entry.StartLba + entry.SectorCount;
        if (end > diskSectors)
        {
            throw new PartitionTableException(structure, entryOffset, $"sectors {entry.StartLba}..{end - 1} reach past the end of the disk ({diskSectors} sectors)");
        }
    }
}
