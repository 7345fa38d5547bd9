using OfflineRepair.Ntfs.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests;

/// <summary>
/// Deterministic mutations of a small mkntfs volume's MFT records and root index blocks. Half the mutations
/// re-apply the fixups so the damage reaches the parsers behind the fixup check. Every outcome must be a
/// clean read or a named refusal: <see cref="NtfsFormatException"/>, or NotSupported (a flag now says
/// "compressed"/"encrypted") or FileNotFound (a stream that is no longer there).
/// </summary>
public sealed class FuzzTests
{
    private const int Iterations = 3000;

    [Fact]
    public void Mutated_records_and_index_blocks_give_only_named_errors()
    {
        using var work = new TemporaryDirectory();
        var image = NtfsImages.Small(work.Path, 4096, 8);
        var bytes = File.ReadAllBytes(image);
        var targets = new List<(long Offset, int Size)>();
        using (var volume = NtfsVolume.Open(new MemoryStream(bytes, writable: false)))
        {
            var recordSize = volume.BootSector.MftRecordSize;
            for (long r = 0; r < Math.Min(volume.MftRecordCount, 72); r++)
            {
                targets.Add((ImageEditor.RecordOffset(volume, r), recordSize));
            }

            var allocation = volume.RootDirectory.Attributes.FirstOrDefault(a => a.Type == AttributeType.IndexAllocation);
            if (allocation is not null)
            {
                for (long at = 0; at < allocation.DataSize; at += volume.BootSector.IndexBlockSize)
                {
                    targets.Add((ImageEditor.AttributeByteOffset(volume, allocation, at), volume.BootSector.IndexBlockSize));
                }
            }
        }

        var outcomes = new Dictionary<string, int>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var seed = 0; seed < Iterations; seed++)
        {
            var rng = new Random(seed);
            var (offset, size) = targets[rng.Next(targets.Count)];
            var original = bytes.AsSpan((int)offset, size).ToArray();
            var block = bytes.AsSpan((int)offset, size);
            var refix = rng.Next(2) == 0 && block[0] is (byte)'F' or (byte)'I';
            BlockMutation.Mutate(block, refix, rng);

            var outcome = Exercise(bytes, seed);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            original.CopyTo(block);
        }

        TestContext.Current.SendDiagnosticMessage(string.Join(", ", outcomes.Select(kv => $"{kv.Key}: {kv.Value}")));
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(3), $"fuzzing took {watch.Elapsed}");
        Assert.True(outcomes.GetValueOrDefault("ok") > 0);
        Assert.True(outcomes.GetValueOrDefault(nameof(NtfsFormatException)) > 0);
    }

    private static string Exercise(byte[] bytes, int seed)
    {
        try
        {
            using var volume = NtfsVolume.Open(new MemoryStream(bytes, writable: false));
            var visited = new HashSet<long>();
            Walk(volume, volume.RootDirectory, 0, visited);
            _ = volume.TryOpenPath("File3.Bin");
            _ = volume.TryOpenPath(@"$Extend\$Reparse");
            _ = volume.GetState();
            return "ok";
        }
        catch (NtfsFormatException)
        {
            return nameof(NtfsFormatException);
        }
        catch (NotSupportedException)
        {
            return nameof(NotSupportedException);
        }
        catch (FileNotFoundException)
        {
            return nameof(FileNotFoundException);
        }
        catch (Exception e)
        {
            Assert.Fail($"seed {seed}: {e}");
            throw;
        }
    }

    private static void Walk(NtfsVolume volume, NtfsFile directory, int depth, HashSet<long> visited)
    {
        if (depth > 3 || !visited.Add(directory.RecordNumber))
        {
            return;
        }

        var buffer = new byte[65536];
        foreach (var entry in directory.ListDirectory())
        {
            var file = volume.OpenFile(entry.RecordNumber);
            _ = (file.Name, file.Length, file.CreationTime, file.StreamNames);
            if (file.IsDirectory)
            {
                Walk(volume, file, depth + 1, visited);
            }
            else if (file.HasAttribute(AttributeType.Data, ""))
            {
                using var data = file.OpenRead();
                _ = data.Read(buffer);
                data.Position = Math.Max(0, data.Length - 100);
                _ = data.Read(buffer);
            }
        }
    }
}
