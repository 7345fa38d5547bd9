using OfflineRepair.Containers;
using OfflineRepair.Ntfs;
using OfflineRepair.Partitions;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Security.Tests.Support;

/// <summary>
/// The NTFS volumes of ../shared/corpus that Windows formatted and wrote (see its SOURCES.md), opened with
/// our own container, partition and NTFS readers.
/// </summary>
internal static class CorpusVolumes
{
    /// <summary>Corpus files holding a Windows-made NTFS volume: bare, in an MBR disk image, or in a VHD/VHDX.</summary>
    public static readonly string[] Files =
    [
        "dissect.ntfs/ntfs.bin.gz",
        "ntfs-samples/ntfs-lastaccess.raw.gz",
        "ntfs-samples/ntfs-2m.raw.gz",
        "ntfs-samples/ntfs-ramslack.raw.gz",
        "ntfs-samples/ntfs-ptrn.raw.gz",
        "ntfs-samples/ntfs.tgz",
        "dissect.hypervisor/fixed.vhd.gz",
        "dissect.hypervisor/dynamic.vhd.gz",
        "dissect.hypervisor/fixed.vhdx.gz",
        "dissect.hypervisor/dynamic.vhdx.gz",
    ];

    // ntfs.tgz is unpacked once per test run, like Corpus.File does for .gz files.
    private static readonly Lazy<(TemporaryDirectory Folder, string Image)> Tarball = new(() =>
    {
        var folder = new TemporaryDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        return (folder, UnpackTar("ntfs-samples/ntfs.tgz", folder));
    });

    /// <summary>Opens the volume and hands it to <paramref name="use"/>; everything is closed afterwards.</summary>
    public static void With(string corpusFile, Action<NtfsVolume> use)
    {
        var path = corpusFile == "ntfs-samples/ntfs.tgz" ? Tarball.Value.Image : Corpus.File(corpusFile);
        using (var file = File.OpenRead(path))
        {
            // A bare volume first: dissect's ntfs.bin ends in bytes a container sniffer may take for a VHD footer.
            if (NtfsVolume.Identify(file) == VolumeKind.Ntfs)
            {
                using var bare = NtfsVolume.Open(file);
                use(bare);
                return;
            }
        }

        using var disk = ContainerOpener.Open(path);

        var table = PartitionTable.Read(disk, disk.LogicalSectorSize);
        var partition = table.Partitions.Single(p => p.MbrType == 0x07);
        using var window = partition.Open(disk);
        using var volume = NtfsVolume.Open(window);
        use(volume);
    }

    public static byte[] ReadSds(NtfsVolume volume)
    {
        using var sds = volume.OpenFile(9).OpenRead("$SDS");
        var bytes = new byte[sds.Length];
        sds.ReadExactly(bytes);
        return bytes;
    }

    // ntfs.tgz holds a 64 GiB sparse raw disk (about 118 MiB allocated): GNU tar keeps it sparse.
    private static string UnpackTar(string corpusFile, TemporaryDirectory work)
    {
        var source = Path.Combine(Corpus.Root ?? MissingCorpus(), corpusFile);
        if (!File.Exists(source))
        {
            Requirement.Missing($"corpus file {corpusFile}");
        }

        var tar = Tools.Require("tar", "tar");
        var result = Tools.Run(tar, ["-xzSf", source, "-C", work.Path], timeoutSeconds: 120);
        Assert.True(result.ExitCode == 0, $"tar -xzSf {corpusFile} failed: {result.StandardError}");
        return work.File("ntfs.raw");
    }

    private static string MissingCorpus()
    {
        Requirement.Missing("the shared corpus (../shared/corpus beside the repository)");
        return "";
    }
}
