using System.Diagnostics;

namespace OfflineRepair.Benchmarks;

/// <summary>
/// A file of the shared corpus (../shared/corpus beside the repository, or $OFFLINEREPAIR_SHARED/corpus),
/// unpacked with xz into a temporary file. The corpus itself is never written.
/// </summary>
public static class CorpusFile
{
    public static string CorpusRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("OFFLINEREPAIR_SHARED");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return Existing(Path.Combine(fromEnv, "corpus"), "OFFLINEREPAIR_SHARED is set, but");
        }

        // BenchmarkDotNet runs each benchmark in a process built under this project's bin folder:
        // walk up from there (or from the working folder) to the folder holding OfflineRepair.sln.
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OfflineRepair.sln")))
                {
                    return Existing(Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus")), "the repository was found, but");
                }
            }
        }

        throw new InvalidOperationException(
            "cannot find the repository (OfflineRepair.sln) above " + AppContext.BaseDirectory +
            "; set OFFLINEREPAIR_SHARED to the folder that holds corpus/");
    }

    /// <summary>Unpacks corpus/RELATIVE.xz into a new temporary file and returns its path.</summary>
    public static string UnpackXz(string relativePath)
    {
        var source = Path.Combine(CorpusRoot(), relativePath);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"corpus file {relativePath} is missing (looked for {source})", source);
        }

        var target = Path.Combine(Path.GetTempPath(), $"offline-repair-bench-{Environment.ProcessId}-{Path.GetFileNameWithoutExtension(source)}");
        var psi = new ProcessStartInfo("xz", ["-dc", source]) { RedirectStandardOutput = true, UseShellExecute = false };
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("could not start xz");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("the xz tool is needed to unpack the corpus (Debian package xz-utils)", e);
        }

        using (process)
        {
            using (var output = File.Create(target))
            {
                process.StandardOutput.BaseStream.CopyTo(output);
            }

            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                File.Delete(target);
                throw new InvalidOperationException($"xz -dc {source} failed with exit code {process.ExitCode}");
            }
        }

        return target;
    }

    private static string Existing(string corpus, string prefix) =>
        Directory.Exists(corpus)
            ? corpus
            : throw new DirectoryNotFoundException($"{prefix} the shared corpus is not at {corpus} (expected ../shared/corpus beside the repository, or set OFFLINEREPAIR_SHARED)");
}
