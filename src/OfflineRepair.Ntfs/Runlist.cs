namespace OfflineRepair.Ntfs;

/// <summary>
/// The mapping pairs ("data runs") codec. Each run starts with a header byte: the low nibble is the byte
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

    /// <summary>
    /// Encodes runs as mapping pairs, terminating zero included. Each number takes the fewest bytes that still
    /// read back with the right sign (a length of 0x80 needs two bytes, <c>80 00</c>), as Windows writes them;
    /// a hole is written with no LCN bytes and does not move the LCN the next delta is relative to.
    /// </summary>
    public static byte[] Encode(IReadOnlyList<DataRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var output = new List<byte>((runs.Count * 4) + 1);
        Span<byte> scratch = stackalloc byte[8];
        long lcn = 0;
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            if (run.Length <= 0)
            {
                throw new ArgumentException($"run {i} has length {run.Length}", nameof(runs));
            }

            if (i > 0 && run.Vcn != runs[i - 1].Vcn + runs[i - 1].Length)
            {
                throw new ArgumentException($"run {i} starts at VCN {run.Vcn}, not where run {i - 1} ends", nameof(runs));
            }

            var lengthBytes = SignedByteCount(run.Length);
            var offsetBytes = run.IsSparse ? 0 : SignedByteCount(run.Lcn - lcn);
            output.Add((byte)((offsetBytes << 4) | lengthBytes));
            WriteLittleEndian(run.Length, scratch);
            output.AddRange(scratch[..lengthBytes]);
            if (!run.IsSparse)
            {
                WriteLittleEndian(run.Lcn - lcn, scratch);
                output.AddRange(scratch[..offsetBytes]);
                lcn = run.Lcn;
            }
        }

        output.Add(0);
        return [.. output];
    }

    /// <summary>The fewest bytes (1..8) whose sign-extension gives back <paramref name="value"/>.</summary>
    private static int SignedByteCount(long value)
    {
        for (var bytes = 1; bytes < 8; bytes++)
        {
            var bits = 8 * bytes;
            var min = -(1L << (bits - 1));
            var max = (1L << (bits - 1)) - 1;
            if (value >= min && value <= max)
            {
                return bytes;
            }
        }

        return 8;
    }

    private static void WriteLittleEndian(long value, Span<byte> destination)
    {
        for (var i = 0; i < 8; i++)
        {
            destination[i] = (byte)(value >> (8 * i));
        }
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
