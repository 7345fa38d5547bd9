using OfflineRepair.TestSupport;

namespace OfflineRepair.Ntfs.Tests.Support;

/// <summary>
/// Volumes for the security descriptor tests, made with mkntfs and filled through an ntfs-3g FUSE mount, so every
/// file and folder has the legacy per-file $SECURITY_DESCRIPTOR ntfs-3g writes (and a 48-byte
/// $STANDARD_INFORMATION), while mkntfs's metadata files use $Secure ids 0x100 and 0x101 and its root directory a
/// non-resident legacy descriptor. Built once per cluster size per test run, copied for every test.
/// <list type="bullet">
/// <item><c>Keys/key01.bin</c> .. <c>key40.bin</c> (data of different lengths), folder <c>Keys/Sub</c> with <c>inner.txt</c>.</item>
/// <item><c>Many/m001.dat</c> .. <c>m320.dat</c>.</item>
/// <item><c>Links/target.txt</c> with 40 more hard links: its names overflow into an extension record, so it has an
/// $ATTRIBUTE_LIST listing its legacy descriptor.</item>
/// </list>
/// </summary>
internal static class SecurityFixtures
{
    public const int KeyFiles = 40;
    public const int ManyFiles = 320;

    private static readonly Dictionary<int, Lazy<string>> Built = [];
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), $"offline-repair-ntfs-secure-{Environment.ProcessId}");

    public static string KeyPath(int i) => $"/Keys/key{i:D2}.bin";

    public static string ManyPath(int i) => $"/Many/m{i:D3}.dat";

    /// <summary>A private copy of the volume with <paramref name="clusterSize"/>-byte clusters.</summary>
    public static string Tree(string directory, int clusterSize = 4096)
    {
        Lazy<string> lazy;
        lock (Built)
        {
            if (!Built.TryGetValue(clusterSize, out lazy!))
            {
                lazy = new Lazy<string>(() => Build(clusterSize));
                Built[clusterSize] = lazy;
            }
        }

        var copy = Path.Combine(directory, $"secure-{clusterSize}.img");
        File.Copy(lazy.Value, copy, overwrite: true);
        return copy;
    }

    private static string Build(int clusterSize)
    {
        Tools.Require("mkntfs", "ntfs-3g");
        if (!Directory.Exists(Folder))
        {
            Directory.CreateDirectory(Folder);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            };
        }

        var image = Path.Combine(Folder, $"secure-{clusterSize}.img");
        NtfsImages.Bash($"rm -f '{image}'; truncate -s 48M '{image}' && mkntfs -F -f -q -c {clusterSize} '{image}' 2>/dev/null");
        using (var mount = NtfsMount.Open(image, Path.Combine(Folder, $"mnt-{clusterSize}"), readOnly: false))
        {
            NtfsImages.Bash($$"""
                cd '{{mount.Path}}'
                mkdir -p Keys/Sub Many Links
                for i in $(seq -w 1 {{KeyFiles}}); do head -c $(( 10#$i * 37 + 5 )) /dev/urandom > "Keys/key$i.bin"; done
                echo inner > Keys/Sub/inner.txt
                for i in $(seq -w 1 {{ManyFiles}}); do echo "many $i" > "Many/m$i.dat"; done
                echo linked > Links/target.txt
                for i in $(seq 1 40); do ln Links/target.txt "Links/link_with_a_long_name_$i.txt"; done
                """);
        }

        return image;
    }
}
