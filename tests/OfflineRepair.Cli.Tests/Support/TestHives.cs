using System.Security.Cryptography;
using OfflineRepair.Registry;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Support;

/// <summary>Hives for tests: corpus copies one may write to, and small ones built here.</summary>
internal static class TestHives
{
    private static readonly Lock UnpackGate = new();

    /// <summary>
    /// Corpus.CopyTo, one at a time: two tests unpacking the same .xz at once race on its ".partial" file.
    /// </summary>
    public static string Copy(TemporaryDirectory directory, string corpusPath, string? name = null)
    {
        lock (UnpackGate)
        {
            return Corpus.CopyTo(directory.Path, corpusPath, name);
        }
    }

    /// <summary>A corpus file's path for reading only (unpacked when it is .xz).</summary>
    public static string ReadOnly(string corpusPath)
    {
        lock (UnpackGate)
        {
            return Corpus.File(corpusPath);
        }
    }

    /// <summary>Writes a new hive file holding the given keys (paths below the root) and returns its path.</summary>
    public static string Build(TemporaryDirectory directory, string fileName, string rootName, Action<RegistryKey> fill)
    {
        var path = directory.File(fileName);
        File.WriteAllBytes(path, EmptyHive.Create(rootName));
        using (var hive = Hive.Open(path, new HiveOpenOptions { Writable = true }))
        {
            fill(hive.Root);
            hive.Commit();
        }

        return path;
    }

    /// <summary>An in-memory writable hive for unit tests.</summary>
    public static Hive InMemory(string rootName, params string[] keyPaths)
    {
        var hive = Hive.Open(new MemoryStream(EmptyHive.Create(rootName)), "test hive", options: new HiveOpenOptions { Writable = true });
        foreach (var path in keyPaths)
        {
            hive.Root.CreateKey(path);
        }

        return hive;
    }

    public static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
