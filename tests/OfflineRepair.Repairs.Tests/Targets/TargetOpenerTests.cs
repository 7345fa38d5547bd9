using OfflineRepair.Targets;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Targets;

public sealed class TargetOpenerTests
{
    [Fact]
    public void A_folder_holding_Windows_in_any_case_is_a_volume()
    {
        using var dir = new TemporaryDirectory();
        var config = Path.Combine(dir.Path, "windows", "system32", "config");
        Directory.CreateDirectory(config);
        Corpus.CopyTo(config, "regipy/SYSTEM.xz", "system");

        using var target = TargetOpener.Open(dir.Path, null, null);

        Assert.IsType<FolderTarget>(target);
        Assert.True(target.FileExists(WindowsPaths.SystemHive));
    }

    [Fact]
    public void A_folder_without_Windows_says_what_was_expected()
    {
        using var dir = new TemporaryDirectory();

        var error = Assert.Throws<TargetException>(() => TargetOpener.Open(dir.Path, null, null));

        Assert.Contains(@"has no Windows\System32\config\SYSTEM", error.Message, StringComparison.Ordinal);
        Assert.Contains("--system", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_random_file_a_missing_path_and_an_unknown_hive_are_refused_clearly()
    {
        using var dir = new TemporaryDirectory();
        var random = dir.File("random.bin");
        File.WriteAllBytes(random, Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7)).ToArray());

        Assert.Contains("is not a readable registry hive", Assert.Throws<TargetException>(() => TargetOpener.Open(random, null, null)).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<TargetException>(() => TargetOpener.Open(dir.File("missing"), null, null)).Message, StringComparison.Ordinal);
        Assert.Contains("neither SYSTEM", Assert.Throws<TargetException>(() => TargetOpener.Open(Corpus.File("ezregistry/SAM"), null, null)).Message, StringComparison.Ordinal);
        Assert.Contains("no such file", Assert.Throws<TargetException>(() => TargetOpener.Open(dir.Path, dir.File("missing"), null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_drive_letter_on_Linux_is_explained()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("drive letters are real on Windows");
        }

        var error = Assert.Throws<TargetException>(() => TargetOpener.Open("F:", null, null));
        Assert.Contains("only means something on Windows", error.Message, StringComparison.Ordinal);
        Assert.Throws<TargetException>(() => TargetOpener.Open(@"f:\", null, null));
    }

    [Fact]
    public void A_SYSTEM_hive_file_becomes_hive_files_and_a_SOFTWARE_given_as_system_is_refused()
    {
        using var dir = new TemporaryDirectory();
        var system = Corpus.CopyTo(dir.Path, "winevt-kb/SYSTEM", "hive-under-any-name");

        using var target = TargetOpener.Open(system, null, null);

        var files = Assert.IsType<HiveFilesTarget>(target);
        Assert.Equal(system, files.SystemFile);
        Assert.Null(files.SoftwareFile);
        Assert.Contains("is a BCD hive, not a SYSTEM hive", Assert.Throws<TargetException>(() => TargetOpener.Open(dir.Path, Corpus.File("ezregistry/BCD"), null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void System_option_replaces_the_volumes_own_hive_and_its_logs()
    {
        using var dir = new TemporaryDirectory();
        var config = Path.Combine(dir.Path, "vol", "Windows", "System32", "config");
        Directory.CreateDirectory(config);
        File.WriteAllBytes(Path.Combine(config, "SYSTEM"), [1]);
        File.WriteAllBytes(Path.Combine(config, "SYSTEM.LOG1"), [1]);
        File.WriteAllBytes(Path.Combine(config, "DEFAULT"), [1]);
        var replacement = Corpus.CopyTo(dir.Path, "regipy/SYSTEM.xz", "SYSTEM-good");

        using var target = TargetOpener.Open(Path.Combine(dir.Path, "vol"), replacement, null);

        Assert.IsType<VolumeWithHiveFilesTarget>(target);
        Assert.Equal(replacement, target.Locate(WindowsPaths.SystemHive));
        Assert.Equal(["DEFAULT", "SYSTEM"], target.List(WindowsPaths.ConfigFolder).Select(e => e.Name));
        Assert.False(target.FileExists(WindowsPaths.SystemHive + ".LOG1"));
        Assert.True(target.FileExists(@"Windows\System32\config\DEFAULT"));
    }

    [Fact]
    public void A_BCD_store_as_TARGET_is_hive_files_holding_only_it_with_its_logs_in_any_case()
    {
        using var dir = new TemporaryDirectory();
        var store = Corpus.CopyTo(dir.Path, "ezregistry/BCD", "BCD");
        File.WriteAllBytes(dir.File("bcd.log1"), [1]);
        File.WriteAllBytes(dir.File("BCD.LOG2"), [2]);
        File.WriteAllBytes(dir.File("Bcd.Log"), [3]);

        using var target = TargetOpener.Open(store, null, null);

        var files = Assert.IsType<HiveFilesTarget>(target);
        Assert.Equal(store, files.BcdFile);
        Assert.Null(files.SystemFile);
        Assert.Equal(store, target.Locate(WindowsPaths.BcdStore));
        Assert.Equal(["BCD", "BCD.LOG", "BCD.LOG1", "BCD.LOG2"], target.List("Boot").Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(dir.File("bcd.log1"), target.Locate(WindowsPaths.BcdStore + ".LOG1"));
        Assert.False(target.FileExists(WindowsPaths.SystemHive));
        Assert.Contains("BCD=" + store, target.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Bcd_option_names_the_store_beside_a_volume_and_must_be_a_BCD_store()
    {
        using var dir = new TemporaryDirectory();
        var config = Path.Combine(dir.Path, "vol", "Windows", "System32", "config");
        Directory.CreateDirectory(config);
        Corpus.CopyTo(config, "regipy/SYSTEM.xz", "SYSTEM");
        var esp = Path.Combine(dir.Path, "esp", "EFI", "Microsoft", "Boot");
        Directory.CreateDirectory(esp);
        var store = Corpus.CopyTo(esp, "regipy/BCD.xz", "BCD");

        using var target = TargetOpener.Open(Path.Combine(dir.Path, "vol"), null, null, store);

        Assert.IsType<VolumeWithHiveFilesTarget>(target);
        Assert.True(target.FileExists(WindowsPaths.SystemHive));
        Assert.Equal(store, target.Locate(WindowsPaths.BcdStore));
        Assert.Contains("is a SYSTEM hive, not a BCD hive", Assert.Throws<TargetException>(() => TargetOpener.Open(Path.Combine(dir.Path, "vol"), null, null, Path.Combine(config, "SYSTEM"))).Message, StringComparison.Ordinal);
        Assert.Contains("--bcd names another", Assert.Throws<TargetException>(() => TargetOpener.Open(Corpus.File("ezregistry/BCD"), null, null, store)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_System_Reserved_partition_holding_only_boot_bcd_is_a_volume()
    {
        using var dir = new TemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "boot"));
        Corpus.CopyTo(Path.Combine(dir.Path, "boot"), "ezregistry/BCD", "bcd");

        using var target = TargetOpener.Open(dir.Path, null, null);

        Assert.IsType<FolderTarget>(target);
        Assert.True(target.FileExists(WindowsPaths.BcdStore));
        Assert.False(target.FileExists(WindowsPaths.SystemHive));
    }
}
