using System.CommandLine;

namespace OfflineRepair.Cli;

/// <summary>Options every command takes (they may stand anywhere on the line).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> LogFile { get; } = new("--log")
    {
        Description = "Also write the log (with timestamps and debug detail) to this file.",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<bool> ForceDirty { get; } = new("--force-dirty")
    {
        Description = "Read a dirty hive that has no usable transaction log as it is on disk (changes that only reached the logs are lost).",
        Arity = ArgumentArity.Zero,
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log more, and show the stack trace of an internal error.",
        Arity = ArgumentArity.Zero,
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(LogFile);
        root.Options.Add(ForceDirty);
        root.Options.Add(Verbose);
    }
}
