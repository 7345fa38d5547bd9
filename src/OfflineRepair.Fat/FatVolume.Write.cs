using System.Buffers.Binary;

namespace OfflineRepair.Fat;

/// <summary>Rewriting existing files: opening them for writing and what their writers share (FAT, free space, FSInfo).</summary>
public sealed partial class FatVolume
{
    private const string FsInfoStructure = "FSInfo sector";

    private readonly VolumeWriter? writer;
    private readonly TimeProvider clock;

    /// <summary>Directory-entry offsets of the files open for writing: two writers of one file would undo each other.</summary>
    private readonly HashSet<long> openWriters = [];

    private ClusterAllocator? allocator;

    /// <summary>Why an earlier write failed part-way; from then on the volume takes no more writes.</summary>
    private string? fault;

    /// <summary>True when opened with <see cref="OpenForWriting"/>.</summary>
    public bool CanWrite => writer is not null;

    internal VolumeReader Reader => reader;

    internal VolumeWriter Writer => writer ?? throw new InvalidOperationException("the volume was opened read-only");

    internal FatTable Fat => fat;

    internal TimeProvider Clock => clock;

    internal ClusterAllocator Allocator => allocator ??= new ClusterAllocator(fat, Parameters, FsInfo?.NextFreeCluster);

    /// <summary>
    /// Opens a volume to read and to rewrite existing files. The stream must be readable, writable
    /// and seekable. <paramref name="clock"/> stamps the last-write time of the files written
    /// (default: the system clock). Throws <see cref="FatFormatException"/> like <see cref="Open"/>.
    /// </summary>
    public static FatVolume OpenForWriting(Stream volume, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (!volume.CanRead || !volume.CanWrite || !volume.CanSeek)
        {
            throw new ArgumentException("writing a FAT volume needs a readable, writable, seekable stream", nameof(volume));
        }

        return Load(volume, writable: true, clock ?? TimeProvider.System);
    }

    /// <summary>
    /// Opens an existing file by path for reading and writing: a seekable stream that overwrites the
    /// file's clusters in place, grows it with free clusters and shrinks it, and records the result
    /// in the FAT, the directory entry and FSInfo on <see cref="Stream.Flush()"/> and on dispose.
    /// Nothing is written when it is refused: <see cref="FatWriteRefusedException"/> for a read-only
    /// volume, a folder, a file already open for writing, a damaged cluster chain (a loop, a free or
    /// bad cluster inside, a chain shorter or longer than the size needs) or damaged folders on the
    /// way; <see cref="FileNotFoundException"/> when there is no such file.
    /// </summary>
    public Stream OpenFileForWriting(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (writer is null)
        {
            throw new FatWriteRefusedException(path, "the volume was opened read-only");
        }

        if (fault is not null)
        {
            throw new FatWriteRefusedException(path, $"an earlier write to this volume failed part-way ({fault}); check it with fsck.fat or chkdsk first");
        }

        if (Parameters.MirroringDisabled && Parameters.ActiveFat >= Parameters.NumberOfFats)
        {
            throw new FatWriteRefusedException(path, $"the boot sector names FAT {Parameters.ActiveFat} as the only active one, but the volume has {Parameters.NumberOfFats}");
        }

        FatDirectoryEntry? entry;
        bool isRoot;
        try
        {
            entry = Resolve(path, out isRoot);
        }
        catch (FatFormatException e)
        {
            throw new FatWriteRefusedException(path, $"a folder on the way is damaged: {e.Message}", e);
        }

        if (isRoot)
        {
            throw new FatWriteRefusedException(path, "it is the root folder, not a file");
        }

        if (entry is null)
        {
            throw new FileNotFoundException($"no file {path} on the FAT volume");
        }

        if (entry.IsDirectory)
        {
            throw new FatWriteRefusedException(path, "it is a folder, not a file");
        }

        var clusters = ReadChainForWriting(entry, path);
        if (!openWriters.Add(entry.EntryOffset))
        {
            throw new FatWriteRefusedException(path, "it is already open for writing");
        }

        return new FatFileWriter(this, entry, clusters, path);
    }

