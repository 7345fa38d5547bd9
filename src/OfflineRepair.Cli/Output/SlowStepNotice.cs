using System.Diagnostics;

namespace OfflineRepair.Cli.Output;

/// <summary>
/// A line on stderr for a step that turns out to take over a second ("reading disk.vhd..." then
/// "done in 2.3 s"), so a long log replay or a big hive read from an image does not look like a hang.
/// Silent when stderr is not a terminal: scripts and logs get nothing they did not ask for.
/// </summary>
internal sealed class SlowStepNotice : IDisposable
{
    private static readonly TimeSpan DefaultThreshold = TimeSpan.FromSeconds(1);

    private readonly TextWriter _error;
    private readonly string _step;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer? _timer;
    private readonly Lock _gate = new();
    private bool _shown;
    private bool _finished;

    internal SlowStepNotice(TextWriter error, string step, bool enabled, TimeSpan threshold)
    {
        _error = error;
        _step = step;
        if (enabled)
        {
            _timer = new Timer(_ => Show(), null, threshold, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Starts watching a step; shows nothing unless it runs past a second and stderr is a terminal.</summary>
    public static SlowStepNotice Start(TextWriter error, string step) => new(error, step, enabled: !Console.IsErrorRedirected, DefaultThreshold);

    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            _finished = true;
            if (_shown)
            {
                _error.WriteLine($" done in {_clock.Elapsed.TotalSeconds:F1} s");
                _error.Flush();
            }
        }
    }

    private void Show()
    {
        lock (_gate)
        {
            if (_finished)
            {
                return;
            }

            _shown = true;
            _error.Write($"{_step}...");
            _error.Flush();
        }
    }
}
