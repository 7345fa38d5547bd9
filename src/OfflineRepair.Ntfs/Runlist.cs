namespace OfflineRepair.Ntfs;

/// <summary>
/// The mapping pairs ("data runs") decoder. Each run starts with a header byte: the low nibble is the byte
/// count of the run length, the high nibble the byte count of the LCN delta; both little-endian, the delta
/// signed and relative to the previous run's LCN. A zero high nibble is a sparse run; a zero header ends the
/// list.
/// </summary>
public static class Runlist
{
    /// <summary>Decodes mapping pairs starting at <paramref name="firstVcn"/>; every real run must lie inside
    /// <paramref name="totalClusters"/>. <paramref name="where"/> names the attribute for error messages.</summary>
    public static IReadOnlyList<DataRun> Decode(ReadOnlySpan<byte> pairs, long firstVcn, long totalClusters, string where)
    {
        var runs = new List<DataRun>();
        var vcn = firstVcn;
        long lcn = 0;
        var position = 0;
        while (true)
        {
            if (position >= pairs.Length)
            {
                throw Error(where, position, "runlist has no terminating zero byte");
            }

            var header = pairs[position];
            if (header == 0)
            {
                break;
            }

            var lengthBytes = header & 0x0F;
            var offsetBytes = header >> 4;
            if (lengthBytes == 0 || lengthBytes > 8 || offsetBytes > 8)
            {
                throw Error(where, position, $"run header 0x{header:X2} is not valid");
            }

            if (position + 1 + lengthBytes + offsetBytes > pairs.Length)
            {
                throw Error(where, position, "run extends past the end of the attribute");
            }

            var length = ReadSigned(pairs.Slice(position + 1, lengthBytes));
            if (length <= 0)
            {
                throw Error(where, position, $"run length {length} is not positive");
            }

            if (vcn > long.MaxValue - length)
            {
                throw Error(where, position, "run VCNs overflow");
            }

            if (offsetBytes == 0)
            {
                runs.Add(new DataRun(vcn, DataRun.Hole, length));
            }
            else
            {
                var delta = ReadSigned(pairs.Slice(position + 1 + lengthBytes, offsetBytes));
                lcn += delta;
                if (lcn < 0 || lcn >= totalClusters || length > totalClusters - lcn)
                {
                    throw Error(where, position, $"run of {length} clusters at LCN {lcn} lies outside the volume ({totalClusters} clusters)");
                }

                runs.Add(new DataRun(vcn, lcn, length));
            }

            vcn += length;
            position += 1 + lengthBytes + offsetBytes;
        }

        return runs;
    }

    private static long ReadSigned(ReadOnlySpan<byte> bytes)
    {
        long value = 0;
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        // Sign-extend from the top bit of the last byte.
        var unused = 64 - (8 * bytes.Length);
        return unused == 0 ? value : (value << unused) >> unused;
    }

    private static NtfsFormatException Error(string where, int position, string problem) =>
        new("runlist", $"{where}, mapping pairs byte {position}", problem);
}
