using System.Collections.Concurrent;
using System.Security.Cryptography;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Registry.Tests.Oracles;

/// <summary>
/// Runs <c>hivex_dump.py</c> (libguestfs hivex through Debian's python3-hivex) on a hive file and
/// returns its lines. Dumps are cached by the file's SHA-256, so a big hive used by several test
/// classes is walked once per test run. Skips (or fails in CI) when python3-hivex is missing.
/// </summary>
internal static class HivexOracle
{
    private static readonly ConcurrentDictionary<string, Lazy<HivexResult>> Cache = new(StringComparer.Ordinal);
    private static readonly Lock ProbeLock = new();
    private static string? _python;

    public static string ScriptPath =>
        System.IO.Path.Combine(RepositoryRoot.Find(), "tests", "OfflineRepair.Registry.Tests", "Oracles", "hivex_dump.py");

    /// <summary>hivex's dump of the file; fails the test when hivex cannot read it.</summary>
    public static IReadOnlyList<string> Dump(string path)
    {
        var result = TryDump(path);
        Assert.True(result.Succeeded, $"hivex could not read {path}: {result.Error}");
        return result.Lines;
    }

    /// <summary>hivex's dump of bytes (written to a temporary file first).</summary>
    public static IReadOnlyList<string> Dump(byte[] hiveFile)
    {
        using var folder = new TemporaryDirectory();
        var path = folder.File("hive");
        File.WriteAllBytes(path, hiveFile);
        return Dump(path);
    }

    /// <summary>hivex's dump, or the error hivex gave (a damaged hive).</summary>
    public static HivexResult TryDump(string path)
    {
        string python = RequirePython();
        string key = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        var lazy = Cache.GetOrAdd(key, _ => new Lazy<HivexResult>(() => Run(python, path), LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }

    /// <summary>Debian's python3 with hivex; skips (or fails in CI) when missing.</summary>
    public static string RequirePython()
    {
        lock (ProbeLock)
        {
            _python ??= Tools.RequirePythonHivex();
            return _python;
        }
    }

    private static HivexResult Run(string python, string path)
    {
        var run = Tools.Run(python, [ScriptPath, path], timeoutSeconds: 300);
        if (run.ExitCode != 0)
        {
            return new HivexResult(false, [], $"exit code {run.ExitCode}: {run.StandardError.Trim()}");
        }

        var lines = run.StandardOutput.Split('\n');
        int count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        return new HivexResult(true, lines[..count], "");
    }
}

internal sealed record HivexResult(bool Succeeded, IReadOnlyList<string> Lines, string Error);
