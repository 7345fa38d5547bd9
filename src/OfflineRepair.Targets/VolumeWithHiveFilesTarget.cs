namespace OfflineRepair.Targets;

/// <summary>
/// A Windows volume whose SYSTEM or SOFTWARE hive is replaced by a file given with --system or
/// --software (a hive repaired elsewhere, a copy taken before a failed boot). The given files and
/// their logs hide the volume's own hive and logs of the same name; everything else is the volume's.
/// </summary>
public sealed class VolumeWithHiveFilesTarget : ITarget
{
    private readonly FolderTarget _volume;
    private readonly HiveFilesTarget _hives;

    public VolumeWithHiveFilesTarget(FolderTarget volume, HiveFilesTarget hives)
    {
        _volume = volume;
        _hives = hives;
    }

    public string Description => $"{_volume.Description} with {_hives.Description}";

    public TargetKind Kind => TargetKind.Volume;

    public string DefaultBackupParent => _volume.DefaultBackupParent;

    public bool FileExists(string path) => Pick(path).FileExists(path);

    public IReadOnlyList<TargetEntry> List(string folder)
    {
        var own = _volume.List(folder)
            .Where(e => e.IsFolder || !_hives.Claims(WindowsPath.Join([.. WindowsPath.Split(folder), e.Name])));
        var replaced = _hives.List(folder).Where(e => !e.IsFolder);
        var merged = new Dictionary<string, TargetEntry>(StringComparer.Ordinal);
        foreach (var entry in own.Concat(replaced))
        {
            merged[entry.Name] = entry;
        }

        return merged.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    public Stream OpenRead(string path) => Pick(path).OpenRead(path);

    public Stream OpenReadWrite(string path) => Pick(path).OpenReadWrite(path);

    public string Locate(string path) => Pick(path).Locate(path);

    public bool FolderExists(string path) => _volume.FolderExists(path);

    public string? SecurityDescriptorRefusal(string path) => Pick(path).SecurityDescriptorRefusal(path);

    public byte[] ReadSecurityDescriptor(string path) => Pick(path).ReadSecurityDescriptor(path);

    public void WriteSecurityDescriptor(string path, byte[] descriptor) => Pick(path).WriteSecurityDescriptor(path, descriptor);

    public void Dispose()
    {
        _volume.Dispose();
        _hives.Dispose();
    }

    private ITarget Pick(string path) => _hives.Claims(path) ? _hives : _volume;
}
