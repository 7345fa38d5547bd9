using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Targets.Support;

/// <summary>
/// Looks at a disk image only through tools that share no code with ours: qemu-img for the
/// container, sfdisk for the partition table, ntfs-3g's ntfsprogs for NTFS, dosfstools and mtools
/// for FAT. A partition is copied out of the raw disk into its own file, so each tool reads a volume.
/// </summary>
internal static class DiskOracle
{
    /// <summary>The virtual disk as a raw file: the image itself when it is raw, else qemu-img's conversion.</summary>
    public static string ToRaw(string image, string destination)
    {
        if (image.EndsWith(".img", StringComparison.Ordinal))
        {
            File.Copy(image, destination, overwrite: true);
            return destination;
        }

        var qemu = Tools.Require("qemu-img", "qemu-utils");
        var run = Tools.Run(qemu, ["convert", "-O", "raw", image, destination]);
        Assert.True(run.ExitCode == 0, $"qemu-img convert {image}: {run.StandardError}");
        return destination;
    }

    /// <summary><c>qemu-img check</c> for the formats it checks; raw files have nothing to check.</summary>
    public static void AssertContainerSound(string image)
    {
        if (image.EndsWith(".img", StringComparison.Ordinal))
        {
            return;
        }

        var qemu = Tools.Require("qemu-img", "qemu-utils");
        var info = Tools.Run(qemu, ["info", image]);
        Assert.True(info.ExitCode == 0, $"qemu-img info {image}: {info.StandardError}");
        var check = Tools.Run(qemu, ["check", image]);

        // vpc has no check in qemu-img (exit 63 "does not support checks"); vhdx does.
        Assert.True(check.ExitCode is 0 or 63, $"qemu-img check {image} exit {check.ExitCode}: {check.StandardOutput}{check.StandardError}");
    }

    public static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    /// <summary>The partitions as sfdisk lists them: byte offset and length.</summary>
    public static IReadOnlyList<(long Offset, long Length)> Partitions(string raw)
    {
        var sfdisk = Tools.Require("sfdisk", "fdisk");
        var run = Tools.Run(sfdisk, ["-J", raw]);
        if (run.ExitCode != 0)
        {
            // No partition table: the whole disk is one volume.
            return [(0, new FileInfo(raw).Length)];
        }

        using var json = JsonDocument.Parse(run.StandardOutput);
        var table = json.RootElement.GetProperty("partitiontable");
        long sector = table.TryGetProperty("sectorsize", out var size) ? size.GetInt64() : 512;
        return table.GetProperty("partitions").EnumerateArray()
            .Select(p => (p.GetProperty("start").GetInt64() * sector, p.GetProperty("size").GetInt64() * sector))
            .ToList();
    }

    /// <summary>Copies a partition out of the raw disk into a file of its own.</summary>
    public static string Extract(string raw, (long Offset, long Length) partition, string destination)
    {
        using var source = File.OpenRead(raw);
        using var target = File.Create(destination);
        source.Position = partition.Offset;
        var buffer = new byte[1 << 20];
        long left = partition.Length;
        while (left > 0)
        {
            int read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0)
            {
                break;
            }

            target.Write(buffer, 0, read);
            left -= read;
        }

