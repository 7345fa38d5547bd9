using System.Buffers.Binary;
using OfflineRepair.Registry.Cells;
using OfflineRepair.Registry.Format;
using OfflineRepair.Registry.Storage;

namespace OfflineRepair.Registry.Tests.Robustness;

/// <summary>
/// Where the structures of a sound hive are (bins, cells, key nodes, lists, values, data, security
/// cells), found with our reader, so mutations can aim at the fields that matter. Cell offsets are
/// relative to the hive bins data, as in the file; <see cref="File"/> turns them into file offsets.
/// </summary>
internal sealed class HiveMap
{
    private HiveMap(string name, byte[] bytes)
    {
        Name = name;
        Bytes = bytes;
    }

    public string Name { get; }

    public byte[] Bytes { get; }

    public int BinsSize { get; private set; }

    /// <summary>Base block plus bins: the part of the file that means something (real files may have slack after it).</summary>
    public int UsedLength => BaseBlock.Size + BinsSize;

    public uint MinorVersion { get; private set; }

    public List<(uint Offset, uint Size)> Bins { get; } = [];

    /// <summary>Every cell: its offset and raw size field (negative = allocated).</summary>
    public List<(uint Offset, int RawSize)> Cells { get; } = [];

    public List<KeyInfo> Keys { get; } = [];

    /// <summary>Leaves (li/lf/lh) with their owner key.</summary>
    public List<(uint Leaf, uint Owner)> Leaves { get; } = [];

    /// <summary>Index roots (ri) with their owner key.</summary>
    public List<(uint Root, uint Owner)> IndexRoots { get; } = [];

    public List<uint> ValueLists { get; } = [];

    public List<uint> Values { get; } = [];

    public List<uint> DataCells { get; } = [];

    public List<uint> BigDataCells { get; } = [];

    public List<uint> SegmentLists { get; } = [];

    public List<uint> SecurityCells { get; } = [];

    public List<uint> ClassCells { get; } = [];

    public IEnumerable<uint> AllocatedCells => Cells.Where(c => c.RawSize < 0).Select(c => c.Offset);

    public static long File(uint cell) => BaseBlock.Size + (long)cell;

    /// <summary>File offset of a cell's data (after its size field).</summary>
    public static int Data(uint cell) => BaseBlock.Size + (int)cell + 4;

    public static HiveMap Build(string name, byte[] bytes)
    {
        var map = new HiveMap(name, bytes);
        using var hive = Hive.Load(bytes, name);
        var image = hive.Image;
        map.BinsSize = hive.HiveBinsSize;
        map.MinorVersion = hive.MinorVersion;
        foreach (var (binOffset, binSize) in image.Bins())
        {
            map.Bins.Add((binOffset, binSize));
            uint offset = binOffset + 32;
            while (offset < binOffset + binSize)
            {
                int raw = BinaryPrimitives.ReadInt32LittleEndian(image.RawBins(offset, 4));
                map.Cells.Add((offset, raw));
                offset += (uint)Math.Abs(raw);
            }
        }

        var security = new HashSet<uint>();
        foreach (var key in hive.EnumerateTree())
        {
            var nk = image.Cell(key.Cell, "key node");
            uint list = KeyNode.SubkeyCount(nk) > 0 ? KeyNode.SubkeyList(nk) : HiveImage.NoCell;
            uint valueList = KeyNode.ValueCount(nk) > 0 ? KeyNode.ValueList(nk) : HiveImage.NoCell;
            map.Keys.Add(new KeyInfo(key.Cell, KeyNode.Parent(nk), list, valueList, KeyNode.Security(nk), key.Depth, key.GetSubkeys().Select(k => k.Cell).ToList()));
            if (list != HiveImage.NoCell)
            {
                var cell = image.Cell(list, "subkey list");
                if (SubkeyList.Kind(cell) == SubkeyList.IndexRoot)
                {
                    map.IndexRoots.Add((list, key.Cell));
                    for (int i = 0; i < SubkeyList.Count(cell); i++)
                    {
                        map.Leaves.Add((SubkeyList.EntryOffset(cell, SubkeyList.IndexRoot, i), key.Cell));
                    }
                }
                else
                {
                    map.Leaves.Add((list, key.Cell));
                }
            }

            if (valueList != HiveImage.NoCell)
            {
                map.ValueLists.Add(valueList);
                foreach (uint value in hive.Values.ValueOffsets(key.Cell))
                {
                    map.Values.Add(value);
                    var vk = image.Cell(value, "value");
                    uint length = ValueEntry.DataLength(vk);
                    if (ValueEntry.IsInline(vk) || length == 0)
                    {
                        continue;
                    }

                    uint data = ValueEntry.DataOffset(vk);
                    var dataCell = image.Cell(data, "value data");
                    if (BigData.Applies(map.MinorVersion, (int)length) && BigData.HasSignature(dataCell))
                    {
                        map.BigDataCells.Add(data);
                        map.SegmentLists.Add(BigData.SegmentList(dataCell));
                    }
                    else
                    {
                        map.DataCells.Add(data);
                    }
                }
            }

            if (security.Add(KeyNode.Security(nk)))
            {
                map.SecurityCells.Add(KeyNode.Security(nk));
            }

            if (KeyNode.ClassLength(nk) > 0 && KeyNode.Class(nk) != HiveImage.NoCell)
            {
                map.ClassCells.Add(KeyNode.Class(nk));
            }
        }

        // The ring may hold security cells no key uses.
        uint start = map.SecurityCells[0];
        uint current = SecurityCell.Flink(image.Cell(start, "security cell"));
        while (current != start && security.Add(current))
        {
            map.SecurityCells.Add(current);
            current = SecurityCell.Flink(image.Cell(current, "security cell"));
        }

        return map;
    }

    /// <summary>A key node and the cells it points at.</summary>
    public sealed record KeyInfo(uint Cell, uint Parent, uint SubkeyList, uint ValueList, uint Security, int Depth, List<uint> Children);
}
