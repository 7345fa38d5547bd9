using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Hives;

public sealed class HiveReadCheckTests
{
    /// <summary>In regipy's BCD this byte is the value count (1) of a key deep in Objects; 0xE2 claims 226.</summary>
    private const int ValueCountByte = 0x6478;

    [Theory]
    [InlineData("add", @"Objects\New", "/v", "x", "/d", "y")]
    [InlineData("delete", "Description", "/f")]
    public void A_hive_damaged_away_from_the_edited_key_is_not_written_to(string command, params string[] rest)
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/BCD.xz", "BCD");
        var bytes = File.ReadAllBytes(hive);
        Assert.Equal(0x01, bytes[ValueCountByte]);
        bytes[ValueCountByte] = 0xE2;
        File.WriteAllBytes(hive, bytes);
        CliRun.Run("reg", "query", hive, "Objects").AssertSuccess(); // the damage is elsewhere

        var line = CliRun.Run(["reg", command, hive, .. rest]).AssertRefused();

        Assert.Contains("damaged", line, StringComparison.Ordinal);
        Assert.Contains("226 values", line, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(hive));
        Assert.Equal([hive], Directory.GetFiles(dir.Path));
    }
}
