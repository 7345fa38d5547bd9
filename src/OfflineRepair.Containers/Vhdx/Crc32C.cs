namespace OfflineRepair.Containers.Vhdx;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial and final value all ones), the
/// checksum of every VHDX header, region table and log entry. Table-driven: only metadata is
/// checksummed, never disk data, so speed beyond a table is not needed.
/// </summary>
internal static class Crc32C
{
    private const uint Polynomial = 0x82F63B78;
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    /// <summary>The CRC of data with the 4-byte checksum field at checksumOffset read as zero.</summary>
    public static uint ComputeWithFieldZeroed(ReadOnlySpan<byte> data, int checksumOffset)
    {
        var copy = data.ToArray();
        copy.AsSpan(checksumOffset, 4).Clear();
        return Compute(copy);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var value = i;
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ Polynomial : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}
