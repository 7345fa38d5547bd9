using System.Buffers.Binary;
using System.Numerics;
using E = OfflineRepair.Ntfs.NtfsLayout.IndexEntry;
using N = OfflineRepair.Ntfs.NtfsLayout.FileName;

namespace OfflineRepair.Ntfs;

/// <summary>What a directory's index entry repeats about a file ("duplicated information"). Times are FILETIMEs;
/// sizes are null when only a named stream changed (the index holds the unnamed $DATA's sizes).</summary>
internal sealed record DuplicatedInfo(long LastWriteTime, long MftChangeTime, long LastAccessTime, long? AllocatedSize, long? DataSize, uint SetAttributes);

/// <summary>
/// Keeps the copies of a file's $FILE_NAME in its parents' $I30 indexes current after a write: Windows and
/// <c>dir</c> show sizes and times from these entries, and chkdsk compares their sizes with the file's $DATA. Each
/// name of the file (a long name and its DOS 8.3 alias are two entries; hard links may sit in other directories)
/// is looked up by walking the parent's B+ tree; entries are patched in place (same length, so the tree keeps its
/// shape) in the parent's MFT record for the root node, or in the INDX block, which is written back with fresh
/// fixups. The $FILE_NAME attributes in the file's own record are left alone, as Windows does.
/// </summary>
internal static class IndexEntryUpdater
{
    private const string IndexName = "$I30";

    /// <summary>Finds every entry; with <paramref name="info"/> null only checks that they can all be found (and
    /// writes nothing), else patches and writes them.</summary>
    public static void Update(NtfsVolume volume, long fileRecord, ushort fileSequence, IReadOnlyList<FileNameAttribute> names, DuplicatedInfo? info)
    {
        foreach (var group in names.GroupBy(n => n.ParentRecordNumber))
        {
            var parent = new ParentIndex(volume, group.Key, group.First().ParentSequence);
            foreach (var name in group)
            {
                var (node, keyOffset) = parent.Locate(name.Name, fileRecord, fileSequence);
                if (info is not null)
                {
                    Patch(node.Buffer.AsSpan(keyOffset), info);
                    node.Dirty = true;
                }
            }

            if (info is not null)
            {
                parent.WriteDirtyNodes();
            }
        }
    }

    private static void Patch(Span<byte> key, DuplicatedInfo info)
    {
        BinaryPrimitives.WriteInt64LittleEndian(key[N.LastWriteTime..], info.LastWriteTime);
        BinaryPrimitives.WriteInt64LittleEndian(key[N.MftChangeTime..], info.MftChangeTime);
        BinaryPrimitives.WriteInt64LittleEndian(key[N.LastAccessTime..], info.LastAccessTime);
        if (info.AllocatedSize is { } allocated)
        {
            BinaryPrimitives.WriteInt64LittleEndian(key[N.AllocatedSize..], allocated);
        }

        if (info.DataSize is { } size)
        {
            BinaryPrimitives.WriteInt64LittleEndian(key[N.DataSize..], size);
        }

        var attributes = BinaryPrimitives.ReadUInt32LittleEndian(key[N.FileAttributes..]);
        BinaryPrimitives.WriteUInt32LittleEndian(key[N.FileAttributes..], attributes | info.SetAttributes);
    }

    /// <summary>An index node held for patching: the parent's whole MFT record (root) or one INDX block.</summary>
    private sealed class Node(byte[] buffer, int headerOffset, long vcn)
    {
        public byte[] Buffer { get; } = buffer;

        /// <summary>Offset of the node's INDEX_HEADER in <see cref="Buffer"/>.</summary>
        public int HeaderOffset { get; } = headerOffset;

        /// <summary>The block's VCN; -1 for the root.</summary>
        public long Vcn { get; } = vcn;

        public bool Dirty { get; set; }
    }

    /// <summary>One parent directory's $I30, its nodes read at most once per update.</summary>
    private sealed class ParentIndex
    {
        private readonly NtfsVolume volume;
        private readonly long recordNumber;
        private readonly long rootRecord;
        private readonly IReadOnlyList<DataRun>? allocationRuns;
        private readonly long allocationSize;
        private readonly int blockSize;
        private readonly int vcnShift;
        private readonly Dictionary<long, Node> nodes = [];

