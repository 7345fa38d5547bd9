using System.Diagnostics;
using System.IO.Compression;

namespace OfflineRepair.TestSupport;

/// <summary>Unpacks the .gz and .xz files the corpus and testdata/ keep (xz through Debian's xz tool).</summary>
public static class Compressed
{
    public static void Unpack(string source, string target)
    {
        if (source.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var input = new GZipStream(File.OpenRead(source), CompressionMode.Decompress);
            using var output = File.Create(target);
            input.CopyTo(output);
            return;
        }

        var xz = Tools.Find("xz");
        if (xz is null)
        {
            Requirement.Missing("the xz tool (Debian package xz-utils) to unpack .xz files");
        }

        var psi = new ProcessStartInfo(xz!, ["-dc", source]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(psi)!;
        using (var output = File.Create(target))
        {
            process.StandardOutput.BaseStream.CopyTo(output);
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"xz -dc {source} failed with exit code {process.ExitCode}");
        }
    }
}
