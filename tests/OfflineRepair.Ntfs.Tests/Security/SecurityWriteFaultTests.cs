using OfflineRepair.Ntfs.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests.Security;

/// <summary>
/// A volume whose writes start failing part-way through a descriptor change: for every point of failure in a
/// change that appends to $SDS, inserts into $SII's root, turns $SDH's full root into one with a block (new
/// clusters, a new INDX block, new attributes in record 9) and rewrites the file's record, the caller sees an
/// <see cref="IOException"/> and nothing else, and nothing hangs.
/// </summary>
public sealed class SecurityWriteFaultTests
{
    [Fact]
    public async Task A_failing_write_anywhere_in_a_new_descriptor_surfaces_only_as_an_io_exception()
    {
        using var work = new TemporaryDirectory();
        var image = SecurityFixtures.Tree(work.Path);

        // Three new descriptors first, so the indexes' roots in record 9 leave no room for a fourth $SDH entry.
        using (var volume = NtfsVolume.OpenForWriting(File.Open(image, FileMode.Open, FileAccess.ReadWrite), leaveOpen: false))
        {
            for (var i = 1; i <= 3; i++)
            {
                volume.SetSecurityDescriptor(SecurityFixtures.KeyPath(i), Descriptors.Make(i, i));
            }
        }

        Assert.Empty(WriteOracle.Sections(SecurityOracle.InfoOf(image, 9), "$INDEX_ALLOCATION"));
        var original = await File.ReadAllBytesAsync(image, TestContext.Current.CancellationToken);
        var descriptor = Descriptors.Make(9, 9);
        var (completed, faults) = await WriteFaults.UntilComplete(original, 200, (image, allowed) => Session(image, allowed, descriptor));

        Assert.NotNull(completed);
        TestContext.Current.SendDiagnosticMessage($"the change completed once {faults} writes were allowed");
        Assert.True(faults >= 6, $"the change completed after only {faults} failing runs: it should take several writes");

        var result = work.File("completed.img");
        await File.WriteAllBytesAsync(result, completed, TestContext.Current.CancellationToken);
        Assert.NotEmpty(WriteOracle.Sections(SecurityOracle.InfoOf(result, 9), "$INDEX_ALLOCATION"));
        SecurityOracle.AssertAuditClean(result, recursive: true);
        WriteOracle.AssertSound(result);
        Assert.Equal(descriptor, SecurityOracle.Of(result, [SecurityFixtures.KeyPath(4)], work.Path)[SecurityFixtures.KeyPath(4)]);
    }

    /// <summary>Opens the volume over a stream that fails after <paramref name="allowedWrites"/> writes and sets a new
    /// descriptor. Returns the exception that escaped, or null when the change completed.</summary>
    private static Exception? Session(byte[] image, int allowedWrites, byte[] descriptor)
    {
        var faulting = new FaultyStream(new MemoryStream(image, writable: true), allowedWrites);
        try
        {
            using var volume = NtfsVolume.OpenForWriting(faulting, leaveOpen: false);
            volume.SetSecurityDescriptor(SecurityFixtures.KeyPath(4), descriptor);
            return null;
        }
        catch (Exception e)
        {
            Assert.True(faulting.Faulted, $"an exception without an injected fault: {e}");
            return e;
        }
    }
}
