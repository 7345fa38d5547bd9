using OfflineRepair.Containers;
using OfflineRepair.Fat;
using OfflineRepair.Ntfs;
using OfflineRepair.Partitions;

namespace OfflineRepair.Targets.Images;

/// <summary>
/// A disk image (raw, VHD, VHDX) or block device as a target: the container gives the disk, the
/// partition table its volumes, and our NTFS and FAT engines their files. Windows paths go to the
/// NTFS volume holding <c>Windows\System32\config\SYSTEM</c>; <c>Boot\BCD</c> (and its logs) go to
/// where the boot store is: the EFI System Partition's <c>EFI\Microsoft\Boot</c> on GPT (Gen2), the
/// active NTFS partition's or the Windows volume's <c>Boot</c> on MBR (Gen1). Opened for writing, it
/// writes only once an undo journal is started, so every overwritten byte can be put back.
/// </summary>
public sealed class ImageTarget : ITarget
{
    private const string BootFolder = "Boot";
    private const string EspBootFolder = @"EFI\Microsoft\Boot";

    private readonly DiskContainer _container;
    private readonly JournaledDisk _disk;
    private readonly PartitionTable _table;
    private readonly bool _writable;
    private readonly TimeProvider _clock;
    private readonly string? _diskRefusal;
    private List<(ImageVolumeInfo Info, IVolumeFiles? Files)> _volumes = [];
    private IVolumeFiles? _windows;
    private IVolumeFiles? _bcdVolume;
    private string _bcdFolder = BootFolder;
    private UndoJournal? _journal;

    private ImageTarget(string path, DiskContainer container, PartitionTable table, bool writable, string? diskRefusal, TimeProvider clock)
    {
        _container = container;
        _disk = new JournaledDisk(container);
        _table = table;
        _writable = writable;
        _diskRefusal = diskRefusal;
        _clock = clock;
        Disk = new DiskImageInfo(path, container.Describe(), container.VirtualSize, table.Style.ToString().ToUpperInvariant(), [], table.Warnings.ToList());
        OpenVolumes();
    }

    public DiskImageInfo Disk { get; private set; }

    public string Description => $"disk image {Disk.Path}";

    public TargetKind Kind => TargetKind.Image;

    public string DefaultBackupParent => Path.GetDirectoryName(Path.GetFullPath(Disk.Path)) ?? Environment.CurrentDirectory;

    /// <summary>Bytes written into the disk since it was opened (the container's view: file data and file-system records alike).</summary>
    public long BytesWritten => _disk.BytesWritten;

    /// <summary>
    /// True when the file looks like a disk rather than a hive: a VHD or VHDX container, or raw bytes
    /// with a partition table or an NTFS/FAT/BitLocker boot sector. A block device counts as raw.
    /// </summary>
    public static bool LooksLikeImage(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        Span<byte> head = stackalloc byte[512];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= 4 && head[..4].SequenceEqual("regf"u8))
        {
            return false;
        }

        if (read >= 8 && (head[..8].SequenceEqual("vhdxfile"u8) || head[..8].SequenceEqual("conectix"u8)))
        {
            return true;
        }

        if (stream.Length >= 512)
        {
            Span<byte> footer = stackalloc byte[8];
            stream.Position = stream.Length - 512;
            if (stream.ReadAtLeast(footer, 8, throwOnEndOfStream: false) == 8 && footer.SequenceEqual("conectix"u8))
            {
                return true;
            }
        }

