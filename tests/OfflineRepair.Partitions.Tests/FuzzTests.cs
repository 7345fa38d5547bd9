using System.Buffers.Binary;
using System.Diagnostics;

namespace OfflineRepair.Partitions.Tests;

/// <summary>
/// Thousands of deterministic mutations of small MBR/EBR and GPT disks: reading must end, fast, in
/// a table whose partitions lie inside the disk or in a PartitionTableException, nothing else.
/// GPT mutations are often re-sealed (CRCs recomputed) so that they reach the checks behind the CRCs.
/// </summary>
public sealed class FuzzTests
{
    private const int S = SyntheticDisk.Sector;
    private const int Iterations = 4000;

    private static readonly ulong[] Interesting =
    [
        0, 1, 2, 33, 34, 127, 128, 129, 511, 512, 1023, 1024, 1025, 2014, 2015, 2046, 2047, 2048, 2049,
        0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000, long.MaxValue, ulong.MaxValue, ulong.MaxValue - 1,
    ];

    [Fact]
    public void Mutated_MBR_and_EBR_chains_give_only_PartitionTableException() =>
        Fuzz(SyntheticDisk.MbrWithLogicals(), [0, 512, 800, 1200], seal: false, seed: 1);

    [Fact]
    public void Mutated_GPT_disks_give_only_PartitionTableException() =>
        Fuzz(SyntheticDisk.Gpt(), [0, 1, 2, 3, 2015, 2016, SyntheticDisk.Sectors - 1], seal: true, seed: 2);

    private static void Fuzz(byte[] original, long[] sectors, bool seal, int seed)
    {
        var random = new Random(seed);
        var watch = Stopwatch.StartNew();
        int parsed = 0, refused = 0;
        for (int i = 0; i < Iterations; i++)
        {
            var image = (byte[])original.Clone();
            int mutations = random.Next(1, 5);
            for (int m = 0; m < mutations; m++)
            {
                var sector = sectors[random.Next(sectors.Length)];
                int at = (int)(sector * S) + random.Next(S);
                switch (random.Next(4))
                {
                    case 0:
                        image[at] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1:
                        image[at] = (byte)random.Next(256);
                        break;
                    case 2:
                        // An interesting value over an 8-aligned field (GPT LBAs, counts, sizes; MBR starts).
                        at = (int)(sector * S) + (random.Next(S / 8) * 8);
                        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(at), Interesting[random.Next(Interesting.Length)]);
                        break;
                    default:
                        at = (int)(sector * S) + 0x1BE + (random.Next(4) * 16) + (random.Next(2) == 0 ? 8 : 12);
                        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(at), (uint)Interesting[random.Next(Interesting.Length)]);
                        break;
                }
            }

            if (seal && random.Next(3) != 0)
            {
                SyntheticDisk.Seal(image, 1);
                SyntheticDisk.Seal(image, SyntheticDisk.Sectors - 1);
            }

            var length = random.Next(8) == 0 ? random.Next(image.Length) : image.Length;
            using var disk = new MemoryStream(image, 0, length, writable: false);
            try
            {
                var table = PartitionTable.Read(disk);
                parsed++;
                foreach (var p in table.Partitions)
                {
                    Assert.True(p.Offset >= 0 && p.Length > 0 && p.Offset + p.Length <= length, $"iteration {i}: {p} outside a disk of {length} bytes");
                    using var window = p.Open(disk);
                    window.ReadByte();
                }
            }
            catch (PartitionTableException)
            {
                refused++;
            }
        }

        Assert.True(parsed > 0 && refused > 0, $"the mutations should both pass and fail: {parsed} parsed, {refused} refused");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"fuzzing took {watch.Elapsed}");
    }
}
