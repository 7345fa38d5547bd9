using System.Diagnostics;

namespace OfflineRepair.Registry.Tests.Robustness;

/// <summary>What one fuzz case did.</summary>
internal sealed record CaseOutcome(string Outcome, string? Bug = null, long AllocatedBytes = 0, TimeSpan Elapsed = default);

/// <summary>
/// Runs numbered cases on worker threads with a watchdog: a case that runs longer than the limit is
/// recorded as hung (its thread is abandoned, a fresh worker takes over) so one hang cannot stall or
/// hide the rest. Each case's allocations are measured on its own thread.
/// </summary>
internal static class FuzzRunner
{
    public sealed record Result(CaseOutcome?[] Outcomes, IReadOnlyList<int> Hung, TimeSpan Elapsed);

    public static Result Run(int cases, Func<int, CaseOutcome> runCase, TimeSpan perCaseLimit, int workers)
    {
        var outcomes = new CaseOutcome?[cases];
        var hung = new List<int>();
        int next = -1;
        var total = Stopwatch.StartNew();
        var live = new List<Worker>();

        Worker Start()
        {
            var worker = new Worker();
            worker.Thread = new Thread(() =>
            {
                while (!worker.Abandoned)
                {
                    int index = Interlocked.Increment(ref next);
                    if (index >= cases)
                    {
                        break;
                    }

                    Volatile.Write(ref worker.StartedAt, Stopwatch.GetTimestamp());
                    Volatile.Write(ref worker.Current, index);
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    var watch = Stopwatch.StartNew();
                    CaseOutcome outcome;
                    try
                    {
                        outcome = runCase(index);
                    }
                    catch (Exception e)
                    {
                        outcome = new CaseOutcome("harness error", $"harness: the test code itself threw {e}");
                    }

                    outcomes[index] = outcome with { AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - before, Elapsed = watch.Elapsed };
                    Volatile.Write(ref worker.Current, -1);
                }

                worker.Finished = true;
            }, maxStackSize: 1024 * 1024) // the 1 MiB main-thread stack of Windows, where the tool runs
            {
                IsBackground = true,
                Name = "fuzz worker",
            };
            worker.Thread.Start();
            return worker;
        }

        for (int i = 0; i < workers; i++)
        {
            live.Add(Start());
        }

        while (live.Any(w => !w.Finished))
        {
            Thread.Sleep(50);
            foreach (var worker in live.ToList())
            {
                int current = Volatile.Read(ref worker.Current);
                if (worker.Finished || current < 0)
                {
                    continue;
                }

                var running = Stopwatch.GetElapsedTime(Volatile.Read(ref worker.StartedAt));
                if (running > perCaseLimit && Volatile.Read(ref worker.Current) == current)
                {
                    hung.Add(current);
                    worker.Abandoned = true;
                    live.Remove(worker);
                    live.Add(Start());
                }
            }
        }

        return new Result(outcomes, hung, total.Elapsed);
    }

    private sealed class Worker
    {
        public Thread? Thread;
        public long StartedAt;
        public int Current = -1;
        public volatile bool Abandoned;
        public volatile bool Finished;
    }
}
