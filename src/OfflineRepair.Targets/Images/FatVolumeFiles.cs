using OfflineRepair.Fat;

namespace OfflineRepair.Targets.Images;

/// <summary>A FAT volume of an image (the EFI System Partition), read and written through our FAT engine.</summary>
internal sealed class FatVolumeFiles : IVolumeFiles
{
    private readonly FatVolume _volume;

    private FatVolumeFiles(FatVolume volume, string? writeRefusal)
    {
        _volume = volume;
        WriteRefusal = writeRefusal;
    }

    public string FileSystem => _volume.Type.ToString().ToUpperInvariant();

    public string? Label => _volume.VolumeLabel;

    public string? WriteRefusal { get; }

    public static FatVolumeFiles Open(Stream stream, bool writable, TimeProvider clock)
    {
        if (!writable)
        {
            return new FatVolumeFiles(FatVolume.Open(stream), "the image was opened read-only");
        }

        return stream.CanWrite
            ? new FatVolumeFiles(FatVolume.OpenForWriting(stream, clock), null)
            : new FatVolumeFiles(FatVolume.Open(stream), "the image file cannot be written");
    }

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

    public Stream OpenReadWrite(string path)
    {
        if (WriteRefusal is { } refusal)
        {
            throw new TargetException(refusal);
        }

        return _volume.OpenFileForWriting(path);
    }

    public bool FolderExists(string path) => path.Length == 0 || _volume.Find(path) is { IsDirectory: true };

    public string? SecurityDescriptorRefusal => $"a {FileSystem} volume keeps no Windows permissions";

    public byte[] ReadSecurityDescriptor(string path) => throw new NotSupportedException(SecurityDescriptorRefusal);

    public void WriteSecurityDescriptor(string path, byte[] descriptor) => throw new NotSupportedException(SecurityDescriptorRefusal);

    public void Dispose()
    {
    }
}
