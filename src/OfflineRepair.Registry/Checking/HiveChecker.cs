using System.Buffers.Binary;
using OfflineRepair.Registry.Cells;
using OfflineRepair.Registry.Format;
using OfflineRepair.Registry.Names;
using OfflineRepair.Registry.Storage;

namespace OfflineRepair.Registry.Checking;

/// <summary>
/// Checks the structural rules a hive must keep for Windows to load it without "healing" it:
/// header and checksum, cells tiling bins, subkey lists sorted under Windows' table across leaves
/// with correct lh hashes and lf hints, counts, max-length fields, big-data layout, security
/// reference counts equal to references and an intact sk ring. Run on every hive the writer writes.
/// </summary>
public static class HiveChecker
{
    public static HiveCheckReport Check(Hive hive)
    {
        var run = new CheckRun(hive);
        run.Execute();
        return new HiveCheckReport(run.Problems, run.Warnings, run.Unreachable, run.KeyCount, run.ValueCount, run.SecurityCount);
    }

    private sealed class CheckRun
    {
        private readonly Hive _hive;
        private readonly HiveImage _image;
        private readonly HashSet<uint> _reachable = [];
        private readonly Dictionary<uint, uint> _securityReferences = [];

        public CheckRun(Hive hive)
        {
            _hive = hive;
            _image = hive.Image;
        }

        public List<string> Problems { get; } = [];

        /// <summary>
        /// Max-length fields smaller than the names and data below them: Windows XP left such keys
        /// (winevt-kb SYSTEM) and Windows loads them, but our writer must never create one.
        /// </summary>
        public List<string> Warnings { get; } = [];

        public List<uint> Unreachable { get; } = [];

        public int KeyCount { get; private set; }

        public int ValueCount { get; private set; }

        public int SecurityCount { get; private set; }

        public void Execute()
        {
            CheckHeader();
            var allocated = CheckCellsTileBins();
            try
            {
                WalkKeys();
                CheckSecurityRing();
            }
            catch (HiveFormatException e)
            {
                Problems.Add(e.Message);
            }

            var starts = new HashSet<uint>(allocated);
            foreach (uint cell in _reachable)
            {
                if (!starts.Contains(cell))
                {
                    Problems.Add($"cell at {At(cell)} is referenced but is not the start of an allocated cell in its bin");
                }
            }

            foreach (uint cell in allocated)
            {
                if (!_reachable.Contains(cell))
                {
                    Unreachable.Add(cell);
                }
            }
        }

        private void CheckHeader()
        {
            var header = _image.BaseBlockBytes;
            if (BaseBlock.PrimarySequence(header) != BaseBlock.SecondarySequence(header))
            {
                Problems.Add($"base block: sequence numbers differ ({BaseBlock.PrimarySequence(header)}/{BaseBlock.SecondarySequence(header)})");
            }

            if (!BaseBlock.ChecksumIsValid(header))
            {
                Problems.Add($"base block: checksum 0x{BaseBlock.StoredChecksum(header):X8}, expected 0x{BaseBlock.ComputeChecksum(header):X8}");
            }

            if (BaseBlock.ClusteringFactor(header) != 1)
            {
                Problems.Add($"base block: clustering factor {BaseBlock.ClusteringFactor(header)}, expected 1");
            }

            if (BaseBlock.FileType(header) != BaseBlock.FileTypePrimary)
            {
                Problems.Add($"base block: file type {BaseBlock.FileType(header)}, expected 0");
            }

            long sum = _image.Bins().Sum(b => (long)b.Size);
            if (sum != BaseBlock.HiveBinsSize(header))
            {
                Problems.Add($"base block: hive bins size 0x{BaseBlock.HiveBinsSize(header):X} but bins add up to 0x{sum:X}");
            }
        }

        private List<uint> CheckCellsTileBins()
        {
            var allocated = new List<uint>();
            foreach (var (binOffset, binSize) in _image.Bins())
            {
                uint offset = binOffset + HiveBinHeader.Size;
                uint end = binOffset + binSize;
                while (offset < end)
                {
                    int raw = BinaryPrimitives.ReadInt32LittleEndian(_image.RawBins(offset, 4));
                    long size = raw < 0 ? -(long)raw : raw;
                    if (size < 8 || size % 8 != 0 || offset + size > end)
                    {
                        Problems.Add($"cell at 0x{BaseBlock.Size + (long)offset:X}: size {raw} does not tile its bin");
                        break;
                    }

                    if (raw < 0)
                    {
                        allocated.Add(offset);
                    }

                    offset += (uint)size;
                }
            }

            return allocated;
        }

