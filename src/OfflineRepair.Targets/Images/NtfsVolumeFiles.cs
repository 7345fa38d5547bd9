using OfflineRepair.Ntfs;

namespace OfflineRepair.Targets.Images;

/// <summary>An NTFS volume of an image, read through our NTFS engine.</summary>
internal sealed class NtfsVolumeFiles : IVolumeFiles
{
    private readonly NtfsVolume _volume;

    public NtfsVolumeFiles(NtfsVolume volume)
    {
        _volume = volume;
        State = volume.GetState();
    }

    public string FileSystem => "NTFS";

    public string? Label => State.Label.Length == 0 ? null : State.Label;

    public VolumeState State { get; }

    public bool FileExists(string path) => _volume.TryOpenPath(path) is { IsDirectory: false };

    public IReadOnlyList<TargetEntry> List(string folder)
    {
        var directory = _volume.TryOpenPath(folder);
        if (directory is not { IsDirectory: true })
        {
            return [];
        }

        return directory.ListDirectory()
            .Select(e => new TargetEntry(e.Name, e.IsDirectory, e.IsDirectory ? 0 : e.Length))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
    }

    public Stream OpenRead(string path) => _volume.OpenRead(path);

    public void Dispose() => _volume.Dispose();
}
