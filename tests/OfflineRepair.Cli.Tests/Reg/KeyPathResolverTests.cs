using OfflineRepair.Cli.Reg;
using OfflineRepair.Cli.Tests.Support;

namespace OfflineRepair.Cli.Tests.Reg;

public sealed class KeyPathResolverTests
{
    private const string SystemRoot = "CMI-CreateHive{F10156BE-0E87-4EFB-969E-5DA29D131144}";

    private static KeyPathResolver SystemHive(string fileName = "SYSTEM") =>
        new(TestHives.InMemory(SystemRoot, @"ControlSet001\Control\CrashControl", @"ControlSet001\Services", "Select", "Setup"), "/mnt/disk/Windows/System32/config/" + fileName);

    [Theory]
    [InlineData(@"HKLM\SYSTEM\ControlSet001\Control", @"HKEY_LOCAL_MACHINE\SYSTEM")]
    [InlineData(@"HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control", @"HKEY_LOCAL_MACHINE\SYSTEM")]
    [InlineData(@"hklm\system\controlset001\control", @"HKEY_LOCAL_MACHINE\system")]
    [InlineData(@"HKLM\OFFLINE\ControlSet001\Control", @"HKEY_LOCAL_MACHINE\OFFLINE")]
    [InlineData(@"HKU\OFFLINE\ControlSet001\Control", @"HKEY_USERS\OFFLINE")]
    [InlineData(@"SYSTEM\ControlSet001\Control", @"HKEY_LOCAL_MACHINE\SYSTEM")]
    [InlineData(@"ControlSet001\Control", @"HKEY_LOCAL_MACHINE\" + SystemRoot)]
    [InlineData(@"\ControlSet001\Control\", @"HKEY_LOCAL_MACHINE\" + SystemRoot)]
    [InlineData(SystemRoot + @"\ControlSet001\Control", @"HKEY_LOCAL_MACHINE\" + SystemRoot)]
    [InlineData(@"HKLM\ControlSet001\Control", @"HKEY_LOCAL_MACHINE\" + SystemRoot)]
    [InlineData(@"HKCU\ControlSet001\Control", "HKEY_CURRENT_USER")]
    public void Every_spelling_of_a_key_finds_it(string keyArgument, string displayRoot)
    {
        var found = SystemHive().Find(keyArgument);

        Assert.Equal(@"ControlSet001\Control", found.ExistingKey.Path);
        Assert.Equal(displayRoot, found.DisplayRoot);
        Assert.Equal(displayRoot + @"\ControlSet001\Control", found.DisplayPath);
    }

    [Theory]
    [InlineData("")]
    [InlineData(@"\")]
    [InlineData("HKLM")]
    [InlineData(@"HKLM\SYSTEM")]
    [InlineData(@"HKLM\OFFLINE\")]
    [InlineData("SYSTEM")]
    [InlineData(SystemRoot)]
    public void A_mount_name_alone_is_the_hive_root(string keyArgument)
    {
        Assert.Equal(0, SystemHive().Find(keyArgument).ExistingKey.Depth);
    }

    [Fact]
    public void After_HKLM_an_unknown_name_that_is_a_key_is_that_key()
    {
        // HKLM\Select in a SYSTEM hive: "Select" is no mount name, and the key Select exists.
        var found = SystemHive().Find(@"HKLM\Select");

        Assert.Equal("Select", found.ExistingKey.Path);
    }

    [Fact]
    public void The_file_name_is_a_mount_name_with_or_without_extension()
    {
        Assert.Equal("Select", SystemHive("SYSTEM.copy").Find(@"SYSTEM.copy\Select").ExistingKey.Path);
        Assert.Equal("Select", SystemHive("offsys.hiv").Find(@"offsys\Select").ExistingKey.Path);
    }

    [Fact]
    public void A_key_named_like_a_standard_hive_is_read_as_written_first()
    {
        // NTUSER.DAT has a top-level key Software: "Software\Microsoft" there is that key, not "Microsoft".
        var resolver = new KeyPathResolver(TestHives.InMemory("ROOT", @"Software\Microsoft", "Microsoft"), "NTUSER.DAT");

        Assert.Equal(@"Software\Microsoft", resolver.Find(@"Software\Microsoft").ExistingKey.Path);
    }

    [Fact]
    public void A_missing_key_is_bad_input_naming_what_was_looked_for()
    {
        var error = Assert.Throws<BadInputException>(() => SystemHive().Find(@"SYSTEM\Nope"));

        Assert.Contains(@"'SYSTEM\Nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("reg query", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"SYSTEM\NewKey", "NewKey", @"HKEY_LOCAL_MACHINE\SYSTEM")]
    [InlineData(@"HKLM\SYSTEM\NewKey\Deep", @"NewKey\Deep", @"HKEY_LOCAL_MACHINE\SYSTEM")]
    [InlineData(@"HKLM\OFFLINE\NewKey", "NewKey", @"HKEY_LOCAL_MACHINE\OFFLINE")]
    [InlineData(@"HKLM\ControlSet001\NewKey", @"ControlSet001\NewKey", @"HKEY_LOCAL_MACHINE\" + SystemRoot)]
    [InlineData(@"ControlSet001\Services\NewService", @"ControlSet001\Services\NewService", @"HKEY_LOCAL_MACHINE\" + SystemRoot)]
    [InlineData(@"HKLM\SYSTEM\ControlSet001\Services\NewService", @"ControlSet001\Services\NewService", @"HKEY_LOCAL_MACHINE\SYSTEM")]
    [InlineData(@"NewTop\NewKey", @"NewTop\NewKey", @"HKEY_LOCAL_MACHINE\" + SystemRoot)]
    public void A_key_to_create_takes_the_reading_that_reuses_most_of_the_existing_path(string keyArgument, string relativePath, string displayRoot)
    {
        var target = SystemHive().ForCreate(keyArgument);

        Assert.Null(target.Key);
        Assert.Equal(relativePath, target.RelativePath);
        Assert.Equal(displayRoot, target.DisplayRoot);
    }

    [Fact]
    public void A_key_to_create_that_exists_is_returned()
    {
        var target = SystemHive().ForCreate(@"HKLM\SYSTEM\ControlSet001\Control\CrashControl");

        Assert.Equal(@"ControlSet001\Control\CrashControl", target.ExistingKey.Path);
    }

    [Fact]
    public void A_key_name_longer_than_Windows_allows_is_bad_input()
    {
        var error = Assert.Throws<BadInputException>(() => SystemHive().ForCreate(@"Select\" + new string('k', 256)));

        Assert.Contains("255", error.Message, StringComparison.Ordinal);
    }
}
