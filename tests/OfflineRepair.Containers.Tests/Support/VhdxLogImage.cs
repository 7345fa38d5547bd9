using System.Buffers.Binary;
using OfflineRepair.Containers.Vhdx;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Containers.Tests.Support;

/// <summary>
/// A VHDX whose log must be replayed, made from a real qemu log: qemu-io allocates blocks through
/// the log (BAT page updates), applies it and clears LogGuid on close, leaving the entries in the
/// log. Putting their LogGuid back in the headers and wiping the BAT page they wrote makes an image
/// that is only right once the log is replayed.
/// </summary>
internal static class VhdxLogImage
{
    /// <returns>The image, the SHA-256 of its disk as qemu-img reads it before the wipe, and where in the log the entry to replay starts.</returns>
    public static (string Image, string ExpectedSha256, long NewestEntryOffset) Make(TemporaryDirectory dir, string name)
    {
        var image = dir.File(name);
        Qemu.Run("create", "-f", "vhdx", "-o", "block_size=1M", image, "8M");
        var qemuIo = Tools.Require("qemu-io", "qemu-utils");
        var result = Tools.Run(qemuIo, ["-f", "vhdx", "-c", "write -P 0xAB 1M 64k", "-c", "write -P 0x11 5M 8k", image]);
        Assert.Equal(0, result.ExitCode);
        var expected = Qemu.RawSha256(image, "vhdx", dir.Path);

        var bytes = File.ReadAllBytes(image);
        var logOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((64 << 10) + 72));
        Assert.True(bytes.AsSpan((int)logOffset, 4).SequenceEqual("loge"u8), "qemu left no log entry at the start of the log");

        // qemu gives every flush its own LogGuid; the headers name the newest one while it is pending.
        var newest = (int)logOffset;
        for (var at = (int)logOffset; at < logOffset + (1 << 20); at += 4096)
        {
            if (bytes.AsSpan(at, 4).SequenceEqual("loge"u8)
                && BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at + 16)) > BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(newest + 16)))
            {
                newest = at;
            }
        }

        var logGuid = bytes.AsSpan(newest + 32, 16).ToArray();
        var descriptor = newest + 64;
        Assert.True(bytes.AsSpan(descriptor, 4).SequenceEqual("desc"u8));
        var pageOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(descriptor + 16));
        bytes.AsSpan(pageOffset, 4096).Clear();
        foreach (var header in new[] { 64 << 10, 128 << 10 })
        {
            logGuid.CopyTo(bytes, header + 48);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(header + 4), 0);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(header + 4), Crc32C.Compute(bytes.AsSpan(header, 4096)));
        }

        File.WriteAllBytes(image, bytes);
        return (image, expected, newest - logOffset);
    }
}
