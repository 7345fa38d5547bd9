using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace OfflineRepair.Partitions.Tests;

/// <summary>
/// A window must behave exactly as a MemoryStream over the same slice of bytes: same read counts and
/// bytes, same positions, same exceptions, whatever the sequence of seeks and reads.
/// </summary>
public sealed class StreamWindowTests
{
    public abstract record Op;

    public sealed record SeekOp(long Offset, SeekOrigin Origin) : Op;

    public sealed record SetPosition(long Value) : Op;

    public sealed record ReadArray(int BufferSize, int Offset, int Count) : Op;

    public sealed record ReadSpan(int Count) : Op;

    public sealed record ReadOne : Op;

    public sealed record Case(byte[] Data, int WindowOffset, int WindowLength, Op[] Ops)
    {
        public override string ToString() =>
            $"data {Data.Length} bytes, window [{WindowOffset}, +{WindowLength}), ops: {string.Join(", ", Ops.Select(o => o.ToString()))}";
    }

    private static readonly Gen<Op> OpGen = Gen.Frequency(
        (3, from offset in Gen.Choose(-300, 300)
            from origin in Gen.Elements(SeekOrigin.Begin, SeekOrigin.Current, SeekOrigin.End)
            select (Op)new SeekOp(offset, origin)),
        (1, Gen.Choose(-5, 400).Select(v => (Op)new SetPosition(v))),
        (3, from size in Gen.Choose(0, 300)
            from offset in Gen.Choose(0, size)
            from count in Gen.Choose(0, size - offset)
            select (Op)new ReadArray(size, offset, count)),
        (2, Gen.Choose(0, 300).Select(c => (Op)new ReadSpan(c))),
        (1, Gen.Constant<Op>(new ReadOne())));

    private static readonly Gen<Case> CaseGen =
        from size in Gen.Choose(0, 400)
        from data in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), size)
        from offset in Gen.Choose(0, size)
        from length in Gen.Choose(0, size - offset)
        from count in Gen.Choose(1, 30)
        from ops in Gen.ArrayOf(OpGen, count)
        select new Case(data, offset, length, ops);

    [Fact]
    public void Behaves_like_a_MemoryStream_over_the_same_slice()
    {
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(2000)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(0x5EED, 0x9E3779B97F4A7C15), FSharpOption<int>.None)));
        Check.One(config, Prop.ForAll(Arb.From(CaseGen), (Action<Case>)RunCase));
    }

    private static void RunCase(Case c)
    {
        using var expected = new MemoryStream(c.Data, c.WindowOffset, c.WindowLength, writable: false);
        using var inner = new MemoryStream(c.Data, writable: false);
        using var actual = new StreamWindow(inner, c.WindowOffset, c.WindowLength);
        Assert.Equal(expected.Length, actual.Length);
        foreach (var op in c.Ops)
        {
            var e = Outcome(expected, op);
            var a = Outcome(actual, op);
            Assert.Equal(e, a);
            Assert.Equal(expected.Position, actual.Position);
        }
    }

    /// <summary>What an operation returned (count and bytes, or the new position), or the exception type it threw.</summary>
    private static string Outcome(Stream stream, Op op)
    {
        try
        {
            switch (op)
            {
                case SeekOp s:
                    return "seek " + stream.Seek(s.Offset, s.Origin);
                case SetPosition p:
                    stream.Position = p.Value;
                    return "position " + stream.Position;
                case ReadArray r:
                    {
                        var buffer = new byte[r.BufferSize];
                        var n = stream.Read(buffer, r.Offset, r.Count);
                        return $"read {n}: {Convert.ToHexString(buffer)}";
                    }

                case ReadSpan r:
                    {
                        var buffer = new byte[r.Count];
                        var n = stream.Read(buffer.AsSpan());
                        return $"read {n}: {Convert.ToHexString(buffer)}";
                    }

                case ReadOne:
                    return "byte " + stream.ReadByte();
                default:
                    throw new InvalidOperationException(op.ToString());
            }
        }
        catch (Exception ex) when (ex is IOException or ArgumentException)
        {
            return ex.GetType().Name;
        }
    }

    [Fact]
    public void Reads_stop_where_the_underlying_stream_ends_even_inside_the_window()
    {
        var data = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        using var window = new StreamWindow(new MemoryStream(data), 90, 50);
        Assert.Equal(50, window.Length);
        var buffer = new byte[50];
        Assert.Equal(10, window.Read(buffer));
        Assert.Equal(data[90..], buffer[..10]);
        Assert.Equal(0, window.Read(buffer));
    }

    [Fact]
    public void Is_read_only_over_a_read_only_stream_and_leaves_the_disk_open_by_default()
    {
        var inner = new MemoryStream(new byte[10]);
        var window = new StreamWindow(new MemoryStream(new byte[10], writable: false), 2, 5);
        Assert.False(window.CanWrite);
        Assert.Throws<NotSupportedException>(() => window.Write([1], 0, 1));
        window = new StreamWindow(inner, 2, 5);
        Assert.Throws<NotSupportedException>(() => window.SetLength(1));
        window.Dispose();
        Assert.True(inner.CanRead);
        Assert.Throws<ObjectDisposedException>(() => window.ReadByte());

        new StreamWindow(inner, 0, 1, leaveOpen: false).Dispose();
        Assert.False(inner.CanRead);
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        var inner = new MemoryStream(new byte[10]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamWindow(inner, -1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamWindow(inner, 0, -5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamWindow(inner, long.MaxValue, 5));
    }

    [Fact]
    public async Task Reads_asynchronously_too()
    {
        var data = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        await using var window = new StreamWindow(new MemoryStream(data), 10, 20);
        var buffer = new byte[30];
        Assert.Equal(20, await window.ReadAsync(buffer, TestContext.Current.CancellationToken));
        Assert.Equal(data[10..30], buffer[..20]);
    }

    [Fact]
    public void Writes_land_inside_the_window_and_never_cross_its_end()
    {
        var bytes = new byte[20];
        var inner = new MemoryStream(bytes);
        using var window = new StreamWindow(inner, 5, 10);
        Assert.True(window.CanWrite);
        window.Position = 8;
        window.Write([1, 2]);
        Assert.Equal(10, window.Position);
        Assert.Equal(new byte[] { 1, 2 }, bytes[13..15]);

        window.Position = 9;
        Assert.Throws<IOException>(() => window.Write([7, 7]));
        window.Position = 11;
        Assert.Throws<IOException>(() => window.Write([7]));
        Assert.Equal(2, bytes.Count(b => b != 0));
        window.Position = 9;
        window.WriteByte(9);
        Assert.Equal(9, bytes[14]);
    }
}
