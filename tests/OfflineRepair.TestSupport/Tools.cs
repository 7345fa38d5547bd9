using System.Diagnostics;
using System.Text;

namespace OfflineRepair.TestSupport;

/// <summary>Runs the independent tools (hivex and friends) that check our reader and writer.</summary>
public static class Tools
{
    /// <summary>Debian's own Python, where python3-hivex is importable (the first python3 on PATH may be another).</summary>
    public const string DebianPython = "/usr/bin/python3";

    public static string? Find(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0)
            {
                continue;
            }

            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The tool's path; skips (or fails in CI) naming the Debian package when it is missing.</summary>
    public static string Require(string name, string debianPackage)
    {
        var path = Find(name);
        if (path is null)
        {
            Requirement.Missing($"the {name} tool (Debian package {debianPackage})");
        }

        return path!;
    }

    /// <summary>Debian's python3 with the hivex module; skips (or fails in CI) when missing.</summary>
    public static string RequirePythonHivex()
    {
        if (!File.Exists(DebianPython))
        {
            Requirement.Missing($"{DebianPython} (Debian package python3-hivex)");
        }

        var probe = Run(DebianPython, ["-c", "import hivex"], timeoutSeconds: 60);
        if (probe.ExitCode != 0)
        {
            Requirement.Missing("the python3 hivex module (Debian package python3-hivex)");
        }

        return DebianPython;
    }

    public static ToolResult Run(string program, IEnumerable<string> arguments, string? standardInput = null, int timeoutSeconds = 300, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null)
        {
            psi.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish in {timeoutSeconds} s");
        }

        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}

public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);
