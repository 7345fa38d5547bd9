using System.Security.Cryptography;
using OfflineRepair.Targets;

namespace OfflineRepair.Repairs.Execution;

/// <summary>Reading, hashing and copying files through a target (never through host paths, so images work the same).</summary>
internal static class TargetFiles
{
    public static byte[] ReadAll(ITarget target, string path)
    {
        using var stream = target.OpenRead(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static string Sha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Sha256(ITarget target, string path)
    {
        using var stream = target.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static string Sha256OfHostFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The last component of a target path.</summary>
    public static string FileName(string targetPath)
    {
        var cut = targetPath.LastIndexOfAny(['\\', '/']);
        return cut < 0 ? targetPath : targetPath[(cut + 1)..];
    }

    public static string Folder(string targetPath)
    {
        var cut = targetPath.LastIndexOfAny(['\\', '/']);
        return cut < 0 ? "" : targetPath[..cut];
    }

    /// <summary>Writes a file by way of NAME.partial and a rename, so a crash never leaves half a file under the real name.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> data)
    {
        var partial = path + ".partial";
        using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(data);
            stream.Flush(flushToDisk: true);
        }

        File.Move(partial, path, overwrite: true);
    }
}
