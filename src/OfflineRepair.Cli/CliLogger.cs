using System.Globalization;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace OfflineRepair.Cli;

/// <summary>
/// The Serilog logger of one run: stderr always (results keep stdout to themselves), plus a file
/// with --log. On stderr a message is one line; with --verbose it carries its level and any stack trace.
/// </summary>
internal static class CliLogger
{
    private const string PlainTemplate = "{Message:lj}{NewLine}";
    private const string VerboseTemplate = "[{Level:u3}] {Message:lj}{NewLine}{Exception}";
    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static Logger Create(TextWriter stderr, string? logFile, bool verbose)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .WriteTo.Sink(
                new TextWriterSink(stderr, new MessageTemplateTextFormatter(verbose ? VerboseTemplate : PlainTemplate, CultureInfo.InvariantCulture)),
                verbose ? LogEventLevel.Debug : LogEventLevel.Information);
        if (!string.IsNullOrEmpty(logFile))
        {
            configuration = configuration.WriteTo.File(logFile, outputTemplate: FileTemplate, formatProvider: CultureInfo.InvariantCulture);
        }

        return configuration.CreateLogger();
    }
}
