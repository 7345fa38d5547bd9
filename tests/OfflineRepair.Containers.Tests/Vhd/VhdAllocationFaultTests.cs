using OfflineRepair.Containers.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Containers.Tests.Vhd;

/// <summary>
/// A dynamic VHD whose file fails part-way through block allocations: for every point of failure
/// the file must still be a sound VHD (at worst, space at the end that no BAT entry points at),
/// qemu-img and our reader must open it, and each sector must hold either what it held before the
/// interrupted write or what that write put there.
/// </summary>
public sealed class VhdAllocationFaultTests
{
    private const int Size = 8 << 20;
    private const int BlockSize = 2 << 20;

    [Fact]
    public void An_interrupted_allocation_leaves_a_sound_file_at_every_point()
    {
        _ = Qemu.Img;
        using var dir = new TemporaryDirectory();
        var raw = dir.File("source.raw");
        File.WriteAllBytes(raw, ContainerWriteTests.DataAndHoles(Size, BlockSize, seed: 5, 0));
        var original = dir.File("original.vhd");
        Qemu.Run("convert", "-f", "raw", "-O", "vpc", "-o", "subformat=dynamic,force_size=on", raw, original);
        var initial = Qemu.RawBytes(original, "vpc", dir.Path);
        Assert.Single(Qemu.DataExtents(original, "vpc"));

        // In place into block 0; a new block 2; across 1|2 (a new block 1, then block 2 in place);
        // a new block 3 at the end of the disk.
        var random = new Random(3);
        DiskWrite Write(long offset, int length)
        {
            var data = new byte[length];
            random.NextBytes(data);
            return new DiskWrite(offset, data);
        }

        var writes = new[]
        {
            Write(1000, 300),
            Write((2L * BlockSize) + 777, 1500),
            Write((2L * BlockSize) - 5000, 9000),
            Write(Size - 700, 650),
        };

        // states[i] is the disk after the first i writes.
        var states = new List<byte[]> { initial };
        foreach (var write in writes)
        {
            var next = (byte[])states[^1].Clone();
            write.Data.CopyTo(next, write.Offset);
            states.Add(next);
        }

        var image = dir.File("faulty.vhd");
        for (var allowed = 0; ; allowed++)
        {
            Assert.True(allowed < 200, "the write sequence never completes");
            File.Copy(original, image, overwrite: true);
            var completed = 0;
            bool failed;
            using (var faulty = new FaultyStream(new FileStream(image, FileMode.Open, FileAccess.ReadWrite), allowed))
            using (var disk = ContainerOpener.Open(faulty, image, writable: true))
            {
                try
                {
                    foreach (var write in writes)
                    {
                        disk.Position = write.Offset;
                        disk.Write(write.Data);
                        completed++;
                    }

                    disk.Flush();
                }
                catch (IOException) when (faulty.Faulted)
                {
                    // The container refuses any further write once one has failed half-way.
                    Assert.Throws<IOException>(() => disk.Write(new byte[1]));
                }

                failed = faulty.Faulted;
            }

            var vhd = VhdFile.Read(image);
            vhd.AssertSound();
            Assert.True(File.ReadAllBytes(original).AsSpan(0, 512).SequenceEqual(vhd.Bytes.AsSpan(0, 512)), "the footer copy at offset 0 changed");
            var check = Qemu.Check(image, "vpc");
            Assert.True(check.ExitCode is 0 or 3 or 63, $"after {allowed} writes: qemu-img check exit {check.ExitCode}: {check.StandardOutput}{check.StandardError}");

            var before = states[completed];
            var after = states[Math.Min(completed + 1, writes.Length)];
            AssertEachSectorIsBeforeOrAfter(Qemu.RawBytes(image, "vpc", dir.Path), before, after, $"qemu-img, after {allowed} writes");
            using (var reader = ContainerOpener.Open(image))
            {
                var ours = new byte[reader.VirtualSize];
                reader.ReadExactly(ours);
                AssertEachSectorIsBeforeOrAfter(ours, before, after, $"our reader, after {allowed} writes");
            }

            if (!failed)
            {
                Assert.Equal(writes.Length, completed);
                Assert.True(states[^1].AsSpan().SequenceEqual(Qemu.RawBytes(image, "vpc", dir.Path)));
                Assert.True(allowed > 10, $"the sequence took only {allowed} file writes; the faults did not reach the allocations");
                break;
            }
        }
    }

    private static void AssertEachSectorIsBeforeOrAfter(byte[] disk, byte[] before, byte[] after, string who)
    {
        Assert.Equal(before.Length, disk.Length);
        for (var at = 0; at < disk.Length; at += 512)
        {
            var sector = disk.AsSpan(at, 512);
            Assert.True(sector.SequenceEqual(before.AsSpan(at, 512)) || sector.SequenceEqual(after.AsSpan(at, 512)), $"{who}: sector {at / 512} holds neither the old nor the new bytes");
        }
    }
}
