using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests.Support;

/// <summary>
/// What ntfs-3g's tools (and plain byte reading of the image, from the boot sector's numbers) say about a volume
/// after our writer changed it. Nothing here uses our NTFS reader.
/// </summary>
internal static partial class WriteOracle
{
    public sealed record Run(long Vcn, long Lcn, long Length);

    public sealed record Sizes(long DataSize, long AllocatedSize, long InitializedSize, bool Resident);

    public sealed record IndexCopy(long AllocatedSize, long DataSize, string AlteredTime, string MftChangedTime, string AccessedTime, string Attributes);

    public sealed record Geometry(long ClusterSize, long TotalClusters, long MftLcn, long MirrorLcn, int RecordSize)
    {
        /// <summary>Records $MFTMirr holds (four, or a cluster's worth when a cluster holds more).</summary>
        public int MirroredRecords => ClusterSize <= 4 * RecordSize ? 4 : (int)(ClusterSize / RecordSize);
    }

    /// <summary><c>ntfsfix -n</c>: exit status 0, "processed successfully", and no complaint in its output.</summary>
    public static void AssertSound(string image)
    {
        var ntfsfix = Tools.Require("ntfsfix", "ntfs-3g");
        var result = Tools.Run(ntfsfix, ["-n", image]);
        var output = result.StandardOutput + result.StandardError;
        Assert.True(result.ExitCode == 0, $"ntfsfix -n exited {result.ExitCode}:\n{output}");
        Assert.Contains("processed successfully", output, StringComparison.Ordinal);
        foreach (var complaint in new[] { "FAILED", "corrupt", "does not match", "mismatch", "Error", "error" })
        {
            Assert.DoesNotContain(complaint, output, StringComparison.Ordinal);
        }
    }