    /// <summary>A writer is closed: its file may be opened for writing again.</summary>
    internal void WriterClosed(long entryOffset) => openWriters.Remove(entryOffset);

    /// <summary>A write failed part-way: the volume may hold a half-made change, so it takes no more.</summary>
    internal void Fault(string why) => fault ??= why;

    /// <summary>
    /// Brings the primary FSInfo sector up to date after a chain changed by
    /// <paramref name="freeDelta"/> clusters (positive when clusters were freed). A free count that
    /// was unknown (0xFFFFFFFF) or impossible stays as it is: it would be a guess. The next-free
    /// hint becomes the cluster after the last one handed out, when clusters were. The backup
    /// FSInfo beside the backup boot sector is left alone, as the Linux driver and mtools leave it
    /// (after mcopy it still holds mkfs.fat's counts) and as fsck.fat, which checks only the
    /// primary, expects; only the primary's hints are ever read. Only the 8 bytes of the two
    /// counters are rewritten, and nothing when they did not change.
    /// </summary>
    internal void UpdateFsInfo(long freeDelta, bool allocated)
    {
        if (FsInfo is not { SignaturesValid: true } info)
        {
            return;
        }

        Span<byte> counters = stackalloc byte[FatLayout.FsInfoCountersLength];
        long at = info.Offset + FatLayout.FsInfoFreeCountOffset;
        reader.Read(at, counters, FsInfoStructure);
        uint free = BinaryPrimitives.ReadUInt32LittleEndian(counters);
        uint next = BinaryPrimitives.ReadUInt32LittleEndian(counters[sizeof(uint)..]);

        uint newFree = free;
        if (free != FatLayout.FsInfoUnknown && free <= Parameters.ClusterCount)
        {
            newFree = (uint)Math.Clamp(free + freeDelta, 0, Parameters.ClusterCount);
        }

        uint newNext = allocated && Allocator.Hint is { } hint ? hint : next;
        if (newFree == free && newNext == next)
        {
            return;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(counters, newFree);
        BinaryPrimitives.WriteUInt32LittleEndian(counters[sizeof(uint)..], newNext);
        Writer.Write(at, counters);
        FsInfo = info with
        {
            FreeClusterCount = newFree == FatLayout.FsInfoUnknown ? null : newFree,
            NextFreeCluster = newNext == FatLayout.FsInfoUnknown ? null : newNext,
        };
    }

    /// <summary>The file's chain, refused unless it is exactly what its size needs (what fsck.fat would leave alone).</summary>
    private List<uint> ReadChainForWriting(FatDirectoryEntry entry, string path)
    {
        if (entry.Size == 0)
        {
            if (entry.FirstCluster != 0)
            {
                throw new FatWriteRefusedException(path, $"it is 0 bytes long but starts at cluster {entry.FirstCluster}; an empty file has no clusters");
            }

            return [];
        }

        if (entry.FirstCluster == 0)
        {
            throw new FatWriteRefusedException(path, $"it is {entry.Size} bytes long but has no first cluster");
        }

        if (!Parameters.IsValidCluster(entry.FirstCluster))
        {
            throw new FatWriteRefusedException(path, $"it starts at cluster {entry.FirstCluster}, outside clusters 2..{Parameters.MaximumCluster} of the volume");
        }

        long needed = (entry.Size + (long)Parameters.BytesPerCluster - 1) / Parameters.BytesPerCluster;
        ClusterChain chain;
        try
        {
            chain = fat.ReadChain(entry.FirstCluster, needed + 1, $"file {path}");
        }
        catch (FatFormatException e)
        {
            throw new FatWriteRefusedException(path, $"its cluster chain is damaged: {e.Message}", e);
        }

        if (chain.Clusters.Count > needed)
        {
            throw new FatWriteRefusedException(path, $"its cluster chain is longer than the {needed} clusters its {entry.Size} bytes need");
        }

        if (chain.Clusters.Count < needed)
        {
            throw new FatWriteRefusedException(path, $"its cluster chain ends after {chain.Clusters.Count} clusters but its {entry.Size} bytes need {needed}");
        }

        return [.. chain.Clusters];
    }
}
