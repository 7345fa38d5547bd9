using Serilog;
using Output_ = OfflineRepair.Cli.Output;

namespace OfflineRepair.Cli;

/// <summary>What a command's body gets: where results go, the logger, and the global options.</summary>
internal sealed class CommandContext(TextWriter output, TextWriter error, ILogger log, bool forceDirty, bool verbose)
{
    /// <summary>Results (stdout). Logs and errors never go here.</summary>
    public TextWriter Output { get; } = output;

    public ILogger Log { get; } = log;

    public bool ForceDirty { get; } = forceDirty;

    public bool Verbose { get; } = verbose;

    /// <summary>A notice on stderr if the step takes over a second (and stderr is a terminal).</summary>
    public IDisposable SlowStep(string step) => Output_.SlowStepNotice.Start(error, step);
}
