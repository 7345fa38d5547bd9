using OfflineRepair.Registry;
using OfflineRepair.Registry.Logs;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Targets;

namespace OfflineRepair.Repairs.Execution;

/// <summary>
/// The SYSTEM and SOFTWARE hives and the BCD store of a target, opened through the target (so a mounted folder, hive
/// files and later a disk image behave alike) with their transaction logs found by name in any
/// case. A hive that is absent or unreadable is listed in <see cref="Unavailable"/> with the reason
/// instead of failing the whole set: repairs that do not need it still run.
/// </summary>
public sealed class HiveSet : IDisposable
{
    private readonly List<OpenedHive> _opened = [];
    private readonly List<UnavailableHive> _unavailable = [];
    private readonly ITarget _target;

    private HiveSet(ITarget target)
    {
        _target = target;
    }

    public IReadOnlyList<OpenedHive> Opened => _opened;

    public IReadOnlyList<UnavailableHive> Unavailable => _unavailable;

    public Hive? System => Find(HiveKind.System)?.Hive;

    public Hive? Software => Find(HiveKind.Software)?.Hive;

    public Hive? Bcd => Find(HiveKind.Bcd)?.Hive;

    /// <summary>Opens the given hives (every kind when <paramref name="kinds"/> is null).</summary>
    public static HiveSet Open(ITarget target, IEnumerable<HiveKind>? kinds = null, HiveSetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        options ??= HiveSetOptions.ReadOnly;
        var set = new HiveSet(target);
        try
        {
            foreach (var kind in (kinds ?? Enum.GetValues<HiveKind>()).Distinct().Order())
            {
                set.OpenOne(target, kind, options);
            }

            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    /// <summary>The target paths of a hive's transaction logs (<c>NAME.LOG1</c>, <c>.LOG2</c>, <c>.LOG</c> in any case), exact spelling first.</summary>
    public static IReadOnlyList<string> FindLogs(ITarget target, string hivePath)
    {
        var folder = TargetFiles.Folder(hivePath);
        var name = TargetFiles.FileName(hivePath);
        var files = target.List(folder).Where(e => !e.IsFolder).Select(e => e.Name).ToList();
        var logs = new List<string>();
        foreach (var suffix in WindowsPaths.LogSuffixes)
        {
            foreach (var match in files.Where(f => string.Equals(f, name + suffix, StringComparison.OrdinalIgnoreCase))
                         .OrderBy(f => string.Equals(f, name + suffix, StringComparison.Ordinal) ? 0 : 1)
                         .ThenBy(f => f, StringComparer.Ordinal))
            {
                logs.Add(folder.Length == 0 ? match : folder + @"\" + match);
            }
        }

        return logs;
    }

    public OpenedHive? Find(HiveKind kind) => _opened.FirstOrDefault(h => h.Kind == kind);

    public UnavailableHive? FindUnavailable(HiveKind kind) => _unavailable.FirstOrDefault(h => h.Kind == kind);

    public RepairContext ContextFor(RepairOptions options) => new(System, Software, options) { Bcd = Bcd, Target = _target };

    public void Dispose()
    {
        foreach (var opened in _opened)
        {
            opened.Hive.Dispose();
        }
    }

    private void OpenOne(ITarget target, HiveKind kind, HiveSetOptions options)
    {
        var path = HivePaths.TargetPath(kind);
        if (!target.FileExists(path))
        {
            _unavailable.Add(new UnavailableHive(kind, path, Absent: true, $"the target has no {path}"));
            return;
        }

        var name = HivePaths.Name(kind);
        try
        {
            var logPaths = FindLogs(target, path);
            var logs = logPaths.Select(p => new HiveLogFile(TargetFiles.FileName(p), TargetFiles.ReadAll(target, p))).ToList();
            var openOptions = new HiveOpenOptions { Writable = options.Writable, ForceDirty = options.ForceDirty, Clock = options.Clock };
            var display = $"{name} ({target.Locate(path)})";
            Hive hive;
            string sha256;
            if (options.Writable)
            {
                var stream = target.OpenReadWrite(path);
                try
                {
                    sha256 = Convert.ToHexStringLower(global::System.Security.Cryptography.SHA256.HashData(stream));
                    hive = Hive.Open(stream, display, logs, openOptions, leaveOpen: false);
                }
                catch
                {
                    stream.Dispose();
                    throw;
                }
            }
            else
            {
                var bytes = TargetFiles.ReadAll(target, path);
                sha256 = TargetFiles.Sha256(bytes);
                hive = Hive.Load(bytes, display, logs, openOptions);
            }

            _opened.Add(new OpenedHive(kind, path, hive, logPaths, sha256));
        }
        catch (HiveFormatException e)
        {
            _unavailable.Add(new UnavailableHive(kind, path, Absent: false, $"{name} ({target.Locate(path)}) is not a readable hive: {e.Message}"));
        }
        catch (DirtyHiveException e)
        {
            _unavailable.Add(new UnavailableHive(kind, path, Absent: false, e.Message));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _unavailable.Add(new UnavailableHive(kind, path, Absent: false, $"{name} ({target.Locate(path)}) cannot be opened: {e.Message}"));
        }
    }
}