        private void WalkKeys()
        {
            uint root = BaseBlock.RootCell(_image.BaseBlockBytes);
            var stack = new Stack<(uint Cell, uint Parent, int Depth)>();
            stack.Push((root, HiveImage.NoCell, 0));
            var seen = new HashSet<uint>();
            while (stack.Count > 0)
            {
                var (cell, parent, depth) = stack.Pop();
                if (!seen.Add(cell))
                {
                    Problems.Add($"key node at {At(cell)}: reached twice (cycle or shared child)");
                    continue;
                }

                if (depth > Hive.MaxDepth)
                {
                    Problems.Add($"key node at {At(cell)}: deeper than {Hive.MaxDepth} levels");
                    continue;
                }

                foreach (uint child in CheckKey(cell, parent))
                {
                    stack.Push((child, cell, depth + 1));
                }
            }
        }

        private List<uint> CheckKey(uint cell, uint parent)
        {
            KeyCount++;
            _reachable.Add(cell);
            var nk = _image.Cell(cell, "key node");
            string name = KeyNode.Name(nk, BaseBlock.Size + (long)cell);
            if (parent != HiveImage.NoCell && KeyNode.Parent(nk) != parent)
            {
                Problems.Add($"key '{name}' at {At(cell)}: parent field 0x{KeyNode.Parent(nk):X}, real parent 0x{parent:X}");
            }

            if (KeyNode.CanCompress(name) != KeyNode.HasCompressedName(nk) && KeyNode.HasCompressedName(nk))
            {
                Problems.Add($"key '{name}' at {At(cell)}: compressed flag set on a name that does not fit Latin-1");
            }

            uint security = KeyNode.Security(nk);
            if (security == HiveImage.NoCell)
            {
                Problems.Add($"key '{name}' at {At(cell)}: no security cell");
            }
            else
            {
                _securityReferences[security] = _securityReferences.GetValueOrDefault(security) + 1;
            }

            if (KeyNode.ClassLength(nk) > 0 && KeyNode.Class(nk) != HiveImage.NoCell)
            {
                var classCell = _image.Cell(KeyNode.Class(nk), "class name");
                if (classCell.Length < KeyNode.ClassLength(nk))
                {
                    Problems.Add($"key '{name}' at {At(cell)}: class name longer than its cell");
                }

                _reachable.Add(KeyNode.Class(nk));
            }

            var children = CheckSubkeyList(cell, nk, name);
            CheckValues(cell, name);
            return children;
        }

