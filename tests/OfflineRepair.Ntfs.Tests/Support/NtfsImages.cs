using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests.Support;

/// <summary>
/// Volumes made in the test with ntfs-3g's own tools (mkntfs, then either an ntfs-3g FUSE mount to build a tree
/// or ntfscp into the root when mounting is not possible). Built once per cluster size per test run.
/// </summary>
internal static class NtfsImages
{
    private static readonly Dictionary<int, Lazy<Image>> Built = [];
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), $"offline-repair-ntfs-{Environment.ProcessId}");

    public sealed record Image(string Path, bool HasTree);

    public static Image Get(int clusterSize)
    {
        Lazy<Image> lazy;
        lock (Built)
        {
            if (!Built.TryGetValue(clusterSize, out lazy!))
            {
                lazy = new Lazy<Image>(() => Build(clusterSize));
                Built[clusterSize] = lazy;
            }
        }

        return lazy.Value;
    }

    /// <summary>A fresh mkntfs volume with files copied into the root by ntfscp (no mounting).</summary>
    public static string Small(string directory, int clusterSize = 4096, int megabytes = 16)
    {
        Tools.Require("mkntfs", "ntfs-3g");
        var ntfscp = Tools.Require("ntfscp", "ntfs-3g");
        var image = System.IO.Path.Combine(directory, "small.img");
        Bash($"truncate -s {megabytes}M '{image}' && mkntfs -F -f -q -c {clusterSize} '{image}'");
        var rng = new Random(7);
        for (var i = 0; i < 6; i++)
        {
            var src = System.IO.Path.Combine(directory, $"src{i}");
            var bytes = new byte[i * 3000];
            rng.NextBytes(bytes);
            File.WriteAllBytes(src, bytes);
            var result = Tools.Run(ntfscp, [image, src, $"File{i}.Bin"]);
            Assert.True(result.ExitCode == 0, result.StandardError);
        }

        return image;
    }

    public static void Bash(string script, int timeoutSeconds = 600)
    {
        var result = Tools.Run("/bin/bash", ["-euc", script], timeoutSeconds: timeoutSeconds);
        Assert.True(result.ExitCode == 0, $"{script}\n{result.StandardOutput}\n{result.StandardError}");
    }

    private static Image Build(int clusterSize)
    {
        Tools.Require("mkntfs", "ntfs-3g");
        var ntfs3g = Tools.Require("ntfs-3g", "ntfs-3g");
        if (!Directory.Exists(Folder))
        {
            Directory.CreateDirectory(Folder);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            };
        }

        var image = System.IO.Path.Combine(Folder, $"tree-{clusterSize}.img");
        var mount = System.IO.Path.Combine(Folder, $"mnt-{clusterSize}");
        Directory.CreateDirectory(mount);
        Bash($"rm -f '{image}'; truncate -s 64M '{image}' && mkntfs -F -f -q -c {clusterSize} '{image}'");
        var mounted = Tools.Run(ntfs3g, ["-o", "streams_interface=windows", image, mount], timeoutSeconds: 60).ExitCode == 0;
        if (!mounted)
        {
            // No FUSE here: fall back to ntfscp into the root (no directories).
            var src = System.IO.Path.Combine(Folder, "payload");
            Bash($"head -c 300000 /dev/urandom > '{src}'");
            for (var i = 0; i < 20; i++)
            {
                Bash($"ntfscp '{image}' '{src}' 'Root{i}.bin'");
            }

            return new Image(image, false);
        }

        try
        {
            Bash($$"""
                cd '{{mount}}'
                mkdir -p Dir/Sub/Deep Big "Mixed Case" Empty
                for i in $(seq 1 300); do echo "file $i" > "Dir/File$i.txt"; done
                for i in $(seq 1 1200); do echo "$i" > "Big/a_rather_long_file_name_number_$i.dat"; done
                for n in lower UPPER MiXeD; do printf '%s' "$n" > "Mixed Case/$n.txt"; done
                echo deep > Dir/Sub/Deep/leaf.txt
                # Many hard links: the $FILE_NAMEs overflow the base record, so the file gets an $ATTRIBUTE_LIST.
                mkdir Links
                echo linked > Links/target.txt
                for i in $(seq 1 40); do ln Links/target.txt "Links/link_with_a_long_name_$i.txt"; done
                # Fragmentation: fill the volume, free every other small file, then write into the holes.
                mkdir holes
                for i in $(seq 1 800); do head -c 12000 /dev/urandom > holes/h$i; done
                dd if=/dev/zero of=filler bs=1M status=none 2>/dev/null || true
                sync
                for i in $(seq 1 2 800); do rm holes/h$i; done
                sync
                head -c 4000000 /dev/urandom > frag1.bin || true
                rm -f filler
                sync
                truncate -s 6M sparse.bin
                printf 'middle' | dd of=sparse.bin bs=1 seek=3000000 conv=notrunc status=none
                head -c 3000000 /dev/urandom > large.bin
                : > empty.txt
                echo tiny > tiny.txt
                printf 'alternate data' > 'tiny.txt:extra'
                """);
        }
        finally
        {
            Tools.Run("/bin/umount", [mount], timeoutSeconds: 60);
        }

        return new Image(image, true);
    }
}
