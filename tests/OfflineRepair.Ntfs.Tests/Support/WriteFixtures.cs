using System.Runtime.InteropServices;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests.Support;

/// <summary>
/// Volumes for the writer tests, made only with ntfs-3g's tools (mkntfs, ntfscp, ntfstruncate; an ntfs-3g FUSE
/// mount for DOS names and subdirectories). Each is built once per test run and copied for every test.
/// <list type="bullet">
/// <item><c>plain.bin</c> (10000 bytes), with the clusters right after it freed, so it can grow in place.</item>
/// <item><c>small.txt</c> (100 bytes, resident in its MFT record).</item>
/// <item><c>frag.bin</c> in three runs: copied again, larger, while other files sat right after it.</item>
/// <item><c>streams.bin</c> with a named stream <c>extra</c> (three pieces of at least 4 KiB).</item>
/// <item>Free space cut into small holes (files freed by ntfstruncate) and one small left-over, the rest taken by
/// <c>filler.bin</c>: a big growth has to take several runs.</item>
/// </list>
/// </summary>
internal static partial class WriteFixtures
{
    public const int PlainLength = 10000;
    public const int SmallLength = 100;

    private static readonly Dictionary<string, Lazy<string>> Built = [];
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), $"offline-repair-ntfs-write-{Environment.ProcessId}");

    /// <summary>A private copy of the fragmented volume with <paramref name="clusterSize"/>-byte clusters.</summary>
    public static string Fragmented(int clusterSize, string directory) =>
        CopyOf($"fragmented-{clusterSize}", () => BuildFragmented(clusterSize), directory);

    /// <summary>A private copy of a 4 KiB-cluster volume built through an ntfs-3g mount: <c>Config\Long File Name.hive</c>
    /// (9000 bytes, DOS alias <c>LONGFI~1.HIV</c>, both names in the small directory's $INDEX_ROOT), and
    /// <c>Many\A rather long hive name.dat</c> (DOS alias <c>ARATHE~1.DAT</c>) among 80 files, so its entries sit in
    /// INDX blocks.</summary>
    public static string WithDosNames(string directory) => CopyOf("dos-names", BuildWithDosNames, directory);

    /// <summary>Bytes a test file holds, the same on every run.</summary>
    public static byte[] Content(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string CopyOf(string key, Func<string> build, string directory)
    {
        Lazy<string> lazy;
        lock (Built)
        {
            if (!Built.TryGetValue(key, out lazy!))
            {
                lazy = new Lazy<string>(build);
                Built[key] = lazy;
            }
        }

        var copy = Path.Combine(directory, key + ".img");
        File.Copy(lazy.Value, copy, overwrite: true);
        return copy;
    }

    private static string PrepareFolder()
    {
        if (!Directory.Exists(Folder))
        {
            Directory.CreateDirectory(Folder);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            };
        }

        return Folder;
    }

    private static string BuildFragmented(int clusterSize)
    {
        foreach (var tool in new[] { "ntfscp", "ntfsinfo", "ntfstruncate" })
        {
            Tools.Require(tool, "ntfs-3g");
        }

        Tools.Require("mkntfs", "ntfs-3g");
        var folder = Path.Combine(PrepareFolder(), $"build-{clusterSize}");
        Directory.CreateDirectory(folder);
        var image = Path.Combine(folder, "volume.img");

        // Pieces of at least 4 KiB, so that nothing of them is small enough to stay resident in a 1 KiB record.
        var unit = Math.Max(clusterSize, 4096);
        void Source(string name, int length, int seed) => File.WriteAllBytes(Path.Combine(folder, name), Content(length, seed));
        Source("plain", PlainLength, 1);
        Source("small", SmallLength, 2);
        Source("hole", 2 * unit, 3);
        Source("one", unit, 4);
        Source("three", 3 * unit, 5);
        Source("five", (5 * unit) + 123, 6);
        const int margin = 16;
        NtfsImages.Bash($$"""
            cd '{{folder}}'
            img=volume.img
            inode() { ntfsinfo -F "/$1" "$img" | sed -n 's/^Dumping Inode \([0-9]*\).*/\1/p'; }
            rm -f "$img"; truncate -s 16M "$img"; mkntfs -F -f -q -c {{clusterSize}} "$img" 2>/dev/null
            ntfscp -q "$img" plain plain.bin
            ntfscp -q "$img" small small.txt
            ntfscp -q "$img" hole h10
            ntfscp -q "$img" one frag.bin; ntfscp -q "$img" one s1
            ntfscp -q "$img" three frag.bin; ntfscp -q "$img" one s2
            ntfscp -q "$img" five frag.bin
            ntfscp -q "$img" one streams.bin; ntfscp -q -N extra "$img" three streams.bin
            for i in $(seq 11 20); do ntfscp -q "$img" hole h$i; done
            free=$(ntfsinfo -m "$img" | sed -n 's/.*Free Clusters: \([0-9]*\).*/\1/p')
            head -c $(( (free - {{margin}}) * {{clusterSize}} )) /dev/zero > filler
            ntfscp -q "$img" filler filler.bin
            rm -f filler
            for i in 10 12 14 16 18 20; do ntfstruncate -q "$img" $(inode h$i) 0 > /dev/null; done
            """);
        return image;
    }

    private static string BuildWithDosNames()
    {
        Tools.Require("mkntfs", "ntfs-3g");
        var ntfs3g = Tools.Require("ntfs-3g", "ntfs-3g");
        var folder = Path.Combine(PrepareFolder(), "build-dos");
        var mount = Path.Combine(folder, "mnt");
        Directory.CreateDirectory(mount);
        var image = Path.Combine(folder, "volume.img");
        NtfsImages.Bash($"rm -f '{image}'; truncate -s 16M '{image}' && mkntfs -F -f -q -c 4096 '{image}' 2>/dev/null");
        var mounted = Tools.Run(ntfs3g, [image, mount], timeoutSeconds: 60);
        if (mounted.ExitCode != 0)
        {
            Requirement.Missing($"an ntfs-3g FUSE mount (/dev/fuse) to make DOS names: {mounted.StandardError.Trim()}");
        }

        try
        {
            Directory.CreateDirectory(Path.Combine(mount, "Config"));
            Directory.CreateDirectory(Path.Combine(mount, "Many"));
            for (var i = 1; i <= 80; i++)
            {
                File.WriteAllText(Path.Combine(mount, "Many", $"entry number {i}.txt"), $"entry {i}\n");
            }

            foreach (var (path, dos, length, seed) in new[] { ("Config/Long File Name.hive", "LONGFI~1.HIV", 9000, 7), ("Many/A rather long hive name.dat", "ARATHE~1.DAT", 7000, 8) })
            {
                var full = Path.Combine(mount, path);
                File.WriteAllBytes(full, Content(length, seed));

                // ntfs-3g gives a file a DOS name when this extended attribute is set on it.
                var name = System.Text.Encoding.ASCII.GetBytes(dos);
                if (SetExtendedAttribute(full, "system.ntfs_dos_name", name, (nuint)name.Length, 0) != 0)
                {
                    Assert.Fail($"setxattr system.ntfs_dos_name on {path} failed: errno {Marshal.GetLastPInvokeError()}");
                }
            }
        }
        finally
        {
            Tools.Run("/bin/umount", [mount], timeoutSeconds: 60);
        }

        return image;
    }

    [LibraryImport("libc", EntryPoint = "setxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetExtendedAttribute(string path, string name, byte[] value, nuint size, int flags);
}
