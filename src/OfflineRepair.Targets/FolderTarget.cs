using OfflineRepair.Targets.Permissions;

namespace OfflineRepair.Targets;

/// <summary>
/// A Windows volume the operating system has mounted: a drive letter (<c>F:\</c>, on Windows) or a
/// mounted folder (<c>/mnt/osdisk</c>). Each component of a Windows path is looked up among the real
/// folder entries in any case, because a Linux mount of NTFS is case-sensitive.
/// </summary>
public sealed class FolderTarget : ITarget
{
    public FolderTarget(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        if (!Directory.Exists(Root))
        {
            throw new TargetException($"{root} is not a folder");
        }
    }

    /// <summary>The host folder that is the volume's root.</summary>
    public string Root { get; }

    public string Description => $"Windows volume {Root}";

    public TargetKind Kind => TargetKind.Volume;

    /// <summary>
    /// Beside the mounted folder (its parent is on the host's disk, not on the target); the current
    /// directory for a drive root or a file-system root, which have no folder beside them.
    /// </summary>
    public string DefaultBackupParent =>
        Directory.GetParent(Path.TrimEndingDirectorySeparator(Root))?.FullName ?? Environment.CurrentDirectory;

    public bool FileExists(string path) => Resolve(path) is { } host && File.Exists(host);

    public IReadOnlyList<TargetEntry> List(string folder)
    {
        var host = Resolve(folder);
        if (host is null || !Directory.Exists(host))
        {
            return [];
        }

        var entries = new List<TargetEntry>();
        foreach (var info in new DirectoryInfo(host).EnumerateFileSystemInfos())
        {
            entries.Add(info is FileInfo file
                ? new TargetEntry(file.Name, IsFolder: false, file.Length)
                : new TargetEntry(info.Name, IsFolder: true, 0));
        }

        return entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    public Stream OpenRead(string path) =>
        new FileStream(RequireFile(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);

    public Stream OpenReadWrite(string path) =>
        new FileStream(RequireFile(path), FileMode.Open, FileAccess.ReadWrite, FileShare.Read);

    public bool FolderExists(string path) => Resolve(path) is { } host && Directory.Exists(host);

    /// <summary>
    /// Drive letters use the Windows API; a Linux folder must be an ntfs-3g mount, which shows each
    /// file's descriptor as the <c>system.ntfs_acl</c> attribute (the kernel's ntfs3 and other file
    /// systems do not: refused with what to do).
    /// </summary>
    public string? SecurityDescriptorRefusal(string path)
    {
        var host = Resolve(path);
        if (host is null)
        {
            return $"{Locate(path)} does not exist";
        }

        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        if (OperatingSystem.IsLinux())
        {
            try
            {
                return NtfsAclAttribute.Read(host) is null
                    ? $"{Root} shows no Windows permissions ({NtfsAclAttribute.Name}): mount the NTFS volume with ntfs-3g (e.g. `ntfs-3g /dev/sdc2 {Root}`), or give the disk image instead"
                    : null;
            }
            catch (IOException e)
            {
                return e.Message;
            }
        }

        return "Windows permissions can be read here only on Windows and on Linux ntfs-3g mounts";
    }

    public byte[] ReadSecurityDescriptor(string path)
    {
        var host = Resolve(path) ?? throw new FileNotFoundException($"{path} is not on {Description}", Locate(path));
        if (OperatingSystem.IsWindows())
        {
            return WindowsFileSecurity.Read(host);
        }

        if (OperatingSystem.IsLinux())
        {
            return NtfsAclAttribute.Read(host) ?? throw new NotSupportedException(SecurityDescriptorRefusal(path));
        }

        throw new NotSupportedException(SecurityDescriptorRefusal(path));
    }

    public void WriteSecurityDescriptor(string path, byte[] descriptor)
    {
        var host = Resolve(path) ?? throw new FileNotFoundException($"{path} is not on {Description}", Locate(path));
        if (OperatingSystem.IsWindows())
        {
            WindowsFileSecurity.Write(host, descriptor);
        }
        else if (OperatingSystem.IsLinux())
        {
            NtfsAclAttribute.Write(host, descriptor);
        }
        else
        {
            throw new NotSupportedException(SecurityDescriptorRefusal(path));
        }
    }

    public string Locate(string path) =>
        Resolve(path) ?? Path.Combine([Root, .. WindowsPath.Split(path)]);

    public void Dispose()
    {
        // The operating system owns the files; nothing is held open between calls.
    }

    /// <summary>The host path of an existing file or folder, each component matched in any case; null when some component is missing.</summary>
    internal string? Resolve(string path)
    {
        var current = Root;
        foreach (var part in WindowsPath.Split(path))
        {
            if (!Directory.Exists(current))
            {
                return null;
            }

            var names = Directory.EnumerateFileSystemEntries(current).Select(Path.GetFileName).OfType<string>();
            var match = CaseInsensitiveLookup.Pick(names, part);
            if (match is null)
            {
                return null;
            }

            current = Path.Combine(current, match);
        }

        return current;
    }

    private string RequireFile(string path)
    {
        var host = Resolve(path);
        if (host is null || !File.Exists(host))
        {
            throw new FileNotFoundException($"{path} is not on {Description}", Locate(path));
        }

        return host;
    }
}