        private List<uint> CheckSubkeyList(uint cell, ReadOnlySpan<byte> nk, string name)
        {
            var children = new List<uint>();
            uint count = KeyNode.SubkeyCount(nk);
            uint list = KeyNode.SubkeyList(nk);
            uint maxNameField = KeyNode.MaxSubkeyName(nk) & 0xFFFF;
            if (count == 0 || list == HiveImage.NoCell)
            {
                if (count != 0)
                {
                    Problems.Add($"key '{name}' at {At(cell)}: counts {count} subkeys but has no list");
                }

                return children;
            }

            var leaves = new List<uint>();
            var root = _image.Cell(list, "subkey list");
            ushort kind = SubkeyList.Check(root, BaseBlock.Size + (long)list);
            _reachable.Add(list);
            if (SubkeyList.IsLeaf(kind))
            {
                leaves.Add(list);
            }
            else
            {
                for (int i = 0; i < SubkeyList.Count(root); i++)
                {
                    leaves.Add(SubkeyList.EntryOffset(root, kind, i));
                }
            }

            ExpectedLeafKind(kind, name, cell);
            string? previous = null;
            foreach (uint leaf in leaves)
            {
                var leafCell = _image.Cell(leaf, "subkey list");
                ushort leafKind = SubkeyList.Check(leafCell, BaseBlock.Size + (long)leaf);
                _reachable.Add(leaf);
                if (!SubkeyList.IsLeaf(leafKind))
                {
                    Problems.Add($"key '{name}': index root entry at {At(leaf)} is not a leaf");
                    continue;
                }

                if (leafKind != kind && kind != SubkeyList.IndexRoot)
                {
                    Problems.Add($"key '{name}': mixed list kinds");
                }

                int leafCount = SubkeyList.Count(leafCell);
                if (leafCount == 0)
                {
                    Problems.Add($"key '{name}': empty leaf at {At(leaf)}");
                }

                for (int i = 0; i < leafCount; i++)
                {
                    uint child = SubkeyList.EntryOffset(leafCell, leafKind, i);
                    var childNode = _image.Cell(child, "key node");
                    string childName = KeyNode.Name(childNode, BaseBlock.Size + (long)child);
                    if (previous is not null && RegistryNameComparer.CompareNames(previous, childName) >= 0)
                    {
                        Problems.Add($"key '{name}': subkeys '{previous}' and '{childName}' are out of Windows order");
                    }

                    if (leafKind == SubkeyList.HashLeaf && SubkeyList.EntryExtra(leafCell, i) != RegistryNameComparer.LhHash(childName))
                    {
                        Problems.Add($"key '{name}': lh hash of '{childName}' is 0x{SubkeyList.EntryExtra(leafCell, i):X8}, expected 0x{RegistryNameComparer.LhHash(childName):X8}");
                    }

                    if (leafKind == SubkeyList.FastLeaf && !FastLeafHintMatches(SubkeyList.EntryExtra(leafCell, i), childName))
                    {
                        Problems.Add($"key '{name}': lf hint of '{childName}' is wrong");
                    }

                    if (KeyNode.NameUtf16Bytes(childNode) > maxNameField)
                    {
                        Warnings.Add($"key '{name}': largest-subkey-name field {maxNameField} is smaller than '{childName}' ({KeyNode.NameUtf16Bytes(childNode)} bytes)");
                    }

                    previous = childName;
                    children.Add(child);
                }
            }

            if (children.Count != count)
            {
                Problems.Add($"key '{name}' at {At(cell)}: counts {count} subkeys, lists hold {children.Count}");
            }

            return children;
        }

        private void ExpectedLeafKind(ushort kind, string name, uint cell)
        {
            if (kind == SubkeyList.IndexLeaf && _hive.MinorVersion >= 3)
            {
                // Windows still reads li leaves in newer hives (inside ri lists especially); not an error.
                return;
            }

            if (kind == SubkeyList.HashLeaf && _hive.MinorVersion < 5)
            {
                Problems.Add($"key '{name}' at {At(cell)}: lh list in a hive of minor version {_hive.MinorVersion}");
            }
        }

        private static bool FastLeafHintMatches(uint stored, string name)
        {
            // Windows compares hints case-insensitively; the writer stores the name's own case.
            uint expected = SubkeyList.FastLeafHint(name);
            if (stored == expected)
            {
                return true;
            }

            for (int i = 0; i < 4; i++)
            {
                char a = (char)((stored >> (8 * i)) & 0xFF);
                char b = (char)((expected >> (8 * i)) & 0xFF);
                if (UpcaseTable.ToUpper(a) != UpcaseTable.ToUpper(b))
                {
                    return false;
                }
            }

            return true;
        }