        return read == 512 && (head[510] == 0x55 && head[511] == 0xAA);
    }

    /// <summary>
    /// Opens the image and finds its volumes, the Windows volume and the boot store. With
    /// <paramref name="writable"/> the file is opened for writing when it can be; when it cannot (no
    /// permission, a VHDX with a pending log) it is read, and <see cref="WriteRefusal"/> says why.
    /// </summary>
    public static ImageTarget Open(string path, bool writable = false, TimeProvider? clock = null)
    {
        string? refusal = null;
        Func<DiskContainer> open = () => ContainerOpener.Open(path);
        if (writable)
        {
            try
            {
                var container = ContainerOpener.OpenForWriting(path);
                open = () => container;
            }
            catch (ContainerWriteRefusedException e)
            {
                refusal = e.Message;
            }
            catch (UnauthorizedAccessException e)
            {
                refusal = $"the image file cannot be opened for writing ({e.Message})";
            }
            catch (ContainerFormatException)
            {
                // Not readable at all: the read-only open below says so in the usual words.
            }
        }

        return Open(open, path, writable, refusal, clock ?? TimeProvider.System);
    }

    /// <summary>As <see cref="Open(string, bool, TimeProvider?)"/> over a stream of the image file (a benchmark counts what goes through it; a test injects faults).</summary>
    public static ImageTarget Open(Stream image, string path, bool writable = false, TimeProvider? clock = null)
    {
        bool canWrite = writable && image.CanWrite;
        return Open(() => ContainerOpener.Open(image, path, leaveOpen: false, writable: canWrite), path, writable, canWrite || !writable ? null : "the image stream cannot be written", clock ?? TimeProvider.System);
    }

    private static ImageTarget Open(Func<DiskContainer> openContainer, string path, bool writable, string? refusal, TimeProvider clock)
    {
        DiskContainer container;
        try
        {
            container = openContainer();
        }
        catch (ContainerFormatException e)
        {
            throw new TargetException($"{path} is not a readable disk image: {e.Message}", e);
        }
        catch (ContainerWriteRefusedException e)
        {
            throw new TargetException($"{path} cannot be written: {e.Message}", e);
        }

        try
        {
            PartitionTable table;
            try
            {
                table = PartitionTable.Read(container, container.LogicalSectorSize);
            }
            catch (PartitionTableException e)
            {
                throw new TargetException($"{path}: the partition table cannot be read: {e.Message}", e);
            }

            return new ImageTarget(path, container, table, writable, refusal, clock);
        }
        catch (ContainerFormatException e)
        {
            container.Dispose();
            throw new TargetException($"{path} is not a readable disk image: {e.Message}", e);
        }
        catch
        {
            container.Dispose();
            throw;
        }
    }

    public string? WriteRefusal(string path)
    {
        if (_diskRefusal is not null)
        {
            return _diskRefusal;
        }

        var (volume, _) = Route(path);
        return volume?.WriteRefusal;
    }

    public string? BeginUndoJournal(string backupDirectory)
    {
        if (!_container.CanWrite)
        {
            throw new TargetException($"{Disk.Path} was opened read-only: {_diskRefusal ?? "open it for writing"}");
        }

        // A folder may already hold a journal (restore writing files back after a fix): each write
        // session gets its own, never replacing one that may be the only way back.
        var name = UndoJournal.FileName;
        for (int n = 2; File.Exists(Path.Combine(backupDirectory, name)); n++)
        {
            name = $"{Path.GetFileNameWithoutExtension(UndoJournal.FileName)}-{n}{Path.GetExtension(UndoJournal.FileName)}";
        }

        _journal = UndoJournal.Create(Path.Combine(backupDirectory, name), _disk.Length);
        _disk.Journal = _journal;
        return name;
    }

    public void ApplyUndoJournal(string journalPath)
    {
        if (!_container.CanWrite)
        {
            throw new TargetException($"{Disk.Path} was opened read-only: {_diskRefusal ?? "open it for writing"}; nothing was put back");
        }

        var records = UndoJournal.Read(journalPath, _disk.Length);

        // The engines keep what they read (allocation bitmaps, FSInfo, records); after the bytes under
        // them change they are opened again rather than trusted.
        CloseVolumes();
        try
        {
            _disk.Apply(records);
        }
        finally
        {
            OpenVolumes();
        }
    }

    public bool FileExists(string path) => Route(path) is var (volume, inner) && volume is not null && volume.FileExists(inner);

    public IReadOnlyList<TargetEntry> List(string folder) =>
        Route(folder) is var (volume, inner) && volume is not null ? volume.List(inner) : [];

    public Stream OpenRead(string path)
    {
        var (volume, inner) = Route(path);
        if (volume is null || !volume.FileExists(inner))
        {
            throw new FileNotFoundException($"{path} is not in {Disk.Path}", path);
        }

        return volume.OpenRead(inner);
    }

    public Stream OpenReadWrite(string path)
    {
        var (volume, inner) = Route(path);
        if (volume is null || !volume.FileExists(inner))
        {
            throw new FileNotFoundException($"{path} is not in {Disk.Path}", path);
        }

        if (WriteRefusal(path) is { } refusal)
        {
            throw new TargetException($"{Locate(path)} cannot be written: {refusal}");
        }

        return volume.OpenReadWrite(inner);
    }

    public bool FolderExists(string path) => Route(path) is var (volume, inner) && volume is not null && volume.FolderExists(inner);

    public string? SecurityDescriptorRefusal(string path)
    {
        var (volume, inner) = Route(path);
        if (volume is null)
        {
            return $"{Disk.Path} has no volume for {path}";
        }

        return volume.SecurityDescriptorRefusal;
    }

    public byte[] ReadSecurityDescriptor(string path)
    {
        var (volume, inner) = Route(path);
        return volume is null
            ? throw new FileNotFoundException($"{path} is not in {Disk.Path}", path)
            : volume.ReadSecurityDescriptor(inner);
    }

    public void WriteSecurityDescriptor(string path, byte[] descriptor)
    {
        var (volume, inner) = Route(path);
        if (volume is null)
        {
            throw new FileNotFoundException($"{path} is not in {Disk.Path}", path);
        }

        if (WriteRefusal(path) is { } refusal)
        {
            throw new TargetException($"{Locate(path)} cannot be written: {refusal}");
        }

        volume.WriteSecurityDescriptor(inner, descriptor);
    }

    public string Locate(string path)
    {
        var (volume, inner) = Route(path);
        var info = _volumes.FirstOrDefault(v => ReferenceEquals(v.Files, volume)).Info;
        return info is null ? $"{Disk.Path}::{path}" : $"{Disk.Path}::partition {info.Index}\\{inner}";
    }

    public void Dispose()
    {
        CloseVolumes();
        _journal?.Dispose();
        _container.Dispose();
    }

    private void CloseVolumes()
    {
        foreach (var (_, files) in _volumes)
        {
            files?.Dispose();
        }

        _volumes = [];
        _windows = null;
        _bcdVolume = null;
    }

    private void OpenVolumes()
    {
        var warnings = _table.Warnings.ToList();
        var volumes = new List<(ImageVolumeInfo, IVolumeFiles?)>();
        if (_table.Style == PartitionStyle.None)
        {
            volumes.Add(OpenVolume(_disk, 0, 0, _container.VirtualSize, "whole disk", isActive: false, isEsp: false, warnings));
        }
        else
        {
            foreach (var partition in _table.Partitions.Where(p => !p.IsExtended))
            {
                bool isEsp = partition.TypeGuid == PartitionTypes.EfiSystem;
                volumes.Add(OpenVolume(partition.Open(_disk), partition.Index, partition.Offset, partition.Length, partition.TypeName, partition.IsActive, isEsp, warnings));
            }
        }

        ChooseBootStore(volumes, _table.Style);
        _volumes = volumes;
        _windows = volumes.FirstOrDefault(v => v.Item1.HoldsWindows).Item2;
        var bcd = volumes.FirstOrDefault(v => v.Item1.HoldsBcd);
        _bcdVolume = bcd.Item2;
        _bcdFolder = bcd.Item2 is FatVolumeFiles ? EspBootFolder : BootFolder;
        Disk = Disk with { Volumes = volumes.Select(v => v.Item1).ToList(), Warnings = warnings };
    }

    /// <summary>Which volume a Windows path is on, and its path there.</summary>
    private (IVolumeFiles? Volume, string Inner) Route(string path)
    {
        var normal = path.Replace('/', '\\').Trim('\\');
        if (normal.Equals(BootFolder, StringComparison.OrdinalIgnoreCase)
            || normal.StartsWith(BootFolder + "\\", StringComparison.OrdinalIgnoreCase))
        {
            return (_bcdVolume, _bcdFolder + normal[BootFolder.Length..]);
        }

        return (_windows, normal);
    }

    private (ImageVolumeInfo, IVolumeFiles?) OpenVolume(Stream stream, int index, long offset, long length, string type, bool isActive, bool isEsp, List<string> warnings)
    {
        var sniffed = FileSystemSniffer.Identify(stream);
        IVolumeFiles? files = null;
        string state;
        try
        {
            switch (sniffed.Kind)
            {
                case FileSystemKind.Ntfs:
                    var ntfs = NtfsVolumeFiles.Open(stream, _writable, _clock);
                    files = ntfs;
                    state = Describe(ntfs.State);
                    break;
                case FileSystemKind.Fat32 or FileSystemKind.Fat16:
                    files = FatVolumeFiles.Open(stream, _writable, _clock);
                    state = "readable";
                    break;
                case FileSystemKind.BitLocker:
                    state = "BitLocker-encrypted: cannot be read without its key";
                    break;
                default:
                    state = "not a file system we read";
                    break;
            }
        }
        catch (Exception e) when (e is NtfsFormatException or FatFormatException or IOException)
        {
            state = "unreadable: " + e.Message;
            warnings.Add($"partition {index}: {e.Message}");
        }

        bool holdsWindows = files is NtfsVolumeFiles && files.FileExists(WindowsPaths.SystemHive);
        bool holdsBcd = files is not null && (isEsp ? files.FileExists(EspBootFolder + @"\BCD") : files.FileExists(WindowsPaths.BcdStore));
        var info = new ImageVolumeInfo(index, offset, length, type, isActive, files?.FileSystem ?? sniffed.Kind.ToString(), files?.Label ?? sniffed.Label, state, holdsWindows, holdsBcd);
        return (info, files);
    }

    private static string Describe(VolumeState state)
    {
        if (state.IsHibernated)
        {
            return "hibernated (Fast Startup): Windows must be started and shut down fully, or the hibernation file removed, before any repair is written";
        }

        if (state.IsDirty)
        {
            return "dirty: run chkdsk on the recovery VM before any repair is written";
        }

        return state.LogFile.IsClean ? "clean" : "$LogFile not clean: Windows did not shut down cleanly";
    }

    /// <summary>
    /// Keeps one boot store: on GPT the ESP's; on MBR the active NTFS partition's, else the Windows
    /// volume's; so that Boot\BCD has exactly one meaning.
    /// </summary>
    private static void ChooseBootStore(List<(ImageVolumeInfo Info, IVolumeFiles? Files)> volumes, PartitionStyle style)
    {
        var candidates = volumes.Where(v => v.Info.HoldsBcd).ToList();
        if (candidates.Count <= 1)
        {
            return;
        }

        var chosen = style == PartitionStyle.Gpt
            ? candidates.FirstOrDefault(v => v.Files is FatVolumeFiles)
            : candidates.FirstOrDefault(v => v.Info.IsActive);
        if (chosen.Info is null)
        {
            chosen = candidates.FirstOrDefault(v => v.Info.HoldsWindows);
        }

        if (chosen.Info is null)
        {
            chosen = candidates[0];
        }

        for (int i = 0; i < volumes.Count; i++)
        {
            if (volumes[i].Info.HoldsBcd && !ReferenceEquals(volumes[i].Info, chosen.Info))
            {
                volumes[i] = (volumes[i].Info with { HoldsBcd = false }, volumes[i].Files);
            }
        }
    }
}
