using OfflineRepair.Fat;

namespace OfflineRepair.Targets.Images;

/// <summary>A FAT volume of an image (the EFI System Partition), read through our FAT engine.</summary>
internal sealed class FatVolumeFiles : IVolumeFiles
{
    private readonly FatVolume _volume;

    public FatVolumeFiles(FatVolume volume)
    {
        _volume = volume;
    }

    public string FileSystem => _volume.Type.ToString().ToUpperInvariant();

    public string? Label => _volume.VolumeLabel;

    public bool FileExists(string path) => _volume.Find(path) is { IsDirectory: false };

    public IReadOnlyList<TargetEntry> List(string folder)
    {
        if (folder.Length > 0 && _volume.Find(folder) is not { IsDirectory: true })
        {
            return [];
        }

        return _volume.ListDirectory(folder)
            .Select(e => new TargetEntry(e.Name, e.IsDirectory, e.IsDirectory ? 0 : e.Size))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
    }

    public Stream OpenRead(string path) => _volume.OpenFile(path);

    public void Dispose()
    {
    }
}
