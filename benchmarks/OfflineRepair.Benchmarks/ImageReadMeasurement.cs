using System.Diagnostics;
using OfflineRepair.Repairs;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Inspection;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Targets.Images;

namespace OfflineRepair.Benchmarks;

/// <summary>
/// `image-read IMAGE`: what inspect and `fix --all --dry-run` read from a disk image, in wall time
/// and in bytes read from the image file (counted by a wrapping stream). A 127 GiB image must cost
/// what its metadata and hives cost, not its size. Used by scripts/bench-image.sh.
/// </summary>
internal static class ImageReadMeasurement
{
    public static int Run(string image)
    {
        foreach (var (name, work) in new (string, Action<ImageTarget>)[]
        {
            ("inspect", Inspect),
            ("fix --all --dry-run", DryRun),
        })
        {
            using var file = new CountingStream(new FileStream(image, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.RandomAccess));
            var clock = Stopwatch.StartNew();
            using (var target = ImageTarget.Open(file, image))
            {
                work(target);
            }

            Console.WriteLine($"{name,-22} {clock.Elapsed.TotalMilliseconds,8:F0} ms {file.BytesRead / 1048576.0,10:F2} MiB read in {file.Reads} reads (image {new FileInfo(image).Length / 1073741824.0:F1} GiB)");
        }

        return 0;
    }

    private static void Inspect(ImageTarget target)
    {
        using var hives = HiveSet.Open(target);
        Inspector.Inspect(hives.System, hives.Software, hives.Bcd, new RepairOptions());
    }

    private static void DryRun(ImageTarget target) =>
        FixRunner.Run(target, new FixRequest(RepairCatalog.AllSet, new RepairOptions(), DryRun: true, BackupDirectory: null, ForceDirty: false, "benchmark", TimeProvider.System));

    /// <summary>Counts what goes through an image file: bytes and calls, read and written.</summary>
    internal sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public long Reads { get; private set; }

        public long BytesWritten { get; private set; }

        public long Writes { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush() => inner.Flush();

        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            BytesWritten += buffer.Length;
            Writes++;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            BytesRead += read;
            Reads++;
            return read;
        }
    }
}