        public ParentIndex(NtfsVolume volume, long recordNumber, ushort expectedSequence)
        {
            this.volume = volume;
            this.recordNumber = recordNumber;
            var directory = volume.OpenFile(recordNumber);
            if (expectedSequence != 0 && directory.SequenceNumber != expectedSequence)
            {
                throw Error($"the file names it as its parent with sequence {expectedSequence}, but the record has sequence {directory.SequenceNumber}");
            }

            var root = directory.Attributes.FirstOrDefault(a => a.Type == AttributeType.IndexRoot && a.Name == IndexName && a.IsResident)
                ?? throw Error("the parent has no $I30 $INDEX_ROOT: it is not a directory");
            rootRecord = root.RecordNumber;
            blockSize = IndexRoot.Parse(root.Value.Span, recordNumber).BlockSize;
            if (directory.HasAttribute(AttributeType.IndexAllocation, IndexName))
            {
                allocationRuns = directory.JoinedRuns(AttributeType.IndexAllocation, IndexName);
                allocationSize = directory.AttributeSize(AttributeType.IndexAllocation, IndexName);
            }

            // Blocks smaller than a cluster are addressed in 512-byte units, bigger ones in clusters (as the reader does).
            var clusterSize = volume.BootSector.ClusterSize;
            vcnShift = blockSize < clusterSize ? NtfsLayout.IndexBlock.SmallBlockVcnShift : BitOperations.Log2((ulong)clusterSize);
        }

        /// <summary>The node holding <paramref name="name"/>'s entry and the offset of its key in the node's buffer.</summary>
        public (Node Node, int KeyOffset) Locate(string name, long fileRecord, ushort fileSequence)
        {
            var found = Descend(name) ?? Scan(name);
            if (found is not { } hit)
            {
                throw Error($"no $I30 entry names \"{name}\" (record {fileRecord})");
            }

            var entryOffset = hit.KeyOffset - E.Key;
            var reference = BinaryPrimitives.ReadUInt64LittleEndian(hit.Node.Buffer.AsSpan(entryOffset + E.FileReference));
            var sequence = FileReference.SequenceOf(reference);
            if (FileReference.RecordOf(reference) != fileRecord || (sequence != 0 && sequence != fileSequence))
            {
                throw Error($"the $I30 entry \"{name}\" names record {FileReference.RecordOf(reference)} (sequence {sequence}), not record {fileRecord} (sequence {fileSequence})");
            }

            return hit;
        }

        public void WriteDirtyNodes()
        {
            foreach (var node in nodes.Values.Where(n => n.Dirty))
            {
                if (node.Vcn < 0)
                {
                    volume.Records.Write(rootRecord, node.Buffer);
                }
                else
                {
                    var disk = (byte[])node.Buffer.Clone();
                    UpdateSequence.Protect(disk);
                    var start = node.Vcn << vcnShift;
                    foreach (var piece in RunMapping.Map(allocationRuns!, volume.BootSector.ClusterSize, start, blockSize, Where(node.Vcn)))
                    {
                        volume.WriteAt(piece.VolumeOffset, disk.AsSpan((int)(piece.AttributeOffset - start), piece.Length));
                    }
                }

                node.Dirty = false;
            }
        }

        /// <summary>Walks down the B+ tree by the file-name collation: $UpCase first, exact code units on a tie.</summary>
        private (Node Node, int KeyOffset)? Descend(string name)
        {
            var upcase = volume.Upcase;
            var node = RootNode();
            var visited = new HashSet<long>();
            for (var depth = 0; depth < NtfsLayout.Limits.MaxIndexDepth; depth++)
            {
                var (entries, offsets) = Entries(node);
                long? next = null;
                for (var i = 0; i < entries.Count; i++)
                {
                    var key = entries[i].Key;
                    if (key is null)
                    {
                        next = entries[i].SubnodeVcn;
                        break;
                    }

                    var order = upcase.Compare(name, key.Name);
                    if (order == 0)
                    {
                        order = string.CompareOrdinal(name, key.Name);
                    }

                    if (order == 0)
                    {
                        return (node, node.HeaderOffset + offsets[i] + E.Key);
                    }

                    if (order < 0)
                    {
                        next = entries[i].SubnodeVcn;
                        break;
                    }
                }

                if (next is not { } vcn || !visited.Add(vcn))
                {
                    return null;
                }

                node = BlockNode(vcn);
            }

            return null;
        }

