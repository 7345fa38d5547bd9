namespace OfflineRepair.Fat;

/// <summary>
/// A FAT32 (or FAT16) volume on a seekable stream: a partition window or a whole-volume image.
/// Opened with <see cref="Open"/> it only reads; opened with <see cref="OpenForWriting"/> it can
/// also rewrite existing files (FatVolume.Write.cs). The stream belongs to the caller and is used
/// from one thread at a time.
/// </summary>
public sealed partial class FatVolume
{
    private const string DirectoryStructure = "directory";

    private readonly VolumeReader reader;
    private readonly FatTable fat;

    private FatVolume(VolumeReader reader, BiosParameterBlock bpb, FsInfo? fsInfo, VolumeWriter? writer, TimeProvider clock)
    {
        this.reader = reader;
        Parameters = bpb;
        FsInfo = fsInfo;
        fat = new FatTable(reader, bpb);
        this.writer = writer;
        this.clock = clock;
    }

    public BiosParameterBlock Parameters { get; }

    public FatType Type => Parameters.Type;

    /// <summary>The FAT32 FSInfo sector (as last written, on a writable volume), or null on FAT16 and when the boot sector names none.</summary>
    public FsInfo? FsInfo { get; private set; }

    public uint? SerialNumber => Parameters.SerialNumber;

    /// <summary>The label as Windows shows it: the root directory's label entry, else the boot sector's ("NO NAME" means none).</summary>
    public string? VolumeLabel
    {
        get
        {
            var label = ReadRoot().VolumeLabel ?? Parameters.VolumeLabel;
            return string.IsNullOrEmpty(label) || label == "NO NAME" ? null : label;
        }
    }

    /// <summary>Opens a volume read-only; throws <see cref="FatFormatException"/> when it is not a FAT16/FAT32 volume one can trust.</summary>
    public static FatVolume Open(Stream volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (!volume.CanRead || !volume.CanSeek)
        {
            throw new ArgumentException("a FAT volume needs a readable, seekable stream", nameof(volume));
        }

        return Load(volume, writable: false, TimeProvider.System);
    }

    private static FatVolume Load(Stream volume, bool writable, TimeProvider clock)
    {
        var reader = new VolumeReader(volume);
        var sector = new byte[FatLayout.MinimumSectorSize];
        reader.Read(0, sector, "boot sector");
        var bpb = BiosParameterBlock.Parse(sector, reader.Length);

        FsInfo? fsInfo = null;
        if (bpb.Type == FatType.Fat32 && bpb.FsInfoSector != 0 && bpb.FsInfoSector != ushort.MaxValue)
        {
            if (bpb.FsInfoSector >= bpb.ReservedSectors)
            {
                throw new FatFormatException("boot sector", FatLayout.FsInfoSectorOffset, $"FSInfo sector {bpb.FsInfoSector} is outside the {bpb.ReservedSectors} reserved sectors");
            }

            long offset = (long)bpb.FsInfoSector * bpb.BytesPerSector;
            reader.Read(offset, sector, "FSInfo sector");
            fsInfo = FsInfo.Parse(sector, offset);
        }

        return new FatVolume(reader, bpb, fsInfo, writable ? new VolumeWriter(volume, reader.Length) : null, clock);
    }

    /// <summary>The entries of the root directory (without the volume label).</summary>
    public IReadOnlyList<FatDirectoryEntry> ListRoot() => ReadRoot().Entries;

    /// <summary>The entries of a folder given by path ("" or "\" for the root), without "." and "..".</summary>
    public IReadOnlyList<FatDirectoryEntry> ListDirectory(string path)
    {
        var entry = Resolve(path, out bool isRoot);
        if (isRoot)
        {
            return ListRoot();
        }

        if (entry is null)
        {
            throw new DirectoryNotFoundException($"no folder {path} on the FAT volume");
        }

        return ListDirectory(entry);
    }

    public IReadOnlyList<FatDirectoryEntry> ListDirectory(FatDirectoryEntry directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!directory.IsDirectory)
        {
            throw new IOException($"{directory.Name} is a file, not a folder");
        }

