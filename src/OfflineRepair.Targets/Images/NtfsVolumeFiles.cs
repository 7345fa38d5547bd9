using OfflineRepair.Ntfs;

namespace OfflineRepair.Targets.Images;

/// <summary>An NTFS volume of an image, read and written through our NTFS engine.</summary>
internal sealed class NtfsVolumeFiles : IVolumeFiles
{
    private readonly NtfsVolume _volume;

    private NtfsVolumeFiles(NtfsVolume volume, string? writeRefusal)
    {
        _volume = volume;
        WriteRefusal = writeRefusal;
        State = volume.GetState();
    }

    public string FileSystem => "NTFS";

    public string? Label => State.Label.Length == 0 ? null : State.Label;

    public VolumeState State { get; }

    public string? WriteRefusal { get; }

    /// <summary>
    /// Opens the volume for writing when asked and the volume allows it (clean, not hibernated);
    /// otherwise read-only, keeping the reason so fix can refuse before it backs anything up.
    /// </summary>
    public static NtfsVolumeFiles Open(Stream stream, bool writable, TimeProvider clock)
    {
        if (!writable)
        {
            return new NtfsVolumeFiles(NtfsVolume.Open(stream), "the image was opened read-only");
        }

        if (!stream.CanWrite)
        {
            return new NtfsVolumeFiles(NtfsVolume.Open(stream), "the image file cannot be written");
        }

        try
        {
            return new NtfsVolumeFiles(NtfsVolume.OpenForWriting(stream, clock), null);
        }
        catch (NtfsWriteRefusedException refused)
        {
            return new NtfsVolumeFiles(NtfsVolume.Open(stream), refused.Message);
        }
    }

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

    public Stream OpenReadWrite(string path)
    {
        if (WriteRefusal is { } refusal)
        {
            throw new TargetException(refusal);
        }

        return _volume.OpenWrite(path);
    }

    public bool FolderExists(string path) => _volume.TryOpenPath(path) is { IsDirectory: true };

    public string? SecurityDescriptorRefusal => null;

    public byte[] ReadSecurityDescriptor(string path)
    {
        var file = _volume.TryOpenPath(path) ?? throw new FileNotFoundException($"not found on the NTFS volume: {path}", path);
        return file.ReadSecurityDescriptor() ?? throw new IOException($"{path} has no security descriptor (neither its own nor one in $Secure)");
    }

    public void WriteSecurityDescriptor(string path, byte[] descriptor)
    {
        if (WriteRefusal is { } refusal)
        {
            throw new TargetException(refusal);
        }

        _volume.SetSecurityDescriptor(path, descriptor);
    }

    public void Dispose() => _volume.Dispose();
}
