using System.Buffers.Binary;
using A = OfflineRepair.Ntfs.NtfsLayout.Attribute;

namespace OfflineRepair.Ntfs.ViewIndexes;

/// <summary>
/// Insertion into a view index, planned in memory (nothing is written here; <see cref="Stage"/> adds the writes
/// to the plan). The new entry goes into the leaf where its key belongs, or into the root while the index has no
/// blocks. A block that overflows is split: the entries before its median move to a new block, the median goes
/// up to the parent pointing to that block, the old block keeps the rest (so the parent's pointer to it stays
/// right), and the parent may split in turn. When the root, which shares MFT record 9 with the other attributes of
/// $Secure, has no room, all its entries move down into a new block and the root keeps only an end entry pointing
/// there; the first time, the index's $INDEX_ALLOCATION and $BITMAP are created. Like Windows, a root that has
/// blocks keeps only its end entry (a key promoted into it moves down at once, so the root never grows), and a root
/// without blocks grows only while the record keeps <see cref="RecordReserve"/> bytes free: the $SDS runlist and
/// the other index share that record and must still be able to grow. A new block reuses a block the
/// $BITMAP marks free, else $INDEX_ALLOCATION grows by one block (clusters from the same allocator as file growth).
/// Anything that cannot be done refuses with <see cref="NtfsWriteRefusedException"/>, still before any write.
/// </summary>
internal sealed partial class ViewIndex
{
    /// <summary>Bytes of record 9 a root without blocks leaves free for the runlists that share the record.</summary>
    public const int RecordReserve = 64;

    private MftRecordBatch? batch;
    private WritePlan? plan;
    private bool bitmapDirty;

    /// <summary>Plans the insertion of <paramref name="entry"/> (a leaf entry, no sub-node). Record edits go into
    /// <paramref name="records"/>; clusters are chosen into <paramref name="writes"/>' allocation.</summary>
    public void Insert(byte[] entry, MftRecordBatch records, WritePlan writes)
    {
        batch = records;
        plan = writes;
        if (!rootInBaseRecord)
        {
            throw Refused("its $INDEX_ROOT is in an extension record");
        }

        var key = ViewIndexEntry.Key(entry).ToArray();
        var path = new List<(ViewIndexNode Node, int Index)>();
        var visited = new HashSet<long>();
        var node = Root;
        for (var depth = 1; ; depth++)
        {
            var index = Position(node, key);
            if (!node.HasSubnodes)
            {
                InsertInto(node, index, entry, path);
                return;
            }

            path.Add((node, index));
            var vcn = ViewIndexEntry.Subnode(node.Entries[index])
                ?? throw Error("index node", "an entry of an inner node has no sub-node");
            node = Child(vcn, visited, depth);
        }
    }

    /// <summary>Adds to the plan, in this order, the writes of the new blocks, of the changed blocks, of a
    /// non-resident $BITMAP, and of the MFT records the insertion changed.</summary>
    public void Stage()
    {
        var records = batch ?? throw new InvalidOperationException("nothing was inserted");
        var writes = plan!;
        var runs = allocationRuns is null ? [] : new List<DataRun>(allocationRuns);
        var cluster = volume.BootSector.ClusterSize;
        foreach (var node in blocks.Values.Where(n => n.Dirty).OrderBy(n => n.IsNew ? 0 : 1).ThenBy(n => n.Vcn))
        {
            var bytes = node.ToBlock(BlockSize);
            UpdateSequence.Protect(bytes);
            var start = node.Vcn << vcnShift;
            var location = $"VCN {node.Vcn} of {where}";
            writes.Add($"index block {location}", () =>
            {
                foreach (var piece in RunMapping.Map(runs, cluster, start, BlockSize, location))
                {
                    volume.WriteAt(piece.VolumeOffset, bytes.AsSpan((int)(piece.AttributeOffset - start), piece.Length));
                }
            });
            node.Dirty = false;
        }

        if (bitmapDirty && !bitmapResident)
        {
            var bytes = (byte[])bitmap!.Clone();
            var bitmapRunsNow = bitmapRuns;
            writes.Add($"$BITMAP {where}", () =>
            {
                foreach (var piece in RunMapping.Map(bitmapRunsNow, cluster, 0, bytes.Length, $"$BITMAP {where}"))
                {
                    volume.WriteAt(piece.VolumeOffset, bytes.AsSpan((int)piece.AttributeOffset, piece.Length));
                }
            });
        }

        bitmapDirty = false;
        records.Stage(writes, file.RecordNumber);
    }

