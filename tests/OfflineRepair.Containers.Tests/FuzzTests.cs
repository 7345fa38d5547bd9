using System.Diagnostics;
using OfflineRepair.Containers.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Containers.Tests;

/// <summary>
/// Deterministic mutations of small qemu-made images: each mutated file is opened and read through
/// (the first MiBs and the last sectors). Only ContainerFormatException may come out, fast.
/// </summary>
public sealed class FuzzTests
{
    private const int Cases = 1500;
    private static readonly TimeSpan PerCaseLimit = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("vpc", "subformat=dynamic,force_size=on", "f.vhd")]
    [InlineData("vpc", "subformat=fixed,force_size=on", "f.vhd")]
    [InlineData("vhdx", "block_size=1M", "f.vhdx")]
    [InlineData("vhdx", "log", "log.vhdx")]
    [InlineData("vpc", "corpus", "dynamic.vhd")]
    [InlineData("vhdx", "corpus", "dynamic.vhdx")]
    public void Mutations_raise_only_ContainerFormatException(string format, string options, string name)
    {
        _ = Qemu.Img;
        using var dir = new TemporaryDirectory();
        var image = dir.File(name);
        if (options == "corpus")
        {
            image = Corpus.File("dissect.hypervisor/" + name + ".gz");
        }
        else if (options == "log")
        {
            image = VhdxLogImage.Make(dir, name).Image;
        }
        else
        {
            var raw = dir.File("source.raw");
            File.WriteAllBytes(raw, DiskBytes.Patterned(3 << 20, seed: 1));
            Qemu.Run("convert", "-f", "raw", "-O", format, "-o", options, raw, image);
        }

        var original = File.ReadAllBytes(image);
        var hot = HotRanges(original, format);
        var random = new Random(0x5EED + name.Length + options.Length);
        var failures = new List<string>();
        var rejected = 0;
        for (var i = 0; i < Cases; i++)
        {
            var bytes = (byte[])original.Clone();
            var mutation = Mutate(bytes, hot, random, out var truncateTo);
            var watch = Stopwatch.StartNew();
            try
            {
                using var stream = new MemoryStream(bytes, 0, truncateTo, writable: false);
                using var disk = ContainerOpener.Open(stream, dir.File("mutated-" + name));
                _ = disk.Describe();
                var buffer = new byte[1 << 20];
                var readable = Math.Min(disk.Length, 4L << 20);
                disk.Position = 0;
                for (long done = 0; done < readable;)
                {
                    done += disk.Read(buffer.AsSpan(0, (int)Math.Min(buffer.Length, readable - done)));
                }

                disk.Position = Math.Max(0, disk.Length - 4096);
                _ = disk.Read(buffer.AsSpan(0, 4096));
            }
            catch (ContainerFormatException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                failures.Add($"case {i} ({mutation}): {e.GetType().Name}: {e.Message}");
            }

            if (watch.Elapsed > PerCaseLimit)
            {
                failures.Add($"case {i} ({mutation}) took {watch.Elapsed}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
        Assert.True(rejected > 0, "no mutation was rejected: the mutator is not reaching the structures");
    }

    private static List<(int Start, int Length)> HotRanges(byte[] file, string format)
    {
        if (format == "vpc")
        {
            return [(0, Math.Min(file.Length, 4096)), (file.Length - 512, 512)];
        }

        // Headers and region tables, then the first MiBs after 1 MiB where qemu puts metadata and BAT.
        return [(0, 320 << 10), (1 << 20, Math.Min(3 << 20, file.Length - (1 << 20)))];
    }

    private static string Mutate(byte[] bytes, List<(int Start, int Length)> hot, Random random, out int truncateTo)
    {
        truncateTo = bytes.Length;
        var (start, length) = hot[random.Next(hot.Count)];
        var at = start + random.Next(length);
        switch (random.Next(5))
        {
            case 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                return $"flip bit at {at}";
            case 1:
                bytes[at] = (byte)random.Next(256);
                return $"byte at {at}";
            case 2:
                for (var i = 0; i < 8 && at + i < bytes.Length; i++)
                {
                    bytes[at + i] = 0xFF;
                }

                return $"ones at {at}";
            case 3:
                truncateTo = random.Next(bytes.Length);
                return $"truncate to {truncateTo}";
            default:
                // Change a field and fix nothing else: a structure that lies but is shaped right
                // only gets past checksums when the checksummed bytes are left alone, so also
                // shrink the file a little to move the footer.
                bytes[at] = 0;
                truncateTo = bytes.Length - (random.Next(2) * 512);
                return $"zero at {at}, length {truncateTo}";
        }
    }
}
