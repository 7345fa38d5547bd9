using System.Security.Cryptography;

namespace OfflineRepair.Containers.Tests.Support;

internal static class DiskBytes
{
    /// <summary>SHA-256 of the whole stream, read in odd-sized pieces so block and sector edges fall mid-read.</summary>
    public static string Sha256(Stream stream)
    {
        stream.Position = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[100_003];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, n);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>
    /// A disk image with things worth getting right: a pattern naming each sector, random runs, and
    /// runs of zeros long enough that qemu leaves blocks unallocated.
    /// </summary>
    public static byte[] Patterned(int size, int seed)
    {
        var data = new byte[size];
        var random = new Random(seed);
        for (var sector = 0; sector < size / 512; sector++)
        {
            var span = data.AsSpan(sector * 512, 512);
            var mode = (sector / 700) % 4;
            if (mode == 1)
            {
                continue; // zero run
            }

            if (mode == 2)
            {
                random.NextBytes(span);
            }
            else
            {
                System.Text.Encoding.ASCII.GetBytes($"sector {sector:D8} seed {seed}").CopyTo(span);
                span[511] = (byte)sector;
            }
        }

        return data;
    }
}