        return ReadDirectory(directory).Entries;
    }

    /// <summary>
    /// Finds a file or folder by path (separators '\' or '/'), each part matched case-insensitively
    /// against the long or the short name: <c>EFI\Microsoft\Boot\BCD</c>. Null when it does not exist.
    /// </summary>
    public FatDirectoryEntry? Find(string path)
    {
        var entry = Resolve(path, out bool isRoot);
        if (isRoot)
        {
            throw new ArgumentException("the root folder has no directory entry", nameof(path));
        }

        return entry;
    }

    /// <summary>Opens a file by path as a read-only seekable stream.</summary>
    public Stream OpenFile(string path)
    {
        var entry = Find(path) ?? throw new FileNotFoundException($"no file {path} on the FAT volume");
        return OpenFile(entry);
    }

    public Stream OpenFile(FatDirectoryEntry file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.IsDirectory)
        {
            throw new IOException($"{file.Name} is a folder, not a file");
        }

        string owner = $"file {file.Name}";
        if (file.Size == 0)
        {
            return new ClusterChainStream(reader, Parameters, [], 0, owner);
        }

        if (file.FirstCluster == 0)
        {
            throw new FatFormatException("directory entry", file.EntryOffset, $"{file.Name} is {file.Size} bytes but has no first cluster");
        }

        CheckFirstCluster(file);
        long needed = (file.Size + (long)Parameters.BytesPerCluster - 1) / Parameters.BytesPerCluster;
        var chain = fat.ReadChain(file.FirstCluster, needed, owner);
        return new ClusterChainStream(reader, Parameters, chain.Clusters, file.Size, owner);
    }

    /// <summary>The clusters a file or folder occupies, in order, followed to the end-of-chain mark.</summary>
    public IReadOnlyList<uint> GetClusters(FatDirectoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.FirstCluster == 0)
        {
            return [];
        }

        CheckFirstCluster(entry);
        return fat.ReadChain(entry.FirstCluster, Parameters.ClusterCount + 1, entry.Name).Clusters;
    }

    /// <summary>
    /// Every file and folder below the root with its path, depth first. A folder reached twice
    /// (a "." / ".." cycle or cross-linked folders) is corruption and stops the walk.
    /// </summary>
    public IEnumerable<(string Path, FatDirectoryEntry Entry)> EnumerateAll()
    {
        var visited = new HashSet<uint>();
        if (Type == FatType.Fat32)
        {
            visited.Add(Parameters.RootCluster);
        }

        var pending = new Stack<(string Path, IReadOnlyList<FatDirectoryEntry> Entries)>();
        pending.Push(("", ListRoot()));
        while (pending.Count > 0)
        {
            var (parent, entries) = pending.Pop();
            foreach (var entry in entries)
            {
                string path = parent.Length == 0 ? entry.Name : parent + "\\" + entry.Name;
                yield return (path, entry);
                if (!entry.IsDirectory)
                {
                    continue;
                }

                if (!visited.Add(entry.FirstCluster))
                {
                    throw new FatFormatException(DirectoryStructure, entry.EntryOffset, $"folder {path} uses cluster {entry.FirstCluster}, already used by another folder (directory loop)");
                }

                pending.Push((path, ListDirectory(entry)));
            }
        }
    }

    private FatDirectoryEntry? Resolve(string path, out bool isRoot)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split(['\\', '/'], StringSplitOptions.RemoveEmptyEntries);
        var trail = new List<FatDirectoryEntry>();
        foreach (var part in parts)
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (trail.Count > 0)
                {
                    trail.RemoveAt(trail.Count - 1);
                }

                continue;
            }

            if (trail.Count > 0 && !trail[^1].IsDirectory)
            {
                isRoot = false;
                return null;
            }

            var entries = trail.Count == 0 ? ListRoot() : ListDirectory(trail[^1]);
            var match = entries.FirstOrDefault(e => e.Matches(part));
            if (match is null)
            {
                isRoot = false;
                return null;
            }

            trail.Add(match);
        }

        isRoot = trail.Count == 0;
        return isRoot ? null : trail[^1];
    }

    private FatDirectory ReadRoot()
    {
        if (Type == FatType.Fat32)
        {
            return ReadDirectoryChain(Parameters.RootCluster, "root directory");
        }

        // The FAT16 root is a fixed region between the FATs and the data area; its size was checked at open.
        var data = new byte[Parameters.RootDirectoryLength];
        reader.Read(Parameters.RootDirectoryOffset, data, "root directory");
        long start = Parameters.RootDirectoryOffset;
        return FatDirectory.Parse(data, at => start + at, Type);
    }

    private FatDirectory ReadDirectory(FatDirectoryEntry directory)
    {
        if (directory.FirstCluster == 0)
        {
            throw new FatFormatException("directory entry", directory.EntryOffset, $"folder {directory.Name} has no first cluster");
        }

        CheckFirstCluster(directory);
        return ReadDirectoryChain(directory.FirstCluster, $"folder {directory.Name}");
    }

    private FatDirectory ReadDirectoryChain(uint first, string owner)
    {
        // A directory holds at most 65536 entries; a longer chain is corrupt (and would cost memory).
        int clusterSize = Parameters.BytesPerCluster;
        long maximumClusters = Math.Max(1, (long)FatLayout.MaximumDirectoryEntries * FatLayout.DirectoryEntrySize / clusterSize);
        var chain = fat.ReadChain(first, maximumClusters + 1, owner);
        if (chain.Clusters.Count > maximumClusters)
        {
            throw new FatFormatException(DirectoryStructure, Parameters.ClusterOffset(first), $"{owner} is longer than the 65536 entries a directory may hold");
        }

        var clusters = chain.Clusters;
        var data = new byte[(long)clusters.Count * clusterSize];
        for (int i = 0; i < clusters.Count; i++)
        {
            reader.Read(Parameters.ClusterOffset(clusters[i]), data.AsSpan(i * clusterSize, clusterSize), owner);
        }

        return FatDirectory.Parse(data, at => Parameters.ClusterOffset(clusters[at / clusterSize]) + (at % clusterSize), Type);
    }

    private void CheckFirstCluster(FatDirectoryEntry entry)
    {
        if (!Parameters.IsValidCluster(entry.FirstCluster))
        {
            throw new FatFormatException("directory entry", entry.EntryOffset, $"{entry.Name} starts at cluster {entry.FirstCluster}, outside clusters 2..{Parameters.MaximumCluster} of the volume");
        }
    }
}
