using OfflineRepair.Cli.Output;

namespace OfflineRepair.Cli.Tests.Output;

public sealed class SlowStepNoticeTests
{
    private static readonly TimeSpan ShortThreshold = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void A_step_that_outlasts_the_threshold_is_announced_and_its_end_reported()
    {
        var error = new StringWriter();

        using (new SlowStepNotice(error, "reading disk.vhd", enabled: true, ShortThreshold))
        {
            SpinWait.SpinUntil(() => error.ToString().Length > 0, TimeSpan.FromSeconds(10));
        }

        Assert.StartsWith("reading disk.vhd... done in ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_quick_step_says_nothing()
    {
        var error = new StringWriter();

        using (new SlowStepNotice(error, "reading SYSTEM", enabled: true, TimeSpan.FromMinutes(5)))
        {
        }

        Assert.Empty(error.ToString());
    }

    [Fact]
    public void Nothing_is_shown_when_stderr_is_not_a_terminal_however_long_the_step()
    {
        var error = new StringWriter();

        using (new SlowStepNotice(error, "reading SYSTEM", enabled: false, ShortThreshold))
        {
            Thread.Sleep(ShortThreshold * 5);
        }

        Assert.Empty(error.ToString());
    }
}
