namespace OfflineRepair.Containers.Tests.Support;

/// <summary>One write to a disk: bytes at a disk offset.</summary>
internal sealed record DiskWrite(long Offset, byte[] Data)
{
    public long End => Offset + Data.Length;

    public override string ToString() => $"{Data.Length} bytes at {Offset}";
}

/// <summary>
/// Deterministic pseudo-random writes (the same seed gives the same writes on every run): small
/// unaligned ones, ones across block boundaries, whole aligned sectors, writes inside one sector,
/// and large ones covering most of a block; applied to a container and to a plain byte array, the
/// model the oracle's reading is compared with.
/// </summary>
internal static class WriteSequence
{
    public static List<DiskWrite> Make(long diskSize, long blockSize, int seed, int count, Func<long, int, bool>? allowed = null)
    {
        var random = new Random(seed);
        var writes = new List<DiskWrite>();

        // With one block or less there is no block boundary to cross: MiB boundaries stand in.
        var boundaryStep = diskSize > blockSize ? blockSize : 1 << 20;
        var boundaries = Math.Max(1, (diskSize - 1) / boundaryStep);
        for (var attempt = 0; writes.Count < count && attempt < count * 1000; attempt++)
        {
            long offset;
            int length;
            switch (attempt % 5)
            {
                case 0:
                    length = random.Next(1, 1500);
                    offset = random.NextInt64(0, diskSize - length + 1);
                    break;
                case 1:
                    length = random.Next(2, 9000);
                    offset = (boundaryStep * random.NextInt64(1, boundaries + 1)) - random.Next(1, length);
                    break;
                case 2:
                    length = 512 * random.Next(1, 17);
                    offset = 512 * random.NextInt64(0, ((diskSize - length) / 512) + 1);
                    break;
                case 3:
                    length = random.Next(1, (int)Math.Min(blockSize * 3 / 2, 3 << 20));
                    offset = random.NextInt64(0, Math.Max(1, diskSize - length + 1));
                    break;
                default:
                    var within = random.Next(1, 511);
                    offset = (512 * random.NextInt64(0, diskSize / 512)) + within;
                    length = random.Next(1, 512 - within);
                    break;
            }

            if (offset < 0 || offset + length > diskSize || (allowed is not null && !allowed(offset, length)))
            {
                continue;
            }

            var data = new byte[length];
            random.NextBytes(data);
            writes.Add(new DiskWrite(offset, data));
        }

        Assert.True(writes.Count == count, $"only {writes.Count} of {count} writes could be placed");
        return writes;
    }

    /// <summary>
    /// Writes each one to the disk (alternating the span and array overloads) and to the model;
    /// after each, reads back around it through the same container: reads after writes see them.
    /// </summary>
    public static void Apply(Stream disk, byte[] model, IEnumerable<DiskWrite> writes)
    {
        var i = 0;
        foreach (var write in writes)
        {
            disk.Position = write.Offset;
            if (i++ % 2 == 0)
            {
                disk.Write(write.Data);
            }
            else
            {
                disk.Write(write.Data, 0, write.Data.Length);
            }

            Assert.Equal(write.End, disk.Position);
            write.Data.CopyTo(model, write.Offset);

            var from = Math.Max(0, write.Offset - 700);
            var to = Math.Min(model.Length, write.End + 700);
            var back = new byte[to - from];
            disk.Position = from;
            disk.ReadExactly(back);
            Assert.True(model.AsSpan((int)from, back.Length).SequenceEqual(back), $"reading back around write {i} ({write}) does not give the bytes written");
        }
    }

    /// <summary>The first offset where two disks differ, for messages (-1 when equal).</summary>
    public static long FirstDifference(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        if (expected.Length != actual.Length)
        {
            return Math.Min(expected.Length, actual.Length);
        }

        var at = expected.CommonPrefixLength(actual);
        return at == expected.Length ? -1 : at;
    }
}
