using OfflineRepair.Ntfs.Security;
using OfflineRepair.Ntfs.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests.Security;

/// <summary>
/// Deterministic mutations of $Secure on a small volume whose $SII and $SDH have several levels of INDX blocks:
/// record 9, the index blocks (half the time with the fixups re-applied, so the damage reaches the parsers) and
/// the start of both $SDS copies. Reading descriptors, looking one up by hash, and planning a new one must end in
/// a descriptor, a <see cref="NtfsFormatException"/> or a refusal, and never hang. Planning runs on a stream that
/// fails its first write, so a plan that gets as far as writing ends in that injected <see cref="IOException"/>
/// and the image stays as mutated.
/// </summary>
public sealed class SecurityFuzzTests
{
    private const int Iterations = 1500;
    private const int Files = 6;

    [Fact]
    public void Mutated_secure_structures_give_only_named_errors()
    {
        using var work = new TemporaryDirectory();
        var image = NtfsImages.Small(work.Path, 4096, 16);
        var bytes = File.ReadAllBytes(image);
        var targets = new List<(long Offset, int Size, bool Fixed)>();
        using (var volume = NtfsVolume.OpenForWriting(new MemoryStream(bytes, writable: true)))
        {
            // 160 descriptors: both indexes get a root over an inner block over leaves.
            for (var i = 0; i < 160; i++)
            {
                volume.SetSecurityDescriptor($"File{i % Files}.Bin", Descriptors.Make(1 + (i % 9), 1000 + i));
            }

            var secure = volume.OpenFile(9);
            targets.Add((ImageEditor.RecordOffset(volume, 9), volume.BootSector.MftRecordSize, true));
            foreach (var allocation in secure.Attributes.Where(a => a.Type == AttributeType.IndexAllocation))
            {
                for (long at = 0; at < allocation.DataSize; at += 4096)
                {
                    targets.Add((ImageEditor.AttributeByteOffset(volume, allocation, at), 4096, true));
                }
            }

            var sds = secure.Attributes.Single(a => a.Type == AttributeType.Data);
            targets.Add((ImageEditor.AttributeByteOffset(volume, sds, 0), 4096, false));
            targets.Add((ImageEditor.AttributeByteOffset(volume, sds, 0x40000), 4096, false));
        }

        Assert.True(targets.Count >= 8, $"only {targets.Count} targets: the indexes did not grow blocks");
        var outcomes = new Dictionary<string, int>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var seed = 0; seed < Iterations; seed++)
        {
            var rng = new Random(seed);
            var (offset, size, isFixed) = targets[rng.Next(targets.Count)];
            var original = bytes.AsSpan((int)offset, size).ToArray();
            var block = bytes.AsSpan((int)offset, size);
            var refix = isFixed && rng.Next(2) == 0;
            BlockMutation.Mutate(block, refix, rng);

            var outcome = Exercise(bytes, seed);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            original.CopyTo(block);
        }

        TestContext.Current.SendDiagnosticMessage(string.Join(", ", outcomes.Select(kv => $"{kv.Key}: {kv.Value}")));
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(2), $"fuzzing took {watch.Elapsed}");
        Assert.True(outcomes.GetValueOrDefault("planned") > 0);
        Assert.True(outcomes.GetValueOrDefault(nameof(NtfsFormatException)) > 0);
    }

    private static string Exercise(byte[] bytes, int seed)
    {
        try
        {
            using (var volume = NtfsVolume.Open(new MemoryStream(bytes, writable: false)))
            {
                for (var i = 0; i < Files; i++)
                {
                    _ = volume.ReadSecurityDescriptor($"File{i}.Bin");
                }

                _ = volume.ReadSecurityDescriptor("$Secure");
                var store = SecurityStore.Open(volume);
                var probe = Descriptors.Make(1 + (seed % 9), 1000 + (seed % 160));
                _ = store.FindIdentical(probe, SecurityHash.Compute(probe));
            }

            var faulting = new FaultyStream(new MemoryStream(bytes, writable: true), 0);
            using (var writable = NtfsVolume.OpenForWriting(faulting, leaveOpen: false))
            {
                try
                {
                    writable.SetSecurityDescriptor("File0.Bin", Descriptors.Make(12, seed));
                }
                catch (IOException) when (faulting.Faulted)
                {
                }
            }

            return "planned";
        }
        catch (NtfsFormatException)
        {
            return nameof(NtfsFormatException);
        }
        catch (NtfsWriteRefusedException)
        {
            return nameof(NtfsWriteRefusedException);
        }
        catch (Exception e)
        {
            Assert.Fail($"seed {seed}: {e}");
            throw;
        }
    }
}
