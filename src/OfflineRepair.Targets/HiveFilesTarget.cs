namespace OfflineRepair.Targets;

/// <summary>
/// Single hive files standing in for a Windows volume: the SYSTEM file is seen at
/// <see cref="WindowsPaths.SystemHive"/>, the SOFTWARE file at <see cref="WindowsPaths.SoftwareHive"/>,
/// the BCD store at <see cref="WindowsPaths.BcdStore"/>, and the transaction logs beside each (<c>&lt;file&gt;.LOG1/.LOG2/.LOG</c> in any case) at the hive's
/// path plus the suffix, so the repairs and the log replay find them as on a real volume.
/// </summary>
public sealed class HiveFilesTarget : ITarget
{
    // Virtual path -> host path; OrdinalIgnoreCase because target paths match in any case.
    private readonly Dictionary<string, string> _files = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _hivePaths = [];

    public HiveFilesTarget(string? systemFile, string? softwareFile, string? bcdFile = null)
    {
        if (systemFile is null && softwareFile is null && bcdFile is null)
        {
            throw new ArgumentException("at least one hive file is needed");
        }

        SystemFile = systemFile is null ? null : Add(WindowsPaths.SystemHive, systemFile);
        SoftwareFile = softwareFile is null ? null : Add(WindowsPaths.SoftwareHive, softwareFile);
        BcdFile = bcdFile is null ? null : Add(WindowsPaths.BcdStore, bcdFile);
    }

    /// <summary>The host path of the SYSTEM hive file, when one was given.</summary>
    public string? SystemFile { get; }

    /// <summary>The host path of the SOFTWARE hive file, when one was given.</summary>
    public string? SoftwareFile { get; }

    /// <summary>The host path of the BCD store file, when one was given.</summary>
    public string? BcdFile { get; }

    public string Description =>
        "hive files " + string.Join(", ", new[] { ("SYSTEM", SystemFile), ("SOFTWARE", SoftwareFile), ("BCD", BcdFile) }
            .Where(f => f.Item2 is not null)
            .Select(f => $"{f.Item1}={f.Item2}"));

    public TargetKind Kind => TargetKind.HiveFiles;

    /// <summary>Beside the first hive file: the user chose that folder, and it is not inside a Windows volume we write.</summary>
    public string DefaultBackupParent =>
        Path.GetDirectoryName(SystemFile ?? SoftwareFile ?? BcdFile!) ?? Environment.CurrentDirectory;

    /// <summary>True when the path is one of the hive files or a log name of one (present or not): the paths this target answers for.</summary>
    public bool Claims(string path)
    {
        var normalized = WindowsPath.Normalize(path);
        return _hivePaths.Any(hive =>
            string.Equals(normalized, hive, StringComparison.OrdinalIgnoreCase)
            || WindowsPaths.LogSuffixes.Any(suffix => string.Equals(normalized, hive + suffix, StringComparison.OrdinalIgnoreCase)));
    }

    public bool FileExists(string path) => Host(path) is { } host && File.Exists(host);

    public IReadOnlyList<TargetEntry> List(string folder)
    {
        var wanted = WindowsPath.Split(folder);
        var entries = new Dictionary<string, TargetEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var (virtualPath, host) in _files)
        {
            var parts = WindowsPath.Split(virtualPath);
            if (parts.Length <= wanted.Length
                || !parts.Take(wanted.Length).SequenceEqual(wanted, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = parts[wanted.Length];
            bool isFile = parts.Length == wanted.Length + 1;
            if (isFile && File.Exists(host))
            {
                entries[name] = new TargetEntry(name, IsFolder: false, new FileInfo(host).Length);
            }
            else if (!isFile)
            {
                entries.TryAdd(name, new TargetEntry(name, IsFolder: true, 0));
            }
        }

        return entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    public Stream OpenRead(string path) =>
        new FileStream(RequireFile(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);

    public Stream OpenReadWrite(string path) =>
        new FileStream(RequireFile(path), FileMode.Open, FileAccess.ReadWrite, FileShare.Read);

    public string Locate(string path) => Host(path) ?? path;

    public void Dispose()
    {
        // Files are opened per call; nothing is held.
    }

    private string Add(string virtualPath, string file)
    {
        var host = Path.GetFullPath(file);
        _files[virtualPath] = host;
        _hivePaths.Add(virtualPath);

        var directory = Path.GetDirectoryName(host);
        var name = Path.GetFileName(host);
        if (directory is null || !Directory.Exists(directory))
        {
            return host;
        }

        var beside = Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>().ToList();
        foreach (var suffix in WindowsPaths.LogSuffixes)
        {
            if (CaseInsensitiveLookup.Pick(beside, name + suffix) is { } log)
            {
                _files[virtualPath + suffix] = Path.Combine(directory, log);
            }
        }

        return host;
    }

    private string? Host(string path) => _files.GetValueOrDefault(WindowsPath.Normalize(path));

    private string RequireFile(string path)
    {
        var host = Host(path);
        if (host is null || !File.Exists(host))
        {
            throw new FileNotFoundException($"{path} is not among the {Description}", path);
        }

        return host;
    }
}
