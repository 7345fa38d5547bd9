using System.Text;

namespace OfflineRepair.Partitions.Tests;

public sealed class Crc32Tests
{
    [Fact]
    public void Check_value_of_123456789_is_the_IEEE_one() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void Empty_input_gives_zero() => Assert.Equal(0u, Crc32.Compute([]));

    [Fact]
    public void Appending_in_pieces_equals_computing_at_once()
    {
        var data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        var running = Crc32.Append(Crc32.Start, data.AsSpan(0, 333));
        running = Crc32.Append(running, data.AsSpan(333));
        Assert.Equal(Crc32.Compute(data), Crc32.Finish(running));
    }

    [Fact]
    public void Matches_the_gzip_trailer_written_by_the_framework()
    {
        // GZipStream writes the CRC-32 of the uncompressed data in its trailer: an independent implementation.
        var data = Enumerable.Range(0, 5000).Select(i => (byte)(i * 31 + (i >> 3))).ToArray();
        using var packed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        var bytes = packed.ToArray();
        var trailerCrc = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
        Assert.Equal(trailerCrc, Crc32.Compute(data));
    }
}
