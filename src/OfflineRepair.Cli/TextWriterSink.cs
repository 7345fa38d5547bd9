using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace OfflineRepair.Cli;

/// <summary>
/// A Serilog sink writing to a given TextWriter: the stderr a run was handed, so that tests running
/// commands in-process (and in parallel) each read their own log, which Console.Error cannot give.
/// </summary>
internal sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
