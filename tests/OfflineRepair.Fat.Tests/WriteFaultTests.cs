using System.Text.RegularExpressions;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Fat.Tests;

/// <summary>
/// A volume whose writes start failing after N of them, for every N until the edit completes: only
/// an <see cref="IOException"/> comes out, nothing hangs, the volume takes no more writers, and the
/// half-written image is one fsck.fat mends by trimming or reclaiming at most (never a chain into
/// free space or a size the chain cannot hold), while mtools reads the old bytes or the new.
/// </summary>
public sealed partial class WriteFaultTests
{
    public static TheoryData<string> Edits => new() { "grow", "grow empty", "shrink" };

    [Theory]
    [MemberData(nameof(Edits))]
    public async Task A_failing_device_gives_IOException_and_a_volume_fsck_only_trims(string edit)
    {
        using var dir = new TemporaryDirectory();
        var path = FatImages.Format(dir, "esp.img", 32, 34 * 1024, 1);
        var fixture = new WriteFixture(dir, path);
        var pristine = File.ReadAllBytes(path);
        int cluster = fixture.ClusterSize;
        string file = edit == "grow empty" ? WriteFixture.BcdLog : WriteFixture.Bcd;
        var old = fixture.Contents[file];
        var data = Enumerable.Range(0, (3 * cluster) + 77).Select(i => (byte)(i * 13)).ToArray();
        var expected = edit switch
        {
            "grow" => [.. old, .. data, .. data],
            "grow empty" => [.. data, .. data],
            _ => old[..700],
        };

        void Edit(Stream stream)
        {
            if (edit == "shrink")
            {
                stream.SetLength(700);
                return;
            }

            // Two writes: the second fills the new clusters, a contiguous run after the first's.
            stream.Seek(0, SeekOrigin.End);
            stream.Write(data);
            stream.Write(data);
        }

        var whole = (byte[])pristine.Clone();
        var counting = new FaultingStream(new MemoryStream(whole));
        Assert.Null(Run(counting, file, Edit).Error);
        Assert.True(counting.Writes >= 5, $"only {counting.Writes} writes");
        var copy = dir.File("faulted.img");
        File.WriteAllBytes(copy, whole);
        FatImages.FsckVerboseClean(copy);
        Assert.Equal(expected, FatImages.ReadWithMtools(dir, copy, file));

        for (int allowed = 0; allowed < counting.Writes; allowed++)
        {
            var image = (byte[])pristine.Clone();
            var faulty = new FaultingStream(new MemoryStream(image), allowed);
            // A hang fails with TimeoutException instead of stopping the run.
            var cancel = TestContext.Current.CancellationToken;
            var (error, volume) = await Task.Run(() => Run(faulty, file, Edit), cancel).WaitAsync(TimeSpan.FromSeconds(30), cancel);
            Assert.True(faulty.Tripped);
            Assert.NotNull(error);
            Assert.True(error is IOException, $"after {allowed} writes: {error}");
            Assert.Throws<FatWriteRefusedException>(() => volume!.OpenFileForWriting(WriteFixture.Tail));

            File.WriteAllBytes(copy, image);
            var problems = FatImages.FsckProblems(copy);
            Assert.True(problems.All(p => Mendable().IsMatch(p)), $"after {allowed} of {counting.Writes} writes fsck.fat says:\n{string.Join('\n', problems)}");
            var read = FatImages.ReadWithMtools(dir, copy, file);
            Assert.True(read.AsSpan().SequenceEqual(old) || read.AsSpan().SequenceEqual(expected), $"after {allowed} writes mtools reads {read.Length} bytes that are neither the old nor the new file");
        }
    }

    private static (Exception? Error, FatVolume? Volume) Run(FaultingStream stream, string path, Action<Stream> edit)
    {
        FatVolume? volume = null;
        try
        {
            volume = FatVolume.OpenForWriting(stream);
            using var file = volume.OpenFileForWriting(path);
            edit(file);
            return (null, volume);
        }
        catch (Exception e)
        {
            return (e, volume);
        }
    }

    /// <summary>What fsck.fat may say of a half-done edit: copies that differ, lost clusters, a chain longer than the size, a stale free count.</summary>
    [GeneratedRegex(@"^(FATs differ but appear to be intact\.|Using first FAT\.|Reclaimed \d+ unused clusters? \(\d+ bytes\)\.|/EFI/Microsoft/Boot/BCD(\.LOG)?|File size is \d+ bytes, cluster chain length is > \d+ bytes\.|Truncating file to \d+ bytes\.|Free cluster summary wrong \(\d+ vs\. really \d+\)|Auto-correcting\.)$")]
    private static partial Regex Mendable();
}
