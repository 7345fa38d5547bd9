using System.Buffers.Binary;
using OfflineRepair.Registry.Cells;
using OfflineRepair.Registry.Format;

namespace OfflineRepair.Registry.Tests.Robustness;

/// <summary>
/// Deterministic damage to a sound hive: byte flips, interesting values in structure fields,
/// truncation, broken cell sizes, duplicated bins, and pointers turned into cycles (a key listing
/// itself or an ancestor, an sk ring link to itself, an ri entry pointing at an ri, ...).
/// The same map and seed always give the same bytes.
/// </summary>
internal static class HiveMutator
{
    private static readonly uint[] InterestingDwords =
    [
        0, 1, 2, 4, 7, 8, 0x20, 0xFF, 0x100, 0xFFFF, 0x10000, 0x1000, 0x1020, 0x7FFFFFFF, 0x80000000, 0x80000004,
        0x80001000, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFF8, unchecked((uint)-16), unchecked((uint)-4096), unchecked((uint)-0x7FFFFFF8), 0x3FFFFFFF,
    ];

    private static readonly ushort[] InterestingWords = [0, 1, 2, 3, 0x7F, 0x80, 76, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF];

    public static (byte[] Bytes, string Description) Mutate(HiveMap map, Random random)
    {
        var bytes = (byte[])map.Bytes.Clone();
        int count = random.Next(5) == 0 ? random.Next(2, 5) : 1;
        var parts = new List<string>();
        int? truncateTo = null;
        for (int i = 0; i < count; i++)
        {
            if (random.Next(100) < 10)
            {
                // Truncation comes last, so the other mutations can still address the whole file.
                truncateTo = TruncatedLength(map, bytes.Length, random);
                continue;
            }

            parts.Add(ApplyOne(map, ref bytes, random));
        }

        if (truncateTo is { } length)
        {
            Array.Resize(ref bytes, Math.Min(length, bytes.Length));
            parts.Add($"truncate to {bytes.Length} bytes");
        }

        if (bytes.Length >= 512 && random.Next(2) == 0)
        {
            // Half the time the header checksum is made right again, so the hive is read as clean
            // (otherwise it is dirty and read through the ForceDirty path).
            BaseBlock.UpdateChecksum(bytes.AsSpan(0, 512));
            parts.Add("checksum fixed");
        }

        return (bytes, string.Join("; ", parts));
    }

    private static string ApplyOne(HiveMap map, ref byte[] bytes, Random random)
    {
        int roll = random.Next(100);
        return roll switch
        {
            < 22 => FlipBytes(map, bytes, random),
            < 52 => OverwriteDword(map, bytes, random),
            < 63 => OverwriteWord(map, bytes, random),
            < 72 => BreakCellSize(map, bytes, random),
            < 78 => DuplicateBin(map, ref bytes, random),
            < 83 => BreakBinHeader(map, bytes, random),
            _ => MakeCycle(map, bytes, random),
        };
    }

    private static string FlipBytes(HiveMap map, byte[] bytes, Random random)
    {
        int start = random.Next(100) switch
        {
            < 60 => CellPosition(map, random, window: 128),
            < 75 => random.Next(512),
            < 85 => BaseBlock.Size + (int)map.Bins[random.Next(map.Bins.Count)].Offset + random.Next(32),
            _ => random.Next(map.UsedLength),
        };
        int flips = random.Next(1, 9);
        for (int i = 0; i < flips; i++)
        {
            int at = Math.Min(bytes.Length - 1, start + random.Next(16));
            if (random.Next(2) == 0)
            {
                bytes[at] ^= (byte)(1 << random.Next(8));
            }
            else
            {
                bytes[at] = (byte)random.Next(256);
            }
        }

        return $"flip {flips} byte(s) near 0x{start:X}";
    }

