using FsCheck;
using FsCheck.Fluent;

namespace OfflineRepair.Ntfs.Tests;

public sealed class RunlistTests
{
    [Fact]
    public void Decodes_the_mft_example_from_the_research()
    {
        byte[] pairs = [0x21, 0x04, 0xFA, 0x00, 0x21, 0x3C, 0x85, 0x01, 0x00];
        var runs = Runlist.Decode(pairs, 0, 100_000, "test");
        Assert.Equal([new DataRun(0, 0xFA, 4), new DataRun(4, 0xFA + 0x185, 0x3C)], runs);
    }

    [Fact]
    public void Negative_deltas_and_sparse_runs()
    {
        // 16 clusters at 1000, a 32-cluster hole, 8 clusters at 1000-24 = 976.
        byte[] pairs = [0x21, 0x10, 0xE8, 0x03, 0x01, 0x20, 0x11, 0x08, 0xE8, 0x00];
        var runs = Runlist.Decode(pairs, 5, 100_000, "test");
        Assert.Equal([new DataRun(5, 1000, 16), new DataRun(21, DataRun.Hole, 32), new DataRun(53, 976, 8)], runs);
    }

    [Theory]
    [InlineData(new byte[] { 0x11, 0x10, 0x7F })] // no terminator
    [InlineData(new byte[] { 0x10, 0x05, 0x00 })] // zero length bytes
    [InlineData(new byte[] { 0x11, 0x00, 0x05, 0x00 })] // zero length
    [InlineData(new byte[] { 0x31, 0x10, 0xFF, 0xFF, 0x0F, 0x00 })] // runs past the volume
    [InlineData(new byte[] { 0x11, 0x10, 0xF0, 0x00 })] // negative LCN
    [InlineData(new byte[] { 0x91, 0x10, 0x00 })] // 9 offset bytes
    [InlineData(new byte[] { 0x21, 0x10 })] // truncated
    public void Bad_runlists_are_refused(byte[] pairs)
    {
        var e = Assert.Throws<NtfsFormatException>(() => Runlist.Decode(pairs, 0, 1000, "test"));
        Assert.Equal("runlist", e.Structure);
    }

    [Fact]
    public void Runs_outside_the_volume_say_so()
    {
        byte[] pairs = [0x21, 0x10, 0xE8, 0x03, 0x00];
        var e = Assert.Throws<NtfsFormatException>(() => Runlist.Decode(pairs, 0, 1010, "record 7"));
        Assert.Contains("outside the volume", e.Message, StringComparison.Ordinal);
        Assert.Contains("record 7", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Encodes runs independently (minimal signed widths) and checks the decoder gives them back.</summary>
    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Decoding_inverts_an_independent_encoder(PositiveInt[] lengths, int[] deltas, bool[] holes)
    {
        var (runs, bytes) = Independent(lengths, deltas, holes);
        var decoded = Runlist.Decode(bytes, 0, long.MaxValue / 2, "property");
        return decoded.SequenceEqual(runs).ToProperty();
    }

    /// <summary>The writer's encoder gives the same minimal bytes as the independent one.</summary>
    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Encoding_matches_an_independent_encoder(PositiveInt[] lengths, int[] deltas, bool[] holes)
    {
        var (runs, bytes) = Independent(lengths, deltas, holes);
        return Runlist.Encode(runs).AsSpan().SequenceEqual(bytes).ToProperty();
    }

    [Fact]
    public void Encodes_the_mft_example_and_sign_boundaries()
    {
        Assert.Equal([0x21, 0x04, 0xFA, 0x00, 0x21, 0x3C, 0x85, 0x01, 0x00], Runlist.Encode([new DataRun(0, 0xFA, 4), new DataRun(4, 0xFA + 0x185, 0x3C)]));

        // A length or delta of 0x80 needs a second byte so that it does not read back negative; -0x80 does not.
        Assert.Equal([0x22, 0x80, 0x00, 0x80, 0x00, 0x00], Runlist.Encode([new DataRun(0, 0x80, 0x80)]));
        Assert.Equal([0x21, 0x01, 0x00, 0x01, 0x11, 0x01, 0x80, 0x00], Runlist.Encode([new DataRun(0, 0x100, 1), new DataRun(1, 0x100 - 0x80, 1)]));
        Assert.Equal([0x00], Runlist.Encode([]));
        Assert.Throws<ArgumentException>(() => Runlist.Encode([new DataRun(0, 5, 1), new DataRun(2, 9, 1)]));
    }

    private static (List<DataRun> Runs, byte[] Bytes) Independent(PositiveInt[] lengths, int[] deltas, bool[] holes)
    {
        var runs = new List<DataRun>();
        var bytes = new List<byte>();
        long vcn = 0, lcn = 0;
        for (var i = 0; i < Math.Min(lengths.Length, 40); i++)
        {
            long length = lengths[i].Get;
            var hole = i < holes.Length && holes[i];
            var delta = i < deltas.Length ? deltas[i] % 100_000 : 7;
            if (!hole && lcn + delta < 0)
            {
                delta = -delta;
            }

            var lengthBytes = Minimal(length);
            var deltaBytes = hole ? [] : Minimal(delta);
            bytes.Add((byte)((deltaBytes.Length << 4) | lengthBytes.Length));
            bytes.AddRange(lengthBytes);
            bytes.AddRange(deltaBytes);
            if (hole)
            {
                runs.Add(new DataRun(vcn, DataRun.Hole, length));
            }
            else
            {
                lcn += delta;
                runs.Add(new DataRun(vcn, lcn, length));
            }

            vcn += length;
        }

        bytes.Add(0);
        return (runs, [.. bytes]);
    }

    private static byte[] Minimal(long value)
    {
        for (var n = 1; n <= 8; n++)
        {
            var shift = 64 - (8 * n);
            if (n == 8 || (value << shift) >> shift == value)
            {
                return [.. BitConverter.GetBytes(value).Take(n)];
            }
        }

        throw new InvalidOperationException();
    }
}
