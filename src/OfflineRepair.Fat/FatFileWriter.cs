using System.Buffers.Binary;

namespace OfflineRepair.Fat;

/// <summary>
/// An existing file open for reading and writing. Bytes go straight to the file's clusters; growing
/// takes free clusters from the volume's <see cref="ClusterAllocator"/> (and first takes back any
/// the file gave up since the last flush), shrinking gives clusters up. The FAT, the directory entry
/// and FSInfo learn of it on <see cref="Flush"/> (and on dispose), in the order that leaves the
/// least for fsck.fat after a crash (see <see cref="Commit"/>). When a write to the volume fails
/// part-way the writer is broken: every later call throws <see cref="IOException"/> and nothing
/// more is written, and the volume takes no more writers.
/// </summary>
internal sealed class FatFileWriter : Stream
{
    private const string EntryStructure = "directory entry";

    /// <summary>Zeros for the gap a write past the end or a growing SetLength leaves.</summary>
    private static readonly byte[] Zeros = new byte[64 * 1024];

    private readonly FatVolume volume;
    private readonly BiosParameterBlock bpb;
    private readonly string path;
    private readonly long entryOffset;
    private readonly byte[] shortName;
    private readonly int clusterSize;

    /// <summary>The chain the clusters now hold: a prefix of <see cref="committed"/>, then (only when all of it is kept) clusters new to the file.</summary>
    private readonly List<uint> chain;

    /// <summary>The chain and size as the FAT and the directory entry record them.</summary>
    private List<uint> committed;
    private long committedLength;

    private long length;
    private long position;
    private bool changed;
    private bool broken;
    private bool disposed;

    public FatFileWriter(FatVolume volume, FatDirectoryEntry entry, List<uint> clusters, string path)
    {
        this.volume = volume;
        bpb = volume.Parameters;
        this.path = path;
        entryOffset = entry.EntryOffset;
        shortName = entry.RawShortName;
        clusterSize = bpb.BytesPerCluster;
        committed = clusters;
        chain = [.. clusters];
        committedLength = entry.Size;
        length = entry.Size;
    }

    public override bool CanRead => !disposed;

    public override bool CanSeek => !disposed;

    public override bool CanWrite => !disposed;

