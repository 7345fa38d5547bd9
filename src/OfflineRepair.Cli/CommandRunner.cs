using System.CommandLine;

namespace OfflineRepair.Cli;

/// <summary>
/// Runs a command's body with the logger and the global options in place, and maps what it throws
/// to an exit code and one line on stderr. Nothing is printed to stdout after an error.
/// </summary>
internal sealed class CommandRunner(GlobalOptions globals, TextWriter stdout, TextWriter stderr)
{
    public int Run(ParseResult parse, Func<CommandContext, int> body)
    {
        bool verbose = parse.GetValue(globals.Verbose);
        using var logger = CliLogger.Create(stderr, parse.GetValue(globals.LogFile), verbose);
        var context = new CommandContext(stdout, stderr, logger, parse.GetValue(globals.ForceDirty), verbose);
        try
        {
            return body(context);
        }
        catch (Exception error)
        {
            // With --verbose the stderr template carries the stack trace; the log file always does.
            logger.Error(error, "error: {Problem}", ErrorReport.Describe(error));
            return ErrorReport.ExitCodeFor(error);
        }
        finally
        {
            stdout.Flush();
        }
    }
}