        private void CheckValues(uint cell, string name)
        {
            var nk = _image.Cell(cell, "key node");
            uint count = KeyNode.ValueCount(nk);
            if (count == 0)
            {
                return;
            }

            _reachable.Add(KeyNode.ValueList(nk));
            var values = _hive.Values.ValueOffsets(cell);
            var names = new HashSet<string>(RegistryNameComparer.Instance);
            uint maxName = KeyNode.MaxValueName(nk);
            uint maxData = KeyNode.MaxValueData(nk);
            foreach (uint value in values)
            {
                ValueCount++;
                _reachable.Add(value);
                var vk = _hive.Values.Record(value);
                string valueName = ValueEntry.Name(vk);
                if (!names.Add(valueName))
                {
                    Problems.Add($"key '{name}': value '{valueName}' appears twice");
                }

                if (ValueEntry.NameUtf16Bytes(vk) > maxName)
                {
                    Warnings.Add($"key '{name}': largest-value-name field {maxName} is smaller than '{valueName}'");
                }

                uint length = ValueEntry.DataLength(vk);
                if (length > maxData)
                {
                    Warnings.Add($"key '{name}': largest-value-data field {maxData} is smaller than '{valueName}' ({length} bytes)");
                }

                if (ValueEntry.IsInline(vk))
                {
                    if (length > 4)
                    {
                        Problems.Add($"key '{name}': value '{valueName}' claims {length} inline bytes");
                    }

                    continue;
                }

                if (length == 0)
                {
                    continue;
                }

                if (length <= 4)
                {
                    // Windows itself writes small data inline; a data cell is legal but our writer never makes one.
                }

                CheckValueData(name, valueName, vk, length);
            }
        }

        private void CheckValueData(string keyName, string valueName, ReadOnlySpan<byte> vk, uint length)
        {
            uint data = ValueEntry.DataOffset(vk);
            var cell = _image.Cell(data, "value data");
            _reachable.Add(data);
            bool big = BigData.Applies(_hive.MinorVersion, (int)Math.Min(length, int.MaxValue)) && BigData.HasSignature(cell);
            if (!big)
            {
                if (cell.Length < length)
                {
                    Problems.Add($"key '{keyName}': value '{valueName}' data of {length} bytes in a cell of {cell.Length}");
                }

                return;
            }

            int segments = BigData.SegmentCount(cell);
            if (segments != BigData.SegmentsFor((int)length))
            {
                Problems.Add($"key '{keyName}': value '{valueName}' big data has {segments} segments for {length} bytes");
            }

            uint listOffset = BigData.SegmentList(cell);
            var list = _image.Cell(listOffset, "big data segment list");
            _reachable.Add(listOffset);
            for (int i = 0; i < segments && (i * 4) + 4 <= list.Length; i++)
            {
                uint segment = BinaryPrimitives.ReadUInt32LittleEndian(list[(i * 4)..]);
                var segmentCell = _image.Cell(segment, "big data segment");
                _reachable.Add(segment);
                int expected = Math.Min(BigData.SegmentSize, (int)length - (i * BigData.SegmentSize));
                if (segmentCell.Length < expected)
                {
                    Problems.Add($"key '{keyName}': value '{valueName}' segment {i} holds {segmentCell.Length} bytes, {expected} needed");
                }
            }
        }

        private void CheckSecurityRing()
        {
            uint root = BaseBlock.RootCell(_image.BaseBlockBytes);
            uint start = KeyNode.Security(_image.Cell(root, "root key node"));
            uint current = start;
            var ring = new HashSet<uint>();
            while (true)
            {
                var sk = _image.Cell(current, "security cell");
                SecurityCell.Check(sk, BaseBlock.Size + (long)current);
                if (!ring.Add(current))
                {
                    Problems.Add($"security ring: cell at {At(current)} reached twice before closing");
                    break;
                }

                _reachable.Add(current);
                uint next = SecurityCell.Flink(sk);
                var nextCell = _image.Cell(next, "security cell");
                SecurityCell.Check(nextCell, BaseBlock.Size + (long)next);
                if (SecurityCell.Blink(nextCell) != current)
                {
                    Problems.Add($"security ring: cell at {At(next)} links back to 0x{SecurityCell.Blink(nextCell):X}, not 0x{current:X}");
                }

                uint references = _securityReferences.GetValueOrDefault(current);
                if (SecurityCell.ReferenceCount(sk) != references)
                {
                    Problems.Add($"security cell at {At(current)}: reference count {SecurityCell.ReferenceCount(sk)}, {references} keys point at it");
                }

                current = next;
                if (current == start)
                {
                    break;
                }
            }

            SecurityCount = ring.Count;
            foreach (var (cell, _) in _securityReferences)
            {
                if (!ring.Contains(cell))
                {
                    Problems.Add($"security cell at {At(cell)} is used by keys but not on the ring");
                }
            }
        }

        private static string At(uint cell) => $"0x{BaseBlock.Size + (long)cell:X}";
    }
}
