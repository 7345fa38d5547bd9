using System.Buffers.Binary;

namespace OfflineRepair.Security.Tests.Support;

/// <summary>
/// The security descriptors of a registry hive's key security ("sk") cells, found by walking its bins
/// (research/regf.md), written here for the test so the registry engine is not the judge: bins of
/// "hbin" from 0x1000, cells of a signed size (negative = allocated); an sk cell holds "sk", reserved,
/// flink, blink, reference count, descriptor length, then the descriptor.
/// </summary>
internal static class HiveSecurityCells
{
    private const int FirstBin = 0x1000;
    private const int BinHeader = 32;

    public static List<byte[]> Read(byte[] hive)
    {
        var descriptors = new List<byte[]>();
        var bin = FirstBin;
        while (bin + BinHeader <= hive.Length && hive.AsSpan(bin, 4).SequenceEqual("hbin"u8))
        {
            var binSize = BinaryPrimitives.ReadInt32LittleEndian(hive.AsSpan(bin + 8));
            Assert.True(binSize >= 0x1000 && bin + binSize <= hive.Length, $"bin at 0x{bin:X} has size 0x{binSize:X}");
            for (var cell = bin + BinHeader; cell < bin + binSize;)
            {
                var size = BinaryPrimitives.ReadInt32LittleEndian(hive.AsSpan(cell));
                Assert.True(size != 0 && size != int.MinValue, $"cell at 0x{cell:X} has size 0");
                var length = Math.Abs(size);
                if (size < 0 && length >= 4 + 20 && hive.AsSpan(cell + 4, 2).SequenceEqual("sk"u8))
                {
                    var descriptorLength = BinaryPrimitives.ReadInt32LittleEndian(hive.AsSpan(cell + 4 + 16));
                    Assert.InRange(descriptorLength, 20, length - 4 - 20);
                    descriptors.Add(hive.AsSpan(cell + 4 + 20, descriptorLength).ToArray());
                }

                cell += length;
            }

            bin += binSize;
        }

        return descriptors;
    }
}
