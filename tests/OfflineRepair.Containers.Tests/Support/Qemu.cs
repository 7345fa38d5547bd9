using System.Security.Cryptography;
using System.Text.Json;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Containers.Tests.Support;

/// <summary>qemu-img as the independent oracle: it makes images and says what their disk holds.</summary>
internal static class Qemu
{
    public static string Img => Tools.Require("qemu-img", "qemu-utils");

    public static void Run(params string[] arguments)
    {
        var result = Tools.Run(Img, arguments, timeoutSeconds: 120);
        Assert.True(result.ExitCode == 0, $"qemu-img {string.Join(' ', arguments)} failed: {result.StandardError}");
    }

    /// <summary>The virtual size qemu-img reports; format is "vpc" or "vhdx" (never probed: a fixed VHD probes as raw).</summary>
    public static long VirtualSize(string path, string format)
    {
        var result = Tools.Run(Img, ["info", "--output=json", "-f", format, path], timeoutSeconds: 60);
        Assert.True(result.ExitCode == 0, result.StandardError);
        using var json = JsonDocument.Parse(result.StandardOutput);
        return json.RootElement.GetProperty("virtual-size").GetInt64();
    }

    /// <summary>The disk as qemu-img reads it (its raw conversion), for images small enough to hold in memory.</summary>
    public static byte[] RawBytes(string path, string format, string scratchDirectory)
    {
        var raw = Path.Combine(scratchDirectory, Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".raw");
        Run("convert", "-f", format, "-O", "raw", path, raw);
        try
        {
            return File.ReadAllBytes(raw);
        }
        finally
        {
            File.Delete(raw);
        }
    }

    /// <summary>`qemu-img check`: exit 0 clean, 2 corrupt, 3 leaked clusters only, 63 format without checks (vpc).</summary>
    public static ToolResult Check(string path, string format) =>
        Tools.Run(Img, ["check", "-f", format, path], timeoutSeconds: 60);

    /// <summary>The disk ranges qemu-img map reports as holding data in the file (allocated blocks).</summary>
    public static List<(long Start, long Length)> DataExtents(string path, string format)
    {
        var result = Tools.Run(Img, ["map", "--output=json", "-f", format, path], timeoutSeconds: 60);
        Assert.True(result.ExitCode == 0, result.StandardError);
        using var json = JsonDocument.Parse(result.StandardOutput);
        return json.RootElement.EnumerateArray()
            .Where(e => e.GetProperty("data").GetBoolean())
            .Select(e => (e.GetProperty("start").GetInt64(), e.GetProperty("length").GetInt64()))
            .ToList();
    }

    /// <summary>SHA-256 of qemu-img's raw conversion of the image.</summary>
    public static string RawSha256(string path, string format, string scratchDirectory)
    {
        var raw = Path.Combine(scratchDirectory, Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".raw");
        Run("convert", "-f", format, "-O", "raw", path, raw);
        try
        {
            using var stream = File.OpenRead(raw);
            return Convert.ToHexString(SHA256.HashData(stream));
        }
        finally
        {
            File.Delete(raw);
        }
    }
}
