namespace OfflineRepair.Ntfs.Tests.Support;

/// <summary>
/// Runs a writing session again and again on fresh copies of a volume, letting 0, 1, 2, ... writes
/// through before the disk "goes away", until one run completes. Every run that fails must fail with
/// an IOException that is not a refusal, and within 30 s (a hang is a failure too).
/// </summary>
internal static class WriteFaults
{
    /// <param name="session">Writes to the copy it is given, with the number of writes allowed; returns the exception that escaped, or null when it completed.</param>
    /// <returns>The copy the completed run left (null when none completed within <paramref name="maxAllowed"/>), and how many runs failed first.</returns>
    public static async Task<(byte[]? Completed, int Faults)> UntilComplete(byte[] original, int maxAllowed, Func<byte[], int, Exception?> session)
    {
        byte[]? completed = null;
        var faults = 0;
        for (var allowed = 0; allowed < maxAllowed && completed is null; allowed++)
        {
            var bytes = (byte[])original.Clone();
            var limit = allowed;
            var outcome = await Task.Run(() => session(bytes, limit), TestContext.Current.CancellationToken)
                .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            if (outcome is null)
            {
                completed = bytes;
            }
            else
            {
                Assert.IsAssignableFrom<IOException>(outcome);
                Assert.IsNotType<NtfsWriteRefusedException>(outcome);
                faults++;
            }
        }

        return (completed, faults);
    }
}
