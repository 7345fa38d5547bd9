using OfflineRepair.Bcd;
using OfflineRepair.Fat;
using OfflineRepair.Registry;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Inspection;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Targets;
using OfflineRepair.Targets.Images;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Targets;

/// <summary>
/// Damaged disk images all the way up: a mutated partition table, boot sector, MFT or FAT must end
/// in a named error (a target, format or hive error), never a crash, a hang or an unbounded read.
/// </summary>
public sealed class ImageTargetFuzzTests
{
    private const int Cases = 300;

    [Theory]
    [InlineData("images/gen1.img.xz")]
    [InlineData("images/gen2.img.xz")]
    public async Task Mutated_images_give_named_errors_only(string fixture)
    {
        using var dir = new TemporaryDirectory();
        var original = File.ReadAllBytes(TestData.Unpack(fixture, dir));
        var hotSpots = HotSpots(original);
        var random = new Random(20261126);
        int refused = 0;
        int read = 0;

        for (int i = 0; i < Cases; i++)
        {
            // Mutate in place and put the bytes back afterwards: copying an 84 MiB disk per case costs more than reading it.
            var bytes = original;
            var undo = new List<(int At, byte Value)>();
            int flips = random.Next(1, 8);
            for (int f = 0; f < flips; f++)
            {
                var (start, length) = hotSpots[random.Next(hotSpots.Count)];
                int at = start + random.Next(length);
                undo.Add((at, bytes[at]));
                bytes[at] = random.Next(3) switch
                {
                    0 => (byte)random.Next(256),
                    1 => 0xFF,
                    _ => 0x00,
                };
            }

            var outcome = Task.Run(() => Exercise(bytes), TestContext.Current.CancellationToken);
            var finished = await Task.WhenAny(outcome, Task.Delay(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
            Assert.True(finished == outcome, $"case {i} did not finish");
            var (error, systemRead) = await outcome;
            for (int u = undo.Count - 1; u >= 0; u--)
            {
                bytes[undo[u].At] = undo[u].Value;
            }

            if (error is not null)
            {
                Assert.True(IsNamed(error), $"case {i}: {error.GetType().Name}: {error.Message}\n{error.StackTrace}");
            }

            if (error is null && systemRead)
            {
                read++;
            }
            else
            {
                refused++;
            }
        }

        Assert.True(refused > 0, "every mutated image still gave its SYSTEM hive: the mutations do not reach the structures");
        Assert.True(read > 0, "no mutated image gave its SYSTEM hive: the test does not exercise reading");
    }

    /// <summary>Reads everything a repair would; returns the error, if any, and whether SYSTEM was read (a damaged volume is reported, not thrown).</summary>
    private static (Exception? Error, bool SystemRead) Exercise(byte[] disk)
    {
        try
        {
            using var target = ImageTarget.Open(new MemoryStream(disk, writable: false), "mutated.img");
            using var hives = HiveSet.Open(target, options: HiveSetOptions.ReadOnly with { ForceDirty = true });
            Inspector.Inspect(hives.System, hives.Software, hives.Bcd, new RepairOptions());
            foreach (var hive in new[] { hives.System, hives.Bcd })
            {
                if (hive is not null)
                {
                    foreach (var key in hive.EnumerateTree())
                    {
                        key.GetValues();
                    }
                }
            }

            return (null, hives.System is not null);
        }
        catch (Exception e)
        {
            return (e, false);
        }
    }

    private static bool IsNamed(Exception error) => error is
        TargetException or
        IOException or
        HiveFormatException or
        DirtyHiveException or
        BcdException or
        FatFormatException or
        RepairException or
        OperationRefusedException or
        NotSupportedException;

    /// <summary>The sectors that hold structure: the MBR/GPT, each volume's boot sector and first MFT records or FAT.</summary>
    private static List<(int Start, int Length)> HotSpots(byte[] disk)
    {
        var spots = new List<(int, int)> { (0, 512 * 34) };
        for (int sector = 1; sector < disk.Length / 512; sector++)
        {
            var oem = disk.AsSpan(sector * 512 + 3, 8);
            if (oem.SequenceEqual("NTFS    "u8) || oem.SequenceEqual("mkfs.fat"u8))
            {
                spots.Add((sector * 512, 512));
                if (oem.SequenceEqual("NTFS    "u8))
                {
                    long mftCluster = BitConverter.ToInt64(disk, sector * 512 + 0x30);
                    int clusterSize = disk[sector * 512 + 0x0D] * BitConverter.ToUInt16(disk, sector * 512 + 0x0B);
                    long mft = sector * 512L + mftCluster * clusterSize;
                    if (mft + 16 * 1024 <= disk.Length)
                    {
                        spots.Add(((int)mft, 16 * 1024));
                    }
                }
                else
                {
                    int reserved = BitConverter.ToUInt16(disk, sector * 512 + 0x0E);
                    spots.Add((sector * 512 + reserved * 512, 4096));
                }
            }
        }

        return spots;
    }
}
