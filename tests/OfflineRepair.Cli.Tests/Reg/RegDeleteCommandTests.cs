using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Reg;

public sealed class RegDeleteCommandTests
{
    [Fact]
    public void Deleting_a_value_leaves_its_siblings()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/SYSTEM.xz", "SYSTEM");

        var result = CliRun.Run("reg", "delete", hive, @"HKLM\SYSTEM\Select", "/v", "Failed", "/f", "--no-backup");

        result.AssertSuccess();
        Assert.Equal("The operation completed successfully.\n", result.Stdout.ReplaceLineEndings("\n"));
        var select = HivexOracle.Key(hive, "Select")!;
        Assert.Null(select.Value("Failed"));
        Assert.Equal(["Current", "Default", "LastKnownGood"], select.Values.Select(v => v.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Deleting_a_key_removes_its_tree_and_leaves_its_siblings()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/SYSTEM.xz", "SYSTEM");
        var before = HivexOracle.Key(hive, @"ControlSet001\Control")!.Children;
        Assert.Contains("CMF", before);

        CliRun.Run("reg", "delete", hive, @"SYSTEM\ControlSet001\Control\CMF", "/f", "--no-backup").AssertSuccess();

        var after = HivexOracle.Key(hive, @"ControlSet001\Control")!.Children;
        Assert.Null(HivexOracle.Key(hive, @"ControlSet001\Control\CMF"));
        Assert.Null(HivexOracle.Key(hive, @"ControlSet001\Control\CMF\SqmData"));
        Assert.Equal(before.Where(c => c != "CMF"), after);
        Assert.NotNull(HivexOracle.Key(hive, @"ControlSet001\Control\AGP")!.Value("102B0520"));
    }

    [Fact]
    public void Deleting_all_values_keeps_the_subkeys()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/SYSTEM.xz", "SYSTEM");

        CliRun.Run("reg", "delete", hive, @"ControlSet001\Control\CMF", "/va", "/f", "--no-backup").AssertSuccess();

        var cmf = HivexOracle.Key(hive, @"ControlSet001\Control\CMF")!;
        Assert.Empty(cmf.Values);
        Assert.Contains("SqmData", cmf.Children);
        Assert.NotEmpty(HivexOracle.Key(hive, @"ControlSet001\Control\CMF\SqmData")!.Values);
    }

    [Fact]
    public void Deleting_the_default_value()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "yarp/EmptyHive", "EmptyHive");
        CliRun.Run("reg", "add", hive, "K", "/ve", "/d", "x", "--no-backup").AssertSuccess();
        CliRun.Run("reg", "add", hive, "K", "/v", "keep", "/d", "y", "--no-backup").AssertSuccess();

        CliRun.Run("reg", "delete", hive, "K", "/ve", "/f", "--no-backup").AssertSuccess();

        var key = HivexOracle.Key(hive, "K")!;
        Assert.Null(key.Value(""));
        Assert.NotNull(key.Value("keep"));
    }

    [Fact]
    public void Deleting_all_values_of_a_key_without_values_writes_nothing()
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/SYSTEM.xz", "SYSTEM");
        var before = TestHives.Sha256(hive);

        CliRun.Run("reg", "delete", hive, @"ControlSet001\Control\BackupRestore", "/va", "/f").AssertSuccess();

        Assert.Equal(before, TestHives.Sha256(hive));
        Assert.Equal([hive], Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData(@"HKLM\SYSTEM\Select", "/v", "Failed")]
    [InlineData(@"HKLM\SYSTEM\Select", "/va", null)]
    [InlineData(@"HKLM\SYSTEM\ControlSet001\Control\CMF", null, null)]
    public void Without_f_nothing_is_deleted_and_the_file_is_byte_identical(string key, string? option, string? name)
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/SYSTEM.xz", "SYSTEM");
        var before = TestHives.Sha256(hive);
        var args = new List<string> { "reg", "delete", hive, key };
        args.AddRange(new[] { option, name }.OfType<string>());

        var line = CliRun.Run([.. args]).AssertRefused();

        Assert.Contains("add /f", line, StringComparison.Ordinal);
        Assert.Equal(before, TestHives.Sha256(hive));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData(@"HKLM\SYSTEM\Select", "/v", "NoSuchValue")]
    [InlineData(@"HKLM\SYSTEM\Select", "/ve", null)]
    [InlineData(@"HKLM\SYSTEM\NoSuchKey", null, null)]
    [InlineData(@"HKLM\SYSTEM", null, null)]
    public void What_is_not_there_or_cannot_go_is_refused_even_with_f(string key, string? option, string? name)
    {
        using var dir = new TemporaryDirectory();
        var hive = TestHives.Copy(dir, "regipy/SYSTEM.xz", "SYSTEM");
        var before = TestHives.Sha256(hive);
        var args = new List<string> { "reg", "delete", hive, key, "/f" };
        args.AddRange(new[] { option, name }.OfType<string>());

        CliRun.Run([.. args]).AssertRefused();

        Assert.Equal(before, TestHives.Sha256(hive));
    }
}