        return destination;
    }

    /// <summary>What the boot sector's OEM id says ("NTFS", "FAT32") — a label read by eye, not a parse.</summary>
    public static string FileSystemOf(string partition)
    {
        var sector = new byte[512];
        using (var stream = File.OpenRead(partition))
        {
            stream.ReadAtLeast(sector, sector.Length, throwOnEndOfStream: false);
        }

        if (Encoding.ASCII.GetString(sector, 3, 8) == "NTFS    ")
        {
            return "NTFS";
        }

        return Encoding.ASCII.GetString(sector, 82, 8).StartsWith("FAT32", StringComparison.Ordinal) ? "FAT32" : "other";
    }

    /// <summary><c>ntfsfix -n</c>: exit 0 and no line that reports a problem.</summary>
    public static void AssertNtfsClean(string partition)
    {
        var ntfsfix = Tools.Require("ntfsfix", "ntfs-3g");
        var run = Tools.Run(ntfsfix, ["-n", partition]);
        var output = run.StandardOutput + run.StandardError;
        Assert.True(run.ExitCode == 0, $"ntfsfix -n exit {run.ExitCode}: {output}");
        Assert.DoesNotContain("FAILED", output, StringComparison.Ordinal);
        Assert.DoesNotContain("corrupt", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("does not match", output, StringComparison.Ordinal);
    }

    /// <summary>A file's bytes through <c>ntfscat</c>, or null when ntfscat cannot find it.</summary>
    public static byte[]? NtfsCat(string partition, string path)
    {
        var ntfscat = Tools.Require("ntfscat", "ntfs-3g");
        var output = partition + ".cat";
        var run = Tools.Run("/bin/sh", ["-c", "\"$0\" -f \"$1\" \"$2\" > \"$3\"", ntfscat, partition, path.Replace('\\', '/'), output]);
        var bytes = run.ExitCode == 0 ? File.ReadAllBytes(output) : null;
        File.Delete(output);
        return bytes;
    }

    /// <summary>The data size <c>ntfsinfo -F</c> reports for a file's unnamed $DATA.</summary>
    public static long NtfsDataSize(string partition, string path)
    {
        var ntfsinfo = Tools.Require("ntfsinfo", "ntfs-3g");
        var run = Tools.Run(ntfsinfo, ["-f", "-F", path.Replace('\\', '/'), partition]);
        Assert.True(run.ExitCode == 0, $"ntfsinfo -F {path}: {run.StandardError}");
        var lines = run.StandardOutput.Split('\n');
        int data = Array.FindIndex(lines, l => l.Contains("Dumping attribute $DATA", StringComparison.Ordinal));
        Assert.True(data >= 0, $"ntfsinfo shows no $DATA for {path}:\n{run.StandardOutput}");
        var size = lines.Skip(data).First(l => l.TrimStart().StartsWith("Data size:", StringComparison.Ordinal) || l.TrimStart().StartsWith("Attribute Data Size", StringComparison.Ordinal) || l.Contains("Data size", StringComparison.Ordinal));
        var digits = new string(size.Split(':')[1].Trim().TakeWhile(char.IsAsciiDigit).ToArray());
        return long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary><c>fsck.fat -n</c>: exit 0 (nothing to fix, free-cluster summary included).</summary>
    public static void AssertFatClean(string partition)
    {
        var fsck = Tools.Require("fsck.fat", "dosfstools");
        var run = Tools.Run(fsck, ["-n", "-v", partition]);
        Assert.True(run.ExitCode == 0, $"fsck.fat -n exit {run.ExitCode}: {run.StandardOutput}{run.StandardError}");
        Assert.DoesNotContain("Free cluster summary wrong", run.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>A file's bytes through mtools' <c>mcopy</c>.</summary>
    public static byte[] FatCat(string partition, string path)
    {
        var mcopy = Tools.Require("mcopy", "mtools");
        var output = partition + ".cat";
        var run = Tools.Run(mcopy, ["-n", "-i", partition, "::" + path.Replace('\\', '/'), output]);
        Assert.True(run.ExitCode == 0, $"mcopy {path}: {run.StandardError}");
        var bytes = File.ReadAllBytes(output);
        File.Delete(output);
        return bytes;
    }

    /// <summary>The byte ranges, in 512-byte sectors, where two raw disks of the same size differ.</summary>
    public static IReadOnlyList<(long Offset, long Length)> Differences(string before, string after)
    {
        var result = new List<(long, long)>();
        using var a = File.OpenRead(before);
        using var b = File.OpenRead(after);
        Assert.Equal(a.Length, b.Length);
        var left = new byte[1 << 20];
        var right = new byte[1 << 20];
        long offset = 0;
        while (true)
        {
            int read = a.ReadAtLeast(left, left.Length, throwOnEndOfStream: false);
            b.ReadExactly(right, 0, read);
            if (read == 0)
            {
                break;
            }

            for (int sector = 0; sector < read; sector += 512)
            {
                int length = Math.Min(512, read - sector);
                if (!left.AsSpan(sector, length).SequenceEqual(right.AsSpan(sector, length)))
                {
                    long at = offset + sector;
                    if (result.Count > 0 && result[^1].Item1 + result[^1].Item2 == at)
                    {
                        result[^1] = (result[^1].Item1, result[^1].Item2 + length);
                    }
                    else
                    {
                        result.Add((at, length));
                    }
                }
            }

            offset += read;
        }

        return result;
    }
}

/// <summary>
/// Where a change to some files may land on a volume, as the file-system tools describe it: the
/// bytes an honest writer of those files touches and nothing else.
/// </summary>
internal static class ExpectedChanges
{
    /// <summary>
    /// NTFS: each file's clusters and MFT record, its parent folder's record and index blocks, and
    /// $Bitmap's clusters (growth), all from <c>ntfsinfo</c>; with <paramref name="withSecure"/> also
    /// $Secure's record and clusters (new security descriptors and their indexes).
    /// </summary>
    public static IReadOnlyList<(long Offset, long Length)> OnNtfs(string partition, IEnumerable<string> files, bool withSecure = false)
    {
        var ntfsinfo = Tools.Require("ntfsinfo", "ntfs-3g");
        var volume = Tools.Run(ntfsinfo, ["-f", "-m", partition]).StandardOutput;
        long cluster = Number(volume, "Cluster Size:");
        long recordSize = Number(volume, "MFT Record Size:");
        var mftRuns = DataRuns(Tools.Run(ntfsinfo, ["-v", "-f", "-i", "0", partition]).StandardOutput);

        var ranges = new List<(long, long)>();
        void AddInode(string output)
        {
            foreach (var (lcn, length) in AllRuns(output))
            {
                ranges.Add((lcn * cluster, length * cluster));
            }

            long inode = Number(output, "Dumping Inode");
            long at = inode * recordSize;
            foreach (var (vcnStart, lcn, length) in mftRuns)
            {
                if (at >= vcnStart * cluster && at < (vcnStart + length) * cluster)
                {
                    ranges.Add((lcn * cluster + at - vcnStart * cluster, recordSize));
                }
            }
        }

        foreach (var file in files)
        {
            var path = file.Replace('\\', '/');
            AddInode(Run(ntfsinfo, ["-v", "-f", "-F", path, partition]));
            var parent = path.Contains('/') ? path[..path.LastIndexOf('/')] : "/";
            AddInode(Run(ntfsinfo, ["-v", "-f", "-F", parent, partition]));
        }

        AddInode(Run(ntfsinfo, ["-v", "-f", "-i", "6", partition]));
        if (withSecure)
        {
            AddInode(Run(ntfsinfo, ["-v", "-f", "-i", "9", partition]));
        }

        return ranges;
    }

    /// <summary>FAT32: the reserved area (boot sector, FSInfo), every FAT, the file's clusters and its folder's clusters, from fsck.fat and mshowfat.</summary>
    public static IReadOnlyList<(long Offset, long Length)> OnFat(string partition, string file)
    {
        var fsck = Tools.Require("fsck.fat", "dosfstools");
        var info = Tools.Run(fsck, ["-n", "-v", partition]).StandardOutput;
        long clusterSize = Number(info, "bytes per cluster", before: true);
        long dataStart = Number(info, "Data area starts at byte");
        var path = "::/" + file.Replace('\\', '/').TrimStart('/');
        var folder = path[..path.LastIndexOf('/')];
        var mshowfat = Tools.Require("mshowfat", "mtools");
        var ranges = new List<(long, long)> { (0, dataStart) };
        foreach (var target in new[] { path, folder })
        {
            var chains = Tools.Run(mshowfat, ["-i", partition, target]).StandardOutput;
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(chains, @"<(\d+)(?:-(\d+))?>"))
            {
                long first = long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                long last = m.Groups[2].Success ? long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : first;
                ranges.Add((dataStart + (first - 2) * clusterSize, (last - first + 1) * clusterSize));
            }
        }

        return ranges;
    }

    public static bool Covers(IReadOnlyList<(long Offset, long Length)> allowed, long offset, long length) =>
        allowed.Any(a => offset >= a.Offset && offset + length <= a.Offset + a.Length)
        || Enumerable.Range(0, (int)(length / 512)).All(i => allowed.Any(a => offset + i * 512L >= a.Offset && offset + (i + 1) * 512L <= a.Offset + a.Length));

    private static string Run(string tool, string[] arguments)
    {
        var run = Tools.Run(tool, arguments);
        Assert.True(run.ExitCode == 0, $"{Path.GetFileName(tool)} {string.Join(' ', arguments)}: {run.StandardError}");
        return run.StandardOutput;
    }

    private static long Number(string text, string label, bool before = false)
    {
        var line = text.Split('\n').First(l => l.Contains(label, StringComparison.Ordinal));
        var part = before ? line[..line.IndexOf(label, StringComparison.Ordinal)] : line[(line.IndexOf(label, StringComparison.Ordinal) + label.Length)..];
        var digits = new string(part.Trim().TakeWhile(char.IsAsciiDigit).ToArray());
        return long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every run of every non-resident attribute ntfsinfo -v lists (sparse runs left out).</summary>
    private static IEnumerable<(long Lcn, long Length)> AllRuns(string output) =>
        Runs(output, onlyData: false).Select(r => (r.Lcn, r.Length));

    private static IReadOnlyList<(long Vcn, long Lcn, long Length)> DataRuns(string output) => Runs(output, onlyData: true);

    private static IReadOnlyList<(long Vcn, long Lcn, long Length)> Runs(string output, bool onlyData)
    {
        var runs = new List<(long, long, long)>();
        bool inData = false;
        bool inRuns = false;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("Dumping attribute", StringComparison.Ordinal))
            {
                inData = line.Contains("$DATA", StringComparison.Ordinal);
                inRuns = false;
                continue;
            }

            if (line.Contains("Runlist:", StringComparison.Ordinal))
            {
                inRuns = !onlyData || inData;
                continue;
            }

            var fields = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (inRuns && fields.Length == 3 && fields.All(f => f.StartsWith("0x", StringComparison.Ordinal)))
            {
                runs.Add((Hex(fields[0]), Hex(fields[1]), Hex(fields[2])));
            }
            else if (inRuns && fields.Length == 3 && fields[1].StartsWith("<", StringComparison.Ordinal))
            {
                // A hole (<HOLE>): nothing on disk.
            }
            else
            {
                inRuns = false;
            }
        }

        return runs;
    }

    private static long Hex(string text) => Convert.ToInt64(text[2..], 16);
}
