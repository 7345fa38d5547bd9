using OfflineRepair.Ntfs.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests;

/// <summary>
/// A volume whose writes start failing part-way through a change (a detached disk, a full host): for every point
/// of failure in a grow, the caller sees an <see cref="IOException"/> and nothing else, and nothing hangs.
/// </summary>
public sealed class WriteFaultTests
{
    [Fact]
    public async Task A_failing_write_anywhere_in_a_grow_surfaces_only_as_an_io_exception()
    {
        using var work = new TemporaryDirectory();
        var image = WriteFixtures.Fragmented(4096, work.Path);
        var original = await File.ReadAllBytesAsync(image, TestContext.Current.CancellationToken);
        var clock = new FixedClock(new DateTimeOffset(2032, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var tail = WriteFixtures.Content(5000, 21);

        var (completed, faults) = await WriteFaults.UntilComplete(original, 500, (image, allowed) => Session(image, allowed, clock, tail));

        Assert.NotNull(completed);
        TestContext.Current.SendDiagnosticMessage($"the grow completed once {faults} writes were allowed");
        Assert.True(faults >= 4, $"the grow completed after only {faults} failing runs: it should take several writes");

        // The run that was allowed every write it made left a sound volume holding the data.
        var result = work.File("completed.img");
        await File.WriteAllBytesAsync(result, completed, TestContext.Current.CancellationToken);
        WriteOracle.AssertSound(result);
        var cat = WriteOracle.Cat(result, "/frag.bin", work.Path);
        Assert.Equal(tail, cat[^tail.Length..]);
    }

    /// <summary>Opens, grows frag.bin by many clusters, writes its new end, disposes. Returns the exception that
    /// escaped, or null when the session completed.</summary>
    private static Exception? Session(byte[] image, int allowedWrites, TimeProvider clock, byte[] tail)
    {
        var faulting = new FaultyStream(new MemoryStream(image, writable: true), allowedWrites);
        try
        {
            using var volume = NtfsVolume.OpenForWriting(faulting, clock, leaveOpen: false);
            using var stream = volume.OpenWrite("frag.bin");
            stream.SetLength(stream.Length + (12 * 4096));
            stream.Position = stream.Length - tail.Length;
            stream.Write(tail);
            stream.Flush();
            return null;
        }
        catch (Exception e)
        {
            Assert.True(faulting.Faulted, $"an exception without an injected fault: {e}");
            return e;
        }
    }
}
