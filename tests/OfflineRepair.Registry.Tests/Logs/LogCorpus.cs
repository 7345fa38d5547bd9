using System.Buffers.Binary;
using OfflineRepair.Registry.Format;
using OfflineRepair.Registry.Logs;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Registry.Tests.Logs;

/// <summary>A corpus hive and its logs, loaded into memory (unpacked where the corpus stores .xz).</summary>
internal sealed record CorpusHive(string Name, byte[] Primary, IReadOnlyList<HiveLogFile> Logs)
{
    /// <summary>Loads a primary file and the named log files (paths relative to the corpus; .xz is unpacked).</summary>
    public static CorpusHive Load(string primary, params string[] logs)
    {
        var primaryPath = CorpusFile(primary);
        var primaryBytes = File.ReadAllBytes(primaryPath);
        var logFiles = logs
            .Select(relative =>
            {
                var path = CorpusFile(relative);
                return new HiveLogFile(Path.GetFileName(path), File.ReadAllBytes(path));
            })
            .ToList();
        return new CorpusHive(Path.GetFileName(primaryPath), primaryBytes, logFiles);
    }

    public static string CorpusFile(string relativePath) => Corpus.File(relativePath);

    public static string CopyTo(string directory, string relativePath, string? name = null) => Corpus.CopyTo(directory, relativePath, name);

    /// <summary>Every hive in the corpus that comes with new-format logs, with those logs.</summary>
    public static TheoryData<string, string[]> WithNewFormatLogs() => new()
    {
        { "yarp/NewDirtyHive1/NewDirtyHive", ["yarp/NewDirtyHive1/NewDirtyHive.LOG1", "yarp/NewDirtyHive1/NewDirtyHive.LOG2"] },
        { "yarp/NewDirtyHive2/NewDirtyHive", ["yarp/NewDirtyHive2/NewDirtyHive.LOG1", "yarp/NewDirtyHive2/NewDirtyHive.LOG2"] },
        { "regipy/SYSTEM_B.xz", ["regipy/SYSTEM_B.LOG1.xz", "regipy/SYSTEM_B.LOG2.xz"] },
        { "regipy/transactions_NTUSER.DAT.xz", ["regipy/transactions_ntuser.dat.log1.xz", "regipy/transactions_ntuser.dat.log2.xz"] },
        { "regipy/UsrClass.dat.xz", ["regipy/UsrClass.dat.LOG1.xz", "regipy/UsrClass.dat.LOG2.xz"] },
        { "museum/Win10/SECURITY", ["museum/Win10/SECURITY.LOG1"] },
        { "museum/Win11/BBI", ["museum/Win11/BBI.LOG1", "museum/Win11/BBI.LOG2"] },
        { "museum/Win11/DEFAULT", ["museum/Win11/DEFAULT.LOG1", "museum/Win11/DEFAULT.LOG2"] },
        { "museum/Win11/SECURITY", ["museum/Win11/SECURITY.LOG1", "museum/Win11/SECURITY.LOG2"] },
    };
}

/// <summary>Independent checks of a recovered image, written against the format rather than the engine.</summary>
internal static class RecoveredImage
{
    /// <summary>
    /// Asserts the base block is clean (equal sequence numbers, primary type, valid checksum, bins
    /// size equal to the image) and that the bins tile the image with correct headers.
    /// </summary>
    public static void AssertWellFormed(byte[] image, uint expectedSequence)
    {
        Assert.True(image.Length > BaseBlock.Size);
        var block = image.AsSpan(0, BaseBlock.Size);
        Assert.Equal(expectedSequence, BaseBlock.PrimarySequence(block));
        Assert.Equal(expectedSequence, BaseBlock.SecondarySequence(block));
        Assert.Equal(BaseBlock.FileTypePrimary, BaseBlock.FileType(block));
        Assert.True(BaseBlock.ChecksumIsValid(block), "base block checksum");
        Assert.Equal((uint)(image.Length - BaseBlock.Size), BaseBlock.HiveBinsSize(block));
        BaseBlock.Validate(block, image.Length, BaseBlock.FileTypePrimary);

        long offset = 0;
        int bins = 0;
        while (BaseBlock.Size + offset < image.Length)
        {
            var bin = image.AsSpan(BaseBlock.Size + (int)offset);
            Assert.True(HiveBinHeader.HasSignature(bin), $"hbin signature at bins offset 0x{offset:X}");
            Assert.Equal((uint)offset, HiveBinHeader.Offset(bin));
            uint size = HiveBinHeader.BinSize(bin);
            Assert.True(size >= HiveBinHeader.PageSize && size % HiveBinHeader.PageSize == 0, $"bin size 0x{size:X} at 0x{offset:X}");
            offset += size;
            bins++;
        }

        Assert.Equal(image.Length - BaseBlock.Size, offset);
        Assert.True(bins > 0);
    }

    public static uint HiveBinsSize(byte[] image) => BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(BaseBlock.HiveBinsSizeOffset));
}