    /// <summary>Index of the first entry of <paramref name="node"/> whose key sorts after <paramref name="key"/> (or of
    /// the end entry); an equal key already in the index is a corrupt index, since new keys are always fresh.</summary>
    private int Position(ViewIndexNode node, ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < node.Entries.Count; i++)
        {
            var entry = node.Entries[i];
            if (ViewIndexEntry.IsEnd(entry))
            {
                return i;
            }

            var order = ViewCollation.Compare(Collation, key, ViewIndexEntry.Key(entry));
            if (order == 0)
            {
                throw Error("index", $"already holds an entry with the key {Convert.ToHexString(key)}, which a new entry was to get");
            }

            if (order < 0)
            {
                return i;
            }
        }

        throw Error("index node", "has no end entry");
    }

    private void InsertInto(ViewIndexNode node, int index, byte[] entry, List<(ViewIndexNode Node, int Index)> path)
    {
        node.Entries.Insert(index, entry);
        node.Dirty = true;
        if (node.IsRoot)
        {
            if (!node.HasSubnodes && TryWriteRoot(RecordReserve))
            {
                return;
            }

            var child = PushDownRoot();
            if (!child.FitsBlock(BlockSize))
            {
                Split(child, [(Root, 0)]);
            }

            return;
        }

        if (!node.FitsBlock(BlockSize))
        {
            Split(node, path);
        }
    }

    /// <summary>Moves the entries before the median of an overflowing block into a new block and the median up to
    /// the parent, pointing to the new block.</summary>
    private void Split(ViewIndexNode node, List<(ViewIndexNode Node, int Index)> path)
    {
        var entries = node.Entries;
        var end = entries[^1];
        var keyed = entries.Count - 1;
        if (keyed < 3)
        {
            throw Refused($"an index block with {keyed} entries does not fit {BlockSize} bytes");
        }

        // The median by bytes, so both halves fit whatever the entry sizes.
        var half = node.EntryBytes / 2;
        var median = 1;
        for (var total = entries[0].Length; median < keyed - 2 && total + entries[median].Length <= half; median++)
        {
            total += entries[median].Length;
        }

        var left = entries.GetRange(0, median);
        left.Add(ViewIndexEntry.End(node.HasSubnodes ? ViewIndexEntry.Subnode(entries[median]) : null));
        var right = entries.GetRange(median + 1, keyed - median - 1);
        right.Add(end);

        var sibling = AllocateBlock(node.HasSubnodes);
        sibling.Entries = left;
        node.Entries = right;
        node.Dirty = true;
        if (!sibling.FitsBlock(BlockSize) || !node.FitsBlock(BlockSize))
        {
            throw Refused($"the halves of a split index block do not fit {BlockSize} bytes");
        }

        var promoted = ViewIndexEntry.WithSubnode(entries[median], sibling.Vcn);
        var (parent, index) = path[^1];
        path.RemoveAt(path.Count - 1);
        InsertInto(parent, index, promoted, path);
    }

    /// <summary>Moves every entry of the root into a new block, leaving the root an end entry pointing to it.</summary>
    private ViewIndexNode PushDownRoot()
    {
        var entries = Root.Entries;
        var inner = Root.HasSubnodes;

        // Shrink the root first: creating $INDEX_ALLOCATION and $BITMAP needs the room it frees in the record. The
        // end entry's VCN is a placeholder until the block is chosen (same size, so rewriting it always fits).
        Root = ViewIndexNode.NewRoot(true, [ViewIndexEntry.End(0)]);
        Root.Dirty = true;
        if (!TryWriteRoot(0))
        {
            throw Refused("MFT record 9 has no room even for an index root that only points to its blocks");
        }

        var child = AllocateBlock(inner);
        child.Entries = entries;
        Root.Entries = [ViewIndexEntry.End(child.Vcn)];
        if (!TryWriteRoot(0))
        {
            throw new InvalidOperationException("the index root no longer fits after its sub-node VCN was set");
        }

        return child;
    }

    /// <summary>Writes the root node into $INDEX_ROOT in the record buffer; false (buffer unchanged) when it would
    /// leave fewer than <paramref name="reserve"/> bytes of the record free.</summary>
    private bool TryWriteRoot(int reserve)
    {
        var record = batch!.Get(file.RecordNumber);
        var at = MftRecordWriter.FindAttribute(record, AttributeType.IndexRoot, name);
        if (at < 0 || record[at + A.NonResident] != 0)
        {
            throw Error("index root", "the $INDEX_ROOT is no longer where it was read");
        }

        var value = new byte[rootHeader.Length + Root.EntriesOffset + Root.EntryBytes];
        rootHeader.CopyTo(value, 0);
        Root.ToRootHeaderAndEntries().CopyTo(value, rootHeader.Length);
        var length = MftRecordWriter.AttributeLength(record, at);
        var replacement = AttributeBuilder.ResizedResident(record.AsSpan(at, length), value);
        if (MftRecordWriter.BytesInUse(record) - length + replacement.Length > record.Length - reserve)
        {
            return false;
        }

        return MftRecordWriter.TryReplaceAttribute(record, at, replacement);
    }

    /// <summary>A block for a new node: one the $BITMAP marks free inside $INDEX_ALLOCATION, else one more block at
    /// its end (the allocation and the bitmap created or grown as needed).</summary>
    private ViewIndexNode AllocateBlock(bool hasSubnodes)
    {
        if (allocationRuns is not null && bitmap is null)
        {
            throw Refused("it has an $INDEX_ALLOCATION but no $BITMAP saying which blocks are free");
        }

        var blockIndex = -1L;
        var existing = allocationRuns is null ? 0 : allocationSize / BlockSize;
        for (var i = 0L; i < existing; i++)
        {
            if (!IsBlockInUse(i) && !blocks.ContainsKey((i * BlockSize) >> vcnShift))
            {
                blockIndex = i;
                break;
            }
        }

        if (blockIndex < 0)
        {
            blockIndex = existing;
            GrowAllocation((blockIndex + 1) * BlockSize);
        }

        MarkBlockInUse(blockIndex);
        var node = ViewIndexNode.NewBlock((blockIndex * BlockSize) >> vcnShift, BlockSize, hasSubnodes);
        blocks[node.Vcn] = node;
        return node;
    }

    private void GrowAllocation(long newSize)
    {
        var records = batch!;
        var cluster = volume.BootSector.ClusterSize;
        if (allocationRuns is null)
        {
            RefuseNewAttributeInListedRecord();
            var clusters = (newSize + cluster - 1) / cluster;
            var extents = volume.Clusters.Find(clusters, -1, plan!.Allocated);
            plan.Allocated.AddRange(extents);
            var runs = AttributeBuilder.AppendRuns([], extents, 0);
            var attribute = AttributeBuilder.NonResident(AttributeType.IndexAllocation, name, runs, clusters * cluster, newSize, newSize, cluster);
            if (!MftRecordWriter.TryInsertAttribute(records.Get(file.RecordNumber), attribute, volume.Upcase))
            {
                throw Refused("MFT record 9 has no room for the $INDEX_ALLOCATION its root now needs");
            }

            allocationRuns = runs;
            allocationAllocated = clusters * cluster;
            allocationExtents = 1;
            allocationRecord = file.RecordNumber;
            allocationSize = newSize;
            return;
        }

        var record = records.Get(allocationRecord);
        var at = MftRecordWriter.FindAttribute(record, AttributeType.IndexAllocation, name);
        if (at < 0)
        {
            throw Error("index allocation", "the $INDEX_ALLOCATION is no longer where it was read");
        }

        if (newSize > allocationAllocated)
        {
            if (allocationExtents > 1)
            {
                throw Refused("its $INDEX_ALLOCATION is split over several MFT records and growing it is not supported");
            }

            var clusters = (newSize - allocationAllocated + cluster - 1) / cluster;
            var last = allocationRuns.Count > 0 ? allocationRuns[^1].Lcn + allocationRuns[^1].Length - 1 : -1;
            var extents = volume.Clusters.Find(clusters, last, plan!.Allocated);
            plan.Allocated.AddRange(extents);
            var runs = AttributeBuilder.AppendRuns(allocationRuns, extents, allocationAllocated / cluster);
            var allocated = allocationAllocated + (clusters * cluster);
            var replacement = AttributeBuilder.RebuiltNonResident(record.AsSpan(at, MftRecordWriter.AttributeLength(record, at)), runs, allocated, newSize, newSize, cluster);
            if (!MftRecordWriter.TryReplaceAttribute(record, at, replacement))
            {
                throw Refused($"the runlist of its grown $INDEX_ALLOCATION no longer fits MFT record {allocationRecord}");
            }

            allocationRuns = runs;
            allocationAllocated = allocated;
        }
        else
        {
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(at + A.DataSize), newSize);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(at + A.InitializedSize), newSize);
        }

        allocationSize = newSize;
    }

    private void MarkBlockInUse(long blockIndex)
    {
        var needed = (int)(blockIndex / 8) + 1;
        var records = batch!;
        if (bitmap is null)
        {
            RefuseNewAttributeInListedRecord();
            bitmap = new byte[AttributeBuilder.Align8(needed)];
            SetBit(blockIndex);
            var attribute = AttributeBuilder.Resident(AttributeType.Bitmap, name, bitmap);
            if (!MftRecordWriter.TryInsertAttribute(records.Get(file.RecordNumber), attribute, volume.Upcase))
            {
                throw Refused("MFT record 9 has no room for the $BITMAP its root now needs");
            }

            bitmapResident = true;
            bitmapRecord = file.RecordNumber;
            return;
        }

        if (needed > bitmap.Length)
        {
            // Windows keeps index bitmaps in whole 8-byte units.
            var grown = new byte[AttributeBuilder.Align8(needed)];
            bitmap.CopyTo(grown, 0);
            if (!bitmapResident && grown.Length > bitmapAllocated)
            {
                throw Refused("its non-resident $BITMAP would have to grow past its allocation");
            }

            bitmap = grown;
        }

        SetBit(blockIndex);
        var record = records.Get(bitmapRecord);
        var at = MftRecordWriter.FindAttribute(record, AttributeType.Bitmap, name);
        if (at < 0)
        {
            throw Error("index bitmap", "the $BITMAP is no longer where it was read");
        }

        if (bitmapResident)
        {
            var replacement = AttributeBuilder.ResizedResident(record.AsSpan(at, MftRecordWriter.AttributeLength(record, at)), bitmap);
            if (!MftRecordWriter.TryReplaceAttribute(record, at, replacement))
            {
                throw Refused($"MFT record {bitmapRecord} has no room for its grown $BITMAP");
            }
        }
        else
        {
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(at + A.DataSize), bitmap.Length);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(at + A.InitializedSize), bitmap.Length);
            bitmapDirty = true;
        }
    }

    private void SetBit(long blockIndex) => bitmap![blockIndex / 8] |= (byte)(1 << (int)(blockIndex % 8));

    /// <summary>A new attribute in a record that has an $ATTRIBUTE_LIST would have to be listed there too: not done.</summary>
    private void RefuseNewAttributeInListedRecord()
    {
        if (file.HasAttribute(AttributeType.AttributeList, ""))
        {
            throw Refused("$Secure has an $ATTRIBUTE_LIST, and adding the index's $INDEX_ALLOCATION or $BITMAP to it is not supported");
        }
    }

    private NtfsWriteRefusedException Refused(string why) =>
        new($"the security index {name} of $Secure cannot take a new entry: {why}; nothing was written");
}