    /// <summary><c>ntfsinfo -v -F path</c>: the inode dump, attribute by attribute.</summary>
    public static string Info(string image, string path)
    {
        var ntfsinfo = Tools.Require("ntfsinfo", "ntfs-3g");
        var result = Tools.Run(ntfsinfo, ["-v", "-F", path, image]);
        Assert.True(result.ExitCode == 0, $"ntfsinfo -F {path}: {result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>Sections of an ntfsinfo dump for one attribute type, e.g. "$DATA" or "$INDEX_ALLOCATION".</summary>
    public static List<string> Sections(string info, string attribute)
    {
        var parts = info.Split("Dumping attribute ");
        return [.. parts.Where(p => p.StartsWith(attribute + " ", StringComparison.Ordinal))];
    }

    public static Sizes DataSizes(string image, string path, string stream = "")
    {
        var section = DataSection(Info(image, path), stream);
        var resident = Field(section, "Resident") == "Yes";
        var data = Number(section, "Data size");
        return resident
            ? new Sizes(data, data, data, true)
            : new Sizes(data, Number(section, "Allocated size"), Number(section, "Initialized size"), false);
    }

    /// <summary>The $DATA section of the unnamed stream, or of the named one: its first extent, which holds the sizes.</summary>
    public static string DataSection(string info, string stream = "")
    {
        return Sections(info, "$DATA").First(section =>
        {
            var m = Regex.Match(section, @"^\s*Attribute name:\s*'(.*)'\s*$", RegexOptions.Multiline);
            return (m.Success ? m.Groups[1].Value : "") == stream;
        });
    }

    /// <summary>The runlist ntfsinfo prints for the first section of <paramref name="attribute"/> (every section
    /// when <paramref name="all"/>: named streams too).</summary>
    public static List<Run> Runs(string info, string attribute, bool all = false)
    {
        var runs = new List<Run>();
        foreach (var section in Sections(info, attribute).Take(all ? int.MaxValue : 1))
        {
            foreach (Match m in RunLine().Matches(section))
            {
                runs.Add(new Run(Hex(m.Groups[1].Value), Hex(m.Groups[2].Value), Hex(m.Groups[3].Value)));
            }
        }

        return runs;
    }

    /// <summary>The $I30 entry ntfsinfo shows for <paramref name="name"/> in <paramref name="parent"/>'s index root or blocks.</summary>
    public static IndexCopy IndexEntry(string image, string parent, string name) => IndexEntry(Info(image, parent), name);

    /// <summary>As above, from an ntfsinfo dump of the parent already taken.</summary>
    public static IndexCopy IndexEntry(string info, string name)
    {
        var sections = Sections(info, "$INDEX_ROOT").Concat(Sections(info, "$INDEX_ALLOCATION"));
        var matches = new List<IndexCopy>();
        foreach (var section in sections)
        {
            var entries = section.Split("Entry length:");
            foreach (var entry in entries.Skip(1))
            {
                var filename = Regex.Match(entry, @"^\s*Filename:\s*(.*?)\s*$", RegexOptions.Multiline);
                if (filename.Success && filename.Groups[1].Value == $"'{name}'")
                {
                    matches.Add(new IndexCopy(
                        Number(entry, "Allocated Size"),
                        Number(entry, "Data Size"),
                        Field(entry, "File Altered Time"),
                        Field(entry, "MFT Changed Time"),
                        Field(entry, "Last Accessed Time"),
                        Field(entry, "File attributes")));
                }
            }
        }

        return Assert.Single(matches);
    }

    /// <summary>$STANDARD_INFORMATION's three changed times and the attributes, as ntfsinfo prints them.</summary>
    public static (string Altered, string MftChanged, string Accessed, string Created, string Attributes) StandardInformation(string image, string path)
    {
        var section = Assert.Single(Sections(Info(image, path), "$STANDARD_INFORMATION"));
        return (Field(section, "File Altered Time"), Field(section, "MFT Changed Time"), Field(section, "Last Accessed Time"),
            Field(section, "File Creation Time"), Field(section, "File attributes"));
    }

    /// <summary>The size <c>ntfsls -l</c> lists for <paramref name="name"/> in <paramref name="parent"/>.</summary>
    public static long ListedSize(string image, string parent, string name)
    {
        var ntfsls = Tools.Require("ntfsls", "ntfs-3g");
        var result = Tools.Run(ntfsls, ["-l", "-p", parent, image]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            var m = ListLine().Match(line);
            if (m.Success && m.Groups[2].Value == name)
            {
                return long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        Assert.Fail($"ntfsls -l {parent} does not list {name}:\n{result.StandardOutput}");
        return -1;
    }

    /// <summary>The bytes <c>ntfscat</c> gives for the file.</summary>
    public static byte[] Cat(string image, string path, string workDirectory)
    {
        Tools.Require("ntfscat", "ntfs-3g");
        var output = Path.Combine(workDirectory, "ntfscat.out");
        NtfsImages.Bash($"ntfscat '{image}' '{path}' > '{output}'");
        return File.ReadAllBytes(output);
    }

    /// <summary>Free clusters as <c>ntfsinfo -m</c> counts them in $Bitmap.</summary>
    public static long FreeClusters(string image)
    {
        var ntfsinfo = Tools.Require("ntfsinfo", "ntfs-3g");
        var output = Tools.Run(ntfsinfo, ["-m", image]).StandardOutput;
        var m = FreeLine().Match(output);
        Assert.True(m.Success, output);
        return long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    public static Geometry ReadGeometry(string image)
    {
        var boot = new byte[512];
        using (var file = File.OpenRead(image))
        {
            file.ReadExactly(boot);
        }

        long bytesPerSector = BinaryPrimitives.ReadUInt16LittleEndian(boot.AsSpan(0x0B));
        var spc = boot[0x0D];
        var clusterSize = spc <= 128 ? spc * bytesPerSector : bytesPerSector << (256 - spc);
        var perRecord = (sbyte)boot[0x40];
        var recordSize = perRecord > 0 ? (int)(perRecord * clusterSize) : 1 << -perRecord;
        var sectors = BinaryPrimitives.ReadInt64LittleEndian(boot.AsSpan(0x28));
        return new Geometry(clusterSize, sectors * bytesPerSector / clusterSize,
            BinaryPrimitives.ReadInt64LittleEndian(boot.AsSpan(0x30)), BinaryPrimitives.ReadInt64LittleEndian(boot.AsSpan(0x38)), recordSize);
    }

    /// <summary>Records 0.. of $MFT and $MFTMirr, byte for byte, read at the boot sector's LCNs.</summary>
    public static void AssertMirrorMatches(string image)
    {
        var g = ReadGeometry(image);
        var bytes = File.ReadAllBytes(image);
        for (var record = 0; record < g.MirroredRecords; record++)
        {
            var main = bytes.AsSpan((int)((g.MftLcn * g.ClusterSize) + (record * g.RecordSize)), g.RecordSize);
            var mirror = bytes.AsSpan((int)((g.MirrorLcn * g.ClusterSize) + (record * g.RecordSize)), g.RecordSize);
            Assert.True(main.SequenceEqual(mirror), $"$MFTMirr record {record} differs from $MFT");
        }
    }

    /// <summary>Free runs of the volume from the raw $Bitmap (its clusters as ntfsinfo lists them).</summary>
    public static List<(long Lcn, long Length)> FreeExtents(string image)
    {
        var g = ReadGeometry(image);
        var bytes = File.ReadAllBytes(image);
        var bitmap = new List<byte>();
        foreach (var run in Runs(Info(image, "/$Bitmap"), "$DATA"))
        {
            bitmap.AddRange(bytes.AsSpan((int)(run.Lcn * g.ClusterSize), (int)(run.Length * g.ClusterSize)).ToArray());
        }

        var free = new List<(long, long)>();
        for (long lcn = 0; lcn < g.TotalClusters;)
        {
            if ((bitmap[(int)(lcn >> 3)] & (1 << (int)(lcn & 7))) != 0)
            {
                lcn++;
                continue;
            }

            var start = lcn;
            while (lcn < g.TotalClusters && (bitmap[(int)(lcn >> 3)] & (1 << (int)(lcn & 7))) == 0)
            {
                lcn++;
            }

            free.Add((start, lcn - start));
        }

        return free;
    }

    /// <summary>Byte ranges of the image that clusters of a runlist cover.</summary>
    public static IEnumerable<(long Start, long Length)> Clusters(IEnumerable<Run> runs, long clusterSize) =>
        runs.Select(r => (r.Lcn * clusterSize, r.Length * clusterSize));

    /// <summary>Every byte that differs between the two images lies in one of <paramref name="allowed"/>.</summary>
    public static void AssertChangedOnlyWithin(byte[] before, byte[] after, IReadOnlyList<(long Start, long Length)> allowed)
    {
        Assert.Equal(before.Length, after.Length);
        const int chunk = 512;
        for (var at = 0; at < before.Length; at += chunk)
        {
            var n = Math.Min(chunk, before.Length - at);
            if (before.AsSpan(at, n).SequenceEqual(after.AsSpan(at, n)))
            {
                continue;
            }

            for (var i = at; i < at + n; i++)
            {
                if (before[i] != after[i] && !allowed.Any(r => i >= r.Start && i < r.Start + r.Length))
                {
                    Assert.Fail($"byte 0x{i:X} of the image changed (0x{before[i]:X2} → 0x{after[i]:X2}) outside the file, its record, the parent's index and $Bitmap");
                }
            }
        }
    }

    private static string Field(string text, string name)
    {
        var m = Regex.Match(text, "^\\s*" + Regex.Escape(name) + ":\\s*(.*?)\\s*$", RegexOptions.Multiline);
        Assert.True(m.Success, $"no \"{name}\" in:\n{text}");
        return m.Groups[1].Value;
    }

    private static long Number(string text, string name) =>
        long.Parse(Field(text, name).Split(' ')[0], CultureInfo.InvariantCulture);

    private static long Hex(string value) => long.Parse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex RunLine();

    [GeneratedRegex(@"^\s*(\d+)\s+\w{3}\s+\d+\s+\d\d:\d\d\s+\d{4}\s+(.*)$")]
    private static partial Regex ListLine();

    [GeneratedRegex(@"Free Clusters:\s*(\d+)")]
    private static partial Regex FreeLine();
}
