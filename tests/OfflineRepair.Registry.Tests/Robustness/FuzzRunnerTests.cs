namespace OfflineRepair.Registry.Tests.Robustness;

/// <summary>The fuzz harness itself: a hanging case is reported by number and does not stop the others.</summary>
public sealed class FuzzRunnerTests
{
    [Fact]
    public void A_case_that_hangs_is_reported_and_the_other_cases_still_run()
    {
        using var release = new ManualResetEventSlim();
        try
        {
            var result = FuzzRunner.Run(
                cases: 20,
                runCase: i =>
                {
                    if (i == 7)
                    {
                        release.Wait();
                    }

                    return new CaseOutcome($"case {i}");
                },
                perCaseLimit: TimeSpan.FromMilliseconds(300),
                workers: 2);

            Assert.Equal([7], result.Hung);
            Assert.Equal(19, result.Outcomes.Count(o => o is not null));
            Assert.Null(result.Outcomes[7]);
        }
        finally
        {
            release.Set(); // let the abandoned thread end
        }
    }

    [Fact]
    public void A_case_that_throws_is_recorded_as_a_harness_error_with_its_exception()
    {
        var result = FuzzRunner.Run(4, i => i == 2 ? throw new InvalidDataException("boom") : new CaseOutcome("ok"), TimeSpan.FromSeconds(5), workers: 2);

        Assert.Empty(result.Hung);
        Assert.Equal("harness error", result.Outcomes[2]!.Outcome);
        Assert.Contains("boom", result.Outcomes[2]!.Bug, StringComparison.Ordinal);
        Assert.True(result.Outcomes[3]!.AllocatedBytes >= 0);
    }
}