    public override long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return length;
        }
    }

    public override long Position
    {
        get => position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ThrowIfUnusable();
        int count = (int)Math.Clamp(length - position, 0, buffer.Length);
        foreach (var (volumeOffset, at, size) in Runs(position, count))
        {
            volume.Reader.Read(volumeOffset, buffer.Slice(at, size), path);
        }

        position += count;
        return count;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfUnusable();
        if (buffer.IsEmpty)
        {
            return;
        }

        // Checked before adding: a position far past the end must not overflow into a small size.
        CheckSize(position > FatLayout.MaximumFileSize ? position : position + buffer.Length);
        long end = position + buffer.Length;
        try
        {
            if (end > length)
            {
                Grow(end, zeroTo: position);
            }

            foreach (var (volumeOffset, at, size) in Runs(position, buffer.Length))
            {
                volume.Writer.Write(volumeOffset, buffer.Slice(at, size));
            }
        }
        catch (Exception e) when (e is not FatWriteRefusedException)
        {
            Break(e);
            throw;
        }

        position = end;
        changed = true;
    }

    public override void SetLength(long value)
    {
        ThrowIfUnusable();
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        CheckSize(value);
        if (value == length)
        {
            return;
        }

        try
        {
            if (value > length)
            {
                Grow(value, zeroTo: value);
            }
            else
            {
                Shrink(value);
            }
        }
        catch (Exception e) when (e is not FatWriteRefusedException)
        {
            Break(e);
            throw;
        }

        changed = true;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return position;
    }

    /// <summary>Records the file's new chain and size on the volume, then flushes the volume stream.</summary>
    public override void Flush()
    {
        ThrowIfUnusable();
        try
        {
            if (changed)
            {
                Commit();
            }

            volume.Writer.Flush();
        }
        catch (Exception e)
        {
            Break(e);
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposed)
        {
            return;
        }

        try
        {
            if (disposing && changed && !broken)
            {
                Flush();
            }
        }
        finally
        {
            disposed = true;

            // Clusters never recorded in the FAT (a failed flush) go back to the free pool.
            if (chain.Count > committed.Count)
            {
                volume.Allocator.Release(chain.Skip(committed.Count));
            }

            volume.WriterClosed(entryOffset);
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// Writes the FAT, the directory entry and FSInfo for the chain and size now held. A crash can
    /// stop this between any two writes, so each step leaves the volume in a state fsck.fat repairs
    /// by at most trimming or reclaiming, never one where an entry or a chain points into free
    /// space (which another file could then take, cross-linking the two):
    /// <list type="bullet">
    /// <item>Growing: the new clusters already hold their data (written as it came, while the FAT
    /// still calls them free). Then their FAT entries, linked and ended, in every copy (a crash
    /// leaves lost clusters, which fsck.fat reclaims); then the old last cluster's link to them (a
    /// crash leaves a chain longer than the size, which fsck.fat trims: the old contents survive);
    /// then the directory entry's size and first cluster; FSInfo last (a crash before it leaves only
    /// a stale free count).</item>
    /// <item>Shrinking: the directory entry first (the file stops claiming the tail), then the new
    /// end-of-chain mark, then the freed entries (a crash between leaves a chain longer than the
    /// size or lost clusters), FSInfo last.</item>
    /// </list>
    /// </summary>
    private void Commit()
    {
        var fat = volume.Fat;
        var writer = volume.Writer;
        Span<byte> entry = stackalloc byte[FatLayout.DirectoryEntrySize];
        volume.Reader.Read(entryOffset, entry, EntryStructure);
        CheckEntryUnchanged(entry);

        // FAT keeps local time with no zone. Offline there is no way to know the broken VM's zone
        // (the recovery VM's says nothing about it); Azure images run in UTC, so UTC it is.
        var stamp = DosDateTime.Encode(volume.Clock.GetUtcNow().UtcDateTime);
        if (chain.Count > committed.Count)
        {
            var added = chain.GetRange(committed.Count, chain.Count - committed.Count);
            fat.Write(writer, added.Select((cluster, i) => (cluster, i + 1 < added.Count ? added[i + 1] : fat.EndOfChainMark)));
            volume.Allocator.Release(added);
            if (committed.Count > 0)
            {
                fat.Write(writer, [(committed[^1], added[0])]);
            }

            WriteEntry(entry, stamp);
            volume.UpdateFsInfo(-added.Count, allocated: true);
        }
        else if (chain.Count < committed.Count)
        {
            var freed = committed.GetRange(chain.Count, committed.Count - chain.Count);
            WriteEntry(entry, stamp);
            if (chain.Count > 0)
            {
                fat.Write(writer, [(chain[^1], fat.EndOfChainMark)]);
            }

            fat.Write(writer, freed.Select(cluster => (cluster, FatLayout.FreeCluster)));
            volume.UpdateFsInfo(freed.Count, allocated: false);
        }
        else
        {
            WriteEntry(entry, stamp);
        }

        committed = [.. chain];
        committedLength = length;
        changed = false;
    }

    /// <summary>The entry on disk must still be the one opened; if something else rewrote it, writing over it would undo that.</summary>
    private void CheckEntryUnchanged(ReadOnlySpan<byte> entry)
    {
        uint high = bpb.Type == FatType.Fat32 ? BinaryPrimitives.ReadUInt16LittleEndian(entry[FatLayout.FirstClusterHighOffset..]) : 0u;
        uint first = (high << 16) | BinaryPrimitives.ReadUInt16LittleEndian(entry[FatLayout.FirstClusterLowOffset..]);
        uint expectedFirst = committed.Count > 0 ? committed[0] : 0;
        var attributes = (FatAttributes)entry[FatLayout.AttributesOffset];
        if (!entry[..FatLayout.ShortNameLength].SequenceEqual(shortName)
            || (attributes & (FatAttributes.Directory | FatAttributes.VolumeId)) != 0
            || first != expectedFirst
            || BinaryPrimitives.ReadUInt32LittleEndian(entry[FatLayout.FileSizeOffset..]) != committedLength)
        {
            throw new IOException($"{path}: its directory entry at volume offset 0x{entryOffset:X} changed since the file was opened; nothing more is written");
        }
    }

    /// <summary>
    /// Size, first cluster (both words on FAT32; the high word is not the cluster's on FAT16),
    /// last-write time and date, last-access date, and the archive bit, as Windows sets them on a
    /// write. The name, creation time and NT case bits stay, and so do the long-name entries before
    /// it: their checksum covers only the short name.
    /// </summary>
    private void WriteEntry(Span<byte> entry, (ushort Date, ushort Time) stamp)
    {
        uint first = chain.Count > 0 ? chain[0] : 0;
        BinaryPrimitives.WriteUInt32LittleEndian(entry[FatLayout.FileSizeOffset..], (uint)length);
        if (bpb.Type == FatType.Fat32)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(entry[FatLayout.FirstClusterHighOffset..], (ushort)(first >> 16));
        }

        BinaryPrimitives.WriteUInt16LittleEndian(entry[FatLayout.FirstClusterLowOffset..], (ushort)first);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[FatLayout.WriteTimeOffset..], stamp.Time);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[FatLayout.WriteDateOffset..], stamp.Date);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[FatLayout.AccessDateOffset..], stamp.Date);
        entry[FatLayout.AttributesOffset] |= (byte)FatAttributes.Archive;
        volume.Writer.Write(entryOffset, entry);
    }

    /// <summary>
    /// Makes the file <paramref name="newLength"/> bytes long, zeroing from the old end up to
    /// <paramref name="zeroTo"/> (what a later write does not cover). Clusters are found before
    /// anything is written, so a full volume refuses with nothing changed.
    /// </summary>
    private void Grow(long newLength, long zeroTo)
    {
        long needed = ClustersFor(newLength);
        if (needed > chain.Count)
        {
            // Clusters cut off by a shrink since the last flush are still the file's in the FAT: take them back first.
            int reuse = (int)Math.Max(0, Math.Min(needed, committed.Count) - chain.Count);
            int more = (int)(needed - chain.Count - reuse);
            uint last = reuse > 0 ? committed[chain.Count + reuse - 1] : chain.Count > 0 ? chain[^1] : 0;
            var added = more > 0 ? volume.Allocator.Allocate(last, more, path) : [];
            if (reuse > 0)
            {
                chain.AddRange(committed.GetRange(chain.Count, reuse));
            }

            chain.AddRange(added);
        }

        long zeroFrom = length;
        length = newLength;
        for (long at = zeroFrom; at < zeroTo; at += Zeros.Length)
        {
            int count = (int)Math.Min(Zeros.Length, zeroTo - at);
            foreach (var (volumeOffset, offset, size) in Runs(at, count))
            {
                volume.Writer.Write(volumeOffset, Zeros.AsSpan(offset, size));
            }
        }
    }

    private void Shrink(long newLength)
    {
        long needed = ClustersFor(newLength);
        if (needed < chain.Count)
        {
            // Clusters new since the last flush go straight back; the file's recorded ones are freed on flush.
            if (chain.Count > committed.Count)
            {
                int from = (int)Math.Max(needed, committed.Count);
                volume.Allocator.Release(chain.GetRange(from, chain.Count - from));
            }

            chain.RemoveRange((int)needed, chain.Count - (int)needed);
        }

        length = newLength;
    }

    /// <summary>
    /// The pieces of the volume that hold file bytes [start, start + count), whose clusters the
    /// chain already has: one piece per run of adjacent clusters, so a contiguous file is one I/O.
    /// </summary>
    private IEnumerable<(long VolumeOffset, int Offset, int Length)> Runs(long start, int count)
    {
        int done = 0;
        while (done < count)
        {
            long at = start + done;
            int index = (int)(at / clusterSize);
            int inCluster = (int)(at % clusterSize);
            long volumeOffset = bpb.ClusterOffset(chain[index]) + inCluster;
            int size = Math.Min(clusterSize - inCluster, count - done);
            while (done + size < count && chain[index + 1] == chain[index] + 1)
            {
                index++;
                size += Math.Min(clusterSize, count - done - size);
            }

            yield return (volumeOffset, done, size);
            done += size;
        }
    }

    private long ClustersFor(long bytes) => (bytes + clusterSize - 1) / clusterSize;

    private void CheckSize(long size)
    {
        if (size > FatLayout.MaximumFileSize)
        {
            throw new IOException($"{path}: a FAT file holds at most {FatLayout.MaximumFileSize} bytes, not {size}");
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (broken)
        {
            throw new IOException($"{path}: an earlier write to the volume failed part-way; nothing more is written (check the volume with fsck.fat or chkdsk)");
        }
    }

    private void Break(Exception e)
    {
        broken = true;
        volume.Fault($"writing {path}: {e.Message}");
    }
}
