using System.Collections.Concurrent;

namespace OfflineRepair.TestSupport;

/// <summary>
/// The real Windows-made files in ../shared/corpus (beside the repository). Compressed files are
/// unpacked once per test run into a temporary folder; the corpus itself is never modified.
/// </summary>
public static class Corpus
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Unpacked = new(StringComparer.Ordinal);
    private static readonly Lazy<string> CacheDir = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), $"offline-repair-corpus-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return dir;
    });

    /// <summary>The corpus folder, or null when it is not there.</summary>
    public static string? Root
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("OFFLINEREPAIR_SHARED");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                var candidate = Path.Combine(fromEnv, "corpus");
                return Directory.Exists(candidate) ? candidate : null;
            }

            var repo = RepositoryRoot.Find();
            var beside = Path.GetFullPath(Path.Combine(repo, "..", "shared", "corpus"));
            return Directory.Exists(beside) ? beside : null;
        }
    }

    /// <summary>
    /// Path of a corpus file, unpacked when it ends in .xz or .gz (the returned path has no such
    /// suffix and sits in a temporary folder: copy it before writing to it). Skips (or fails in CI)
    /// when the corpus or the file is missing.
    /// </summary>
    public static string File(string relativePath)
    {
        var root = Root;
        if (root is null)
        {
            Requirement.Missing("the shared corpus (../shared/corpus beside the repository)");
            throw new InvalidOperationException("unreachable");
        }

        var source = Path.Combine(root, relativePath);
        if (!System.IO.File.Exists(source))
        {
            Requirement.Missing($"corpus file {relativePath}");
        }

        if (!relativePath.EndsWith(".xz", StringComparison.Ordinal) && !relativePath.EndsWith(".gz", StringComparison.Ordinal))
        {
            return source;
        }

        // Lazy makes concurrent tests that ask for the same file wait for one unpacking instead of racing.
        return Unpacked.GetOrAdd(relativePath, rel => new Lazy<string>(() => Unpack(source, rel))).Value;
    }

    /// <summary>Copies corpus files into a fresh folder under the given names, so a test may write to them.</summary>
    public static string CopyTo(string directory, string relativePath, string? name = null)
    {
        var source = File(relativePath);
        var target = Path.Combine(directory, name ?? Path.GetFileName(source));
        System.IO.File.Copy(source, target, overwrite: true);
        new FileInfo(target).IsReadOnly = false;
        return target;
    }

    private static string Unpack(string source, string relativePath)
    {
        var baseName = relativePath[..relativePath.LastIndexOf('.')];
        var target = Path.Combine(CacheDir.Value, baseName.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        Compressed.Unpack(source, partial);
        System.IO.File.Move(partial, target, overwrite: true);
        return target;
    }
}
