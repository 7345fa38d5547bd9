using System.Globalization;
using System.Text.Json;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Partitions.Tests;

/// <summary>One partition as sfdisk -J reports it.</summary>
internal sealed record SfdiskPartition(int Index, long Start, long Size, string Type, bool Bootable, string? Uuid, string? Name);

/// <summary>Makes sparse disk images with sfdisk and sgdisk and reads them back through those tools' own output.</summary>
internal static class OracleDisks
{
    public static string Sparse(TemporaryDirectory dir, string name, long bytes)
    {
        var path = dir.File(name);
        using (var file = File.Create(path))
        {
            file.SetLength(bytes); // sparse where the file system allows, like truncate -s
        }

        return path;
    }

    public static void Sfdisk(string image, string script)
    {
        var sfdisk = Tools.Require("sfdisk", "fdisk");
        var result = Tools.Run(sfdisk, ["--no-reread", "--no-tell-kernel", "-q", image], standardInput: script);
        Assert.True(result.ExitCode == 0, $"sfdisk failed: {result.StandardError}");
    }

    public static void Sgdisk(string image, params string[] arguments)
    {
        var sgdisk = Tools.Require("sgdisk", "gdisk");
        var result = Tools.Run(sgdisk, [.. arguments, image]);
        Assert.True(result.ExitCode == 0, $"sgdisk failed: {result.StandardOutput} {result.StandardError}");
    }

    public static (string Label, string Id, List<SfdiskPartition> Partitions) SfdiskJson(string image)
    {
        var sfdisk = Tools.Require("sfdisk", "fdisk");
        var result = Tools.Run(sfdisk, ["-J", image]);
        Assert.True(result.ExitCode == 0, $"sfdisk -J failed: {result.StandardError}");
        using var json = JsonDocument.Parse(result.StandardOutput);
        var table = json.RootElement.GetProperty("partitiontable");
        var partitions = new List<SfdiskPartition>();
        foreach (var p in table.GetProperty("partitions").EnumerateArray())
        {
            var node = p.GetProperty("node").GetString()!;
            partitions.Add(new SfdiskPartition(
                int.Parse(node[image.Length..], CultureInfo.InvariantCulture),
                p.GetProperty("start").GetInt64(),
                p.GetProperty("size").GetInt64(),
                p.GetProperty("type").GetString()!,
                p.TryGetProperty("bootable", out var boot) && boot.GetBoolean(),
                p.TryGetProperty("uuid", out var uuid) ? uuid.GetString() : null,
                p.TryGetProperty("name", out var name) ? name.GetString() : null));
        }

        return (table.GetProperty("label").GetString()!, table.GetProperty("id").GetString()!, partitions);
    }

    /// <summary>The fields of <c>sgdisk -i N</c>: "Partition GUID code", "Partition unique GUID", "First sector", ...</summary>
    public static Dictionary<string, string> SgdiskInfo(string image, int index)
    {
        var sgdisk = Tools.Require("sgdisk", "gdisk");
        var result = Tools.Run(sgdisk, ["-i", index.ToString(CultureInfo.InvariantCulture), image]);
        Assert.True(result.ExitCode == 0, $"sgdisk -i failed: {result.StandardError}");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return fields;
    }

    public static string SgdiskDiskGuid(string image)
    {
        var sgdisk = Tools.Require("sgdisk", "gdisk");
        var result = Tools.Run(sgdisk, ["-p", image]);
        var line = result.StandardOutput.Split('\n').Single(l => l.StartsWith("Disk identifier (GUID):", StringComparison.Ordinal));
        return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    /// <summary>Asserts that our table says what sfdisk -J says, partition by partition.</summary>
    public static void AssertMatchesSfdisk(PartitionTable table, string image)
    {
        var (label, id, expected) = SfdiskJson(image);
        Assert.Equal(label == "gpt" ? PartitionStyle.Gpt : PartitionStyle.Mbr, table.Style);
        if (label == "gpt")
        {
            Assert.Equal(Guid.Parse(id), table.DiskGuid);
        }
        else
        {
            Assert.Equal(Convert.ToUInt32(id, 16), table.DiskSignature);
        }

        Assert.Equal(expected.Select(p => p.Index), table.Partitions.Select(p => p.Index));
        foreach (var (e, a) in expected.Zip(table.Partitions))
        {
            Assert.Equal(e.Start * 512, a.Offset);
            Assert.Equal(e.Size * 512, a.Length);
            if (label == "gpt")
            {
                Assert.Equal(Guid.Parse(e.Type), a.TypeGuid);
                Assert.Equal(Guid.Parse(e.Uuid!), a.PartitionGuid);
                Assert.Equal(e.Name ?? "", a.Name);
            }
            else
            {
                Assert.Equal(Convert.ToByte(e.Type, 16), a.MbrType);
                Assert.Equal(e.Bootable, a.IsActive);
                Assert.Equal(e.Index > 4, a.IsLogical);
            }
        }
    }
}
