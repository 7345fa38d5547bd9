using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace OfflineRepair.Cli;

/// <summary>
/// What <c>offline-repair --version</c> prints: <c>offline-repair VERSION (commit SHORT)</c>. The
/// version is the project's <c>Version</c> (Directory.Build.props); the commit is the one the .NET
/// SDK's source control support read from git at build time and appended to the informational
/// version as <c>+SHA</c>. A build made outside a git work tree has none: its commit is <c>unknown</c>.
/// </summary>
internal static class BuildVersion
{
    private const int ShortCommitLength = 7;

    public static string Text => Format(
        typeof(BuildVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);

    /// <summary>Formats an informational version such as <c>0.6.0+4f1c2e9…</c>.</summary>
    internal static string Format(string? informationalVersion)
    {
        var text = informationalVersion ?? "";
        int plus = text.IndexOf('+', StringComparison.Ordinal);
        var version = plus < 0 ? text : text[..plus];
        var commit = plus < 0 ? "" : text[(plus + 1)..];
        if (version.Length == 0)
        {
            version = "unknown";
        }

        commit = commit.Length == 0 || !commit.All(char.IsAsciiHexDigit)
            ? "unknown"
            : commit[..Math.Min(commit.Length, ShortCommitLength)];
        return $"offline-repair {version} (commit {commit})";
    }

    /// <summary>The <c>--version</c> action: one line on stdout, nothing else done (no logger, no target).</summary>
    internal sealed class PrintAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Text);
            return ExitCode.Success;
        }
    }
}
