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