        /// <summary>Looks at every node: the fallback when the descent misses (a tree sorted by rules slightly unlike
        /// ours, such as names differing only in case) before calling the entry missing.</summary>
        private (Node Node, int KeyOffset)? Scan(string name)
        {
            var pending = new Stack<(Node Node, int Depth)>();
            pending.Push((RootNode(), 0));
            var visited = new HashSet<long>();
            while (pending.Count > 0)
            {
                var (node, depth) = pending.Pop();
                var (entries, offsets) = Entries(node);
                for (var i = 0; i < entries.Count; i++)
                {
                    if (entries[i].Key is { } key && string.Equals(key.Name, name, StringComparison.Ordinal))
                    {
                        return (node, node.HeaderOffset + offsets[i] + E.Key);
                    }

                    if (entries[i].SubnodeVcn is { } vcn && depth < NtfsLayout.Limits.MaxIndexDepth && visited.Add(vcn))
                    {
                        pending.Push((BlockNode(vcn), depth + 1));
                    }
                }
            }

            return null;
        }

        private (IReadOnlyList<IndexEntry> Entries, List<int> Offsets) Entries(Node node)
        {
            var offsets = new List<int>();
            var end = node.Vcn < 0 ? MftRecordWriter.BytesInUse(node.Buffer) : node.Buffer.Length;
            var entries = IndexEntry.ParseNode(node.Buffer.AsSpan(node.HeaderOffset, end - node.HeaderOffset), Where(node.Vcn), out _, offsets);
            return (entries, offsets);
        }

        private Node RootNode()
        {
            if (nodes.TryGetValue(-1, out var cached))
            {
                return cached;
            }

            var record = volume.Records.Read(rootRecord);
            var attribute = MftRecordWriter.FindAttribute(record, AttributeType.IndexRoot, IndexName);
            if (attribute < 0 || record[attribute + NtfsLayout.Attribute.NonResident] != 0)
            {
                throw Error($"record {rootRecord} has no resident $I30 $INDEX_ROOT");
            }

            int valueOffset = BinaryPrimitives.ReadUInt16LittleEndian(record.AsSpan(attribute + NtfsLayout.Attribute.ResidentValueOffset));
            var node = new Node(record, attribute + valueOffset + NtfsLayout.IndexRoot.Header, -1);
            nodes[-1] = node;
            return node;
        }

        private Node BlockNode(long vcn)
        {
            if (nodes.TryGetValue(vcn, out var cached))
            {
                return cached;
            }

            if (allocationRuns is null || vcn < 0 || vcn > (long.MaxValue >> vcnShift) || (vcn << vcnShift) > allocationSize - blockSize)
            {
                throw Error($"an entry points to index block VCN {vcn}, which $INDEX_ALLOCATION does not hold");
            }

            var start = vcn << vcnShift;
            var block = new byte[blockSize];
            foreach (var piece in RunMapping.Map(allocationRuns, volume.BootSector.ClusterSize, start, blockSize, Where(vcn)))
            {
                volume.ReadAt(piece.VolumeOffset, block.AsSpan((int)(piece.AttributeOffset - start), piece.Length));
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(block) != NtfsLayout.IndexBlock.Magic)
            {
                throw new NtfsFormatException("index block", Where(vcn), "signature is not \"INDX\"");
            }

            var problem = UpdateSequence.TryApply(block);
            if (problem is not null)
            {
                throw new NtfsFormatException("index block", Where(vcn), "update sequence: " + problem);
            }

            if (BinaryPrimitives.ReadInt64LittleEndian(block.AsSpan(NtfsLayout.IndexBlock.Vcn)) != vcn)
            {
                throw new NtfsFormatException("index block", Where(vcn), "the block names another VCN");
            }

            var node = new Node(block, NtfsLayout.IndexBlock.Header, vcn);
            nodes[vcn] = node;
            return node;
        }

        private string Where(long vcn) => vcn < 0 ? $"$INDEX_ROOT of record {recordNumber}" : $"index block VCN {vcn} of record {recordNumber}";

        private NtfsFormatException Error(string problem) => new("directory index", $"record {recordNumber}", problem);
    }
}
