using OfflineRepair.Registry.Tests.Logs;

namespace OfflineRepair.Registry.Tests.Oracles;

/// <summary>Corpus access for the oracle tests (Corpus.File unpacks each .xz once, even when tests ask together).</summary>
internal static class CorpusFiles
{
    /// <summary>Read-only path of a corpus file (unpacked when it is .xz/.gz).</summary>
    public static string Path(string relativePath) => CorpusHive.CorpusFile(relativePath);

    /// <summary>Copies a corpus file (unpacked) into a folder under a name, writable.</summary>
    public static string CopyTo(string directory, string relativePath, string name) => CorpusHive.CopyTo(directory, relativePath, name);

    public static byte[] Bytes(string relativePath) => File.ReadAllBytes(Path(relativePath));
}
