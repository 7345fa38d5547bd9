namespace OfflineRepair.Partitions;

/// <summary>
/// The linked list of extended boot records inside an extended partition. Each EBR's first entry is
/// a logical partition, its start relative to that EBR; the second links the next EBR, its start
/// relative to the extended partition's start. Hostile chains loop or run on forever, so every EBR
/// is visited at most once and their number is bounded.
/// </summary>
internal static class ExtendedPartitionChain
{
    private const int LogicalSlot = 0;
    private const int LinkSlot = 1;

    /// <summary>The logical partitions, numbered from <paramref name="firstIndex"/>.</summary>
    public static List<Partition> Read(Stream disk, int sectorSize, MbrPartitionEntry extended, int firstIndex)
    {
        var logical = new List<Partition>();
        long extendedStart = extended.StartLba;
        long extendedEnd = extendedStart + extended.SectorCount; // exclusive, in sectors
        var visited = new HashSet<long>();
        var sector = new byte[sectorSize];
        long ebrLba = extendedStart;

        while (true)
        {
            long ebrOffset = ebrLba * sectorSize;
            if (!visited.Add(ebrLba))
            {
                throw new PartitionTableException("EBR", ebrOffset, "the extended boot record chain loops back to an EBR already read");
            }

            if (visited.Count > MbrLayout.MaxExtendedBootRecords)
            {
                throw new PartitionTableException("EBR", ebrOffset, $"the extended boot record chain is longer than {MbrLayout.MaxExtendedBootRecords}");
            }

            DiskReader.ReadAt(disk, ebrOffset, sector, "EBR");
            if (!MasterBootRecord.HasBootSignature(sector))
            {
                // An extended partition whose first EBR was never written holds no logical partitions;
                // a missing signature further down means a link points at garbage.
                if (ebrLba == extendedStart && sector.AsSpan().IndexOfAnyExcept((byte)0) < 0)
                {
                    return logical;
                }

                throw new PartitionTableException("EBR", ebrOffset, "no 0x55AA boot signature");
            }

            var ebr = MasterBootRecord.Parse(sector);
            var entry = ebr.Entries[LogicalSlot];
            var entryOffset = MbrPartitionEntry.OffsetOf(ebrOffset, LogicalSlot);
            for (int slot = LinkSlot + 1; slot < MbrLayout.EntryCount; slot++)
            {
                if (!ebr.Entries[slot].IsUnused)
                {
                    throw new PartitionTableException("EBR entry", MbrPartitionEntry.OffsetOf(ebrOffset, slot), "an EBR uses only its first two entries");
                }
            }

            if (!entry.IsUnused)
            {
                if (entry.IsExtended)
                {
                    throw new PartitionTableException("EBR logical entry", entryOffset, "a logical partition cannot be another extended partition");
                }

                MbrPartitioning.CheckEntry(entry, entryOffset, "EBR logical entry", disk.Length / sectorSize);
                if (entry.StartLba == 0)
                {
                    throw new PartitionTableException("EBR logical entry", entryOffset, "the logical partition starts on its own EBR");
                }

                long start = ebrLba + entry.StartLba;
                long end = start + entry.SectorCount;
                if (end > extendedEnd)
                {
                    throw new PartitionTableException("EBR logical entry", entryOffset, $"sectors {start}..{end - 1} reach past the extended partition's end (sector {extendedEnd - 1})");
                }

                logical.Add(new Partition
                {
                    Index = firstIndex + logical.Count,
                    Offset = start * sectorSize,
                    Length = (long)entry.SectorCount * sectorSize,
                    TypeName = PartitionTypes.NameOf(entry.Type),
                    MbrType = entry.Type,
                    IsActive = entry.IsActive,
                    IsLogical = true,
                });
            }

            var link = ebr.Entries[LinkSlot];
            var linkOffset = MbrPartitionEntry.OffsetOf(ebrOffset, LinkSlot);
            if (link.IsUnused)
            {
                break;
            }

            if (!link.IsExtended)
            {
                throw new PartitionTableException("EBR link entry", linkOffset, $"type 0x{link.Type:X2} where a link to the next EBR (0x05, 0x0F or 0x85) is expected");
            }

            long next = extendedStart + link.StartLba;
            if (link.StartLba == 0 || next >= extendedEnd)
            {
                throw new PartitionTableException("EBR link entry", linkOffset, $"the next EBR (sector {next}) is not inside the extended partition (sectors {extendedStart}..{extendedEnd - 1})");
            }

            ebrLba = next;
        }

        // An EBR lying inside a logical partition would be overwritten by that volume: the chain overlaps itself.
        foreach (var ebr in visited)
        {
            long ebrOffset = ebr * sectorSize;
            foreach (var partition in logical)
            {
                if (ebrOffset >= partition.Offset && ebrOffset < partition.Offset + partition.Length)
                {
                    throw new PartitionTableException("EBR", ebrOffset, $"this EBR lies inside logical partition {partition.Index}");
                }
            }
        }

        return logical;
    }
}