    private static string OverwriteDword(HiveMap map, byte[] bytes, Random random)
    {
        var (offset, what, owner) = PickDwordField(map, random);
        uint value = InterestingDword(map, random, owner);
        if (offset + 4 <= bytes.Length)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), value);
        }

        return $"{what} at 0x{offset:X} = 0x{value:X}";
    }

    private static string OverwriteWord(HiveMap map, byte[] bytes, Random random)
    {
        var (offset, what) = PickWordField(map, random);
        ushort value = random.Next(4) == 0 ? (ushort)random.Next(65536) : InterestingWords[random.Next(InterestingWords.Length)];
        if (offset + 2 <= bytes.Length)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), value);
        }

        return $"{what} at 0x{offset:X} = 0x{value:X}";
    }

    private static int TruncatedLength(HiveMap map, int fileLength, Random random)
    {
        int length = random.Next(100) switch
        {
            < 45 => random.Next(map.UsedLength),
            < 60 => random.Next(BaseBlock.Size * 2),
            < 80 => (random.Next((map.UsedLength / 4096) + 1) * 4096) + random.Next(-1, 2),
            < 90 => random.Next(600),
            _ => map.UsedLength - 1 - random.Next(64),
        };
        return Math.Clamp(length, 0, fileLength);
    }

    private static string BreakCellSize(HiveMap map, byte[] bytes, Random random)
    {
        var (cell, raw) = map.Cells[random.Next(map.Cells.Count)];
        int value = random.Next(8) switch
        {
            0 => 0,
            1 => -raw, // allocated <-> free
            2 => raw - 8,
            3 => raw + 8,
            4 => raw < 0 ? raw - 0x1000 : raw + 0x1000,
            5 => int.MinValue,
            6 => raw | 3,
            _ => -(random.Next(1, 1 << 20) * 8),
        };
        int at = (int)HiveMap.File(cell);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), value);
        return $"cell size at 0x{at:X}: {raw} -> {value}";
    }

    private static string DuplicateBin(HiveMap map, ref byte[] bytes, Random random)
    {
        var (source, size) = map.Bins[random.Next(map.Bins.Count)];
        var same = map.Bins.Where(b => b.Size == size && b.Offset != source).ToList();
        bool fixOffset = random.Next(2) == 0;
        if (same.Count > 0 && random.Next(2) == 0)
        {
            var target = same[random.Next(same.Count)].Offset;
            Array.Copy(bytes, BaseBlock.Size + (int)source, bytes, BaseBlock.Size + (int)target, (int)size);
            if (fixOffset)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(BaseBlock.Size + (int)target + 4), target);
            }

            return $"bin 0x{source:X} copied over bin 0x{target:X}{(fixOffset ? " (offset field fixed)" : "")}";
        }

        // Append a copy after the last bin and count it in the base block.
        var grown = new byte[bytes.Length + (int)size];
        int used = Math.Min(map.UsedLength, bytes.Length);
        Array.Copy(bytes, grown, used);
        Array.Copy(bytes, BaseBlock.Size + (int)source, grown, used, (int)size);
        Array.Copy(bytes, used, grown, used + (int)size, bytes.Length - used);
        uint newOffset = (uint)(used - BaseBlock.Size);
        if (fixOffset)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(grown.AsSpan(used + 4), newOffset);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(grown.AsSpan(BaseBlock.HiveBinsSizeOffset), (uint)map.BinsSize + size);
        bytes = grown;
        return $"bin 0x{source:X} appended at 0x{newOffset:X}{(fixOffset ? " (offset field fixed)" : "")}";
    }

    private static string BreakBinHeader(HiveMap map, byte[] bytes, Random random)
    {
        var (bin, size) = map.Bins[random.Next(map.Bins.Count)];
        int at = BaseBlock.Size + (int)bin;
        switch (random.Next(5))
        {
            case 0:
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 8), 0);
                return $"bin 0x{bin:X} size 0";
            case 1:
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 8), size + 4096);
                return $"bin 0x{bin:X} size one page too large";
            case 2:
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), bin + 4096);
                return $"bin 0x{bin:X} offset field wrong";
            case 3:
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 8), size - 8);
                return $"bin 0x{bin:X} size not a page multiple";
            default:
                bytes[at] = (byte)'X';
                return $"bin 0x{bin:X} signature broken";
        }
    }

    private static string MakeCycle(HiveMap map, byte[] bytes, Random random)
    {
        var withChildren = map.Keys.Where(k => k.Children.Count > 0).ToList();
        switch (random.Next(9))
        {
            case 0 when withChildren.Count > 0:
            {
                // A subkey list entry pointing at the key that owns the list, at its parent, or at the root.
                var key = withChildren[random.Next(withChildren.Count)];
                var (leaf, _) = map.Leaves.Where(l => l.Owner == key.Cell).ElementAt(0);
                uint target = random.Next(3) switch
                {
                    0 => key.Cell,
                    1 => map.Keys[0].Cell,
                    _ => key.Parent,
                };
                int count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(HiveMap.Data(leaf) + 2));
                int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(HiveMap.Data(leaf))) == SubkeyList.IndexLeaf ? 4 : 8;
                int index = random.Next(Math.Max(1, count));
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HiveMap.Data(leaf) + 4 + (index * entrySize)), target);
                return $"subkey list 0x{leaf:X} entry {index} -> key 0x{target:X} (owner 0x{key.Cell:X})";
            }

            case 1:
            {
                // An sk ring link pointing at its own cell, or at a key node.
                uint sk = map.SecurityCells[random.Next(map.SecurityCells.Count)];
                int field = random.Next(2) == 0 ? SecurityCell.FlinkField : SecurityCell.BlinkField;
                uint target = random.Next(3) == 0 ? map.Keys[random.Next(map.Keys.Count)].Cell : sk;
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HiveMap.Data(sk) + field), target);
                return $"sk 0x{sk:X} {(field == SecurityCell.FlinkField ? "flink" : "blink")} -> 0x{target:X}";
            }

            case 2 when map.IndexRoots.Count > 0:
            {
                var (ri, _) = map.IndexRoots[random.Next(map.IndexRoots.Count)];
                int count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(HiveMap.Data(ri) + 2));
                int index = random.Next(Math.Max(1, count));
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HiveMap.Data(ri) + 4 + (index * 4)), ri);
                return $"ri 0x{ri:X} entry {index} -> itself";
            }

            case 2 when map.Leaves.Count > 0:
            case 3 when map.Leaves.Count > 0:
            {
                // A leaf rewritten as an ri whose one entry is itself, or two leaves as ri pointing at each other.
                var (leaf, _) = map.Leaves[random.Next(map.Leaves.Count)];
                var (other, _) = map.Leaves[random.Next(map.Leaves.Count)];
                WriteRi(bytes, leaf, other);
                if (other != leaf)
                {
                    WriteRi(bytes, other, leaf);
                    return $"leaves 0x{leaf:X} and 0x{other:X} rewritten as ri lists pointing at each other";
                }

                return $"leaf 0x{leaf:X} rewritten as an ri list pointing at itself";
            }

            case 4 when withChildren.Count > 0:
            {
                // A key sharing another key's subkey list: an ancestor's (a cycle) or any key's (a shared subtree).
                var owner = withChildren[random.Next(withChildren.Count)];
                var child = map.Keys.FirstOrDefault(k => k.Parent == owner.Cell && k.Children.Count == 0) ?? map.Keys[random.Next(map.Keys.Count)];
                int nk = HiveMap.Data(child.Cell);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(nk + KeyNode.SubkeyListField), owner.SubkeyList);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(nk + KeyNode.SubkeyCountField), (uint)owner.Children.Count);
                return $"key 0x{child.Cell:X} given the subkey list 0x{owner.SubkeyList:X} of key 0x{owner.Cell:X}";
            }

            case 5 when map.ValueLists.Count > 0:
            {
                uint list = map.ValueLists[random.Next(map.ValueLists.Count)];
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HiveMap.Data(list)), list);
                return $"value list 0x{list:X} entry 0 -> itself";
            }

            case 6 when map.Values.Count > 0:
            {
                uint vk = map.Values[random.Next(map.Values.Count)];
                int at = HiveMap.Data(vk);
                uint length = random.Next(2) == 0 ? 0x40u : 20000u;
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + ValueEntry.DataSizeField), length);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + ValueEntry.DataField), vk);
                return $"value 0x{vk:X} data ({length} bytes) -> the value cell itself";
            }

            case 7 when map.BigDataCells.Count > 0:
            {
                int i = random.Next(map.BigDataCells.Count);
                uint db = map.BigDataCells[i];
                if (random.Next(2) == 0)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HiveMap.Data(map.SegmentLists[i])), db);
                    return $"big data 0x{db:X}: segment 0 -> the db cell";
                }

                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HiveMap.Data(db) + 4), db);
                return $"big data 0x{db:X}: segment list -> the db cell";
            }

            default:
            {
                var key = map.Keys[random.Next(map.Keys.Count)];
                uint target = random.Next(2) == 0 ? key.Cell : map.Keys[random.Next(map.Keys.Count)].Cell;
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HiveMap.Data(key.Cell) + KeyNode.ParentField), target);
                return $"key 0x{key.Cell:X} parent -> 0x{target:X}";
            }
        }
    }

    private static void WriteRi(byte[] bytes, uint cell, uint entry)
    {
        int at = HiveMap.Data(cell);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), SubkeyList.IndexRoot);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 2), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), entry);
    }

    private static int CellPosition(HiveMap map, Random random, int window)
    {
        var (cell, raw) = map.Cells[random.Next(map.Cells.Count)];
        return (int)HiveMap.File(cell) + random.Next(Math.Min(Math.Abs(raw), window));
    }

    private static uint InterestingDword(HiveMap map, Random random, uint owner)
    {
        var cells = map.Cells;
        uint someCell = cells[random.Next(cells.Count)].Offset;
        return random.Next(12) switch
        {
            0 or 1 or 2 or 3 => InterestingDwords[random.Next(InterestingDwords.Length)],
            4 => (uint)map.BinsSize,
            5 => (uint)map.BinsSize + (uint)(random.Next(-2, 3) * 8),
            6 or 7 => someCell,
            8 => someCell + (uint)(random.Next(2) == 0 ? 4 : -8),
            9 => owner,
            10 => map.Keys[random.Next(map.Keys.Count)].Cell,
            _ => (uint)random.NextInt64(0, 1L << 32),
        };
    }

    /// <summary>A 4-byte field of some structure: its file offset, a name for the report, and the cell it belongs to.</summary>
    private static (int Offset, string What, uint Owner) PickDwordField(HiveMap map, Random random)
    {
        switch (random.Next(11))
        {
            case 0:
            {
                int[] fields = [BaseBlock.PrimarySequenceOffset, BaseBlock.SecondarySequenceOffset, BaseBlock.MinorVersionOffset, BaseBlock.FileTypeOffset,
                    BaseBlock.FileFormatOffset, BaseBlock.RootCellOffset, BaseBlock.RootCellOffset, BaseBlock.HiveBinsSizeOffset, BaseBlock.HiveBinsSizeOffset, BaseBlock.ClusteringFactorOffset];
                return (fields[random.Next(fields.Length)], "base block field", 0);
            }

            case 1 or 2 or 3:
            {
                var key = map.Keys[random.Next(map.Keys.Count)];
                int[] fields = [KeyNode.ParentField, KeyNode.SubkeyCountField, KeyNode.SubkeyListField, KeyNode.ValueCountField, KeyNode.ValueListField,
                    KeyNode.SecurityField, KeyNode.ClassField, KeyNode.VolatileSubkeyCountField, KeyNode.MaxValueDataField, KeyNode.LastWriteField + 4];
                int field = fields[random.Next(fields.Length)];
                return (HiveMap.Data(key.Cell) + field, $"nk field +{field}", key.Cell);
            }

            case 4 when map.Leaves.Count > 0:
            {
                var (leaf, owner) = map.Leaves[random.Next(map.Leaves.Count)];
                int entries = Math.Max(1, ((int)-map.Cells.First(c => c.Offset == leaf).RawSize - 8) / 4);
                return (HiveMap.Data(leaf) + 4 + (4 * random.Next(entries)), "subkey list entry", owner);
            }

            case 5 when map.Values.Count > 0:
            {
                uint vk = map.Values[random.Next(map.Values.Count)];
                int[] fields = [ValueEntry.DataSizeField, ValueEntry.DataSizeField, ValueEntry.DataField, ValueEntry.DataField, ValueEntry.TypeField];
                int field = fields[random.Next(fields.Length)];
                return (HiveMap.Data(vk) + field, $"vk field +{field}", vk);
            }

            case 6 when map.ValueLists.Count > 0:
            {
                uint list = map.ValueLists[random.Next(map.ValueLists.Count)];
                int size = -map.Cells.First(c => c.Offset == list).RawSize - 4;
                return (HiveMap.Data(list) + (4 * random.Next(Math.Max(1, size / 4))), "value list entry", list);
            }

            case 7:
            {
                uint sk = map.SecurityCells[random.Next(map.SecurityCells.Count)];
                int[] fields = [SecurityCell.FlinkField, SecurityCell.BlinkField, SecurityCell.ReferenceCountField, SecurityCell.DescriptorSizeField];
                int field = fields[random.Next(fields.Length)];
                return (HiveMap.Data(sk) + field, $"sk field +{field}", sk);
            }

            case 8 when map.BigDataCells.Count > 0:
            {
                int i = random.Next(map.BigDataCells.Count);
                return random.Next(2) == 0
                    ? (HiveMap.Data(map.BigDataCells[i]) + 4, "db segment list", map.BigDataCells[i])
                    : (HiveMap.Data(map.SegmentLists[i]) + (4 * random.Next(2)), "segment list entry", map.SegmentLists[i]);
            }

            case 9:
            {
                var (cell, _) = map.Cells[random.Next(map.Cells.Count)];
                return ((int)HiveMap.File(cell), "cell size", cell);
            }

            default:
            {
                var (bin, _) = map.Bins[random.Next(map.Bins.Count)];
                int field = random.Next(2) == 0 ? 4 : 8;
                return (BaseBlock.Size + (int)bin + field, $"hbin field +{field}", bin);
            }
        }
    }

    private static (int Offset, string What) PickWordField(HiveMap map, Random random)
    {
        switch (random.Next(5))
        {
            case 0 or 1:
            {
                var key = map.Keys[random.Next(map.Keys.Count)];
                int[] fields = [KeyNode.NameLengthField, KeyNode.NameLengthField, KeyNode.ClassLengthField, KeyNode.FlagsField, 0];
                int field = fields[random.Next(fields.Length)];
                return (HiveMap.Data(key.Cell) + field, $"nk u16 +{field}");
            }

            case 2 when map.Leaves.Count + map.IndexRoots.Count > 0:
            {
                var lists = map.Leaves.Select(l => l.Leaf).Concat(map.IndexRoots.Select(r => r.Root)).ToList();
                uint list = lists[random.Next(lists.Count)];
                int field = random.Next(3) == 0 ? 0 : 2;
                return (HiveMap.Data(list) + field, field == 0 ? "list signature" : "list count");
            }

            case 3 when map.Values.Count > 0:
            {
                uint vk = map.Values[random.Next(map.Values.Count)];
                int field = random.Next(3) switch { 0 => ValueEntry.NameLengthField, 1 => ValueEntry.FlagsField, _ => 0 };
                return (HiveMap.Data(vk) + field, $"vk u16 +{field}");
            }

            case 4 when map.BigDataCells.Count > 0:
                return (HiveMap.Data(map.BigDataCells[random.Next(map.BigDataCells.Count)]) + 2, "db segment count");

            default:
            {
                var key = map.Keys[random.Next(map.Keys.Count)];
                return (HiveMap.Data(key.Cell) + KeyNode.NameLengthField, "nk name length");
            }
        }
    }
}
