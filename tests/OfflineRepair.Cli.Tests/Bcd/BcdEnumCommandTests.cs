using System.Text.Json;
using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Bcd;

public sealed class BcdEnumCommandTests
{
    public static TheoryData<string> Stores() => new() { "regipy/BCD.xz", "ezregistry/BCD", "museum/Win11/BCD-Template" };

    [Theory]
    [MemberData(nameof(Stores))]
    public void Enum_all_shows_every_object_the_aliases_and_the_default(string corpusStore)
    {
        var path = Corpus.File(corpusStore);
        var hivexsh = Tools.Require("hivexsh", "libhivex-bin");
        var objects = Tools.Run(hivexsh, [path], standardInput: "cd \\Objects\nls\n").StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var result = CliRun.Run("bcd", "enum", path, "all");

        result.AssertSuccess();
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        var identifiers = lines.Where(l => l.StartsWith("identifier ", StringComparison.Ordinal)).Select(l => l[24..]).ToList();
        Assert.Equal(objects.Length, identifiers.Count);
        foreach (var key in objects)
        {
            var id = Guid.Parse(key);
            var alias = OfflineRepair.Bcd.WellKnownObjects.Aliases.GetValueOrDefault(id);
            Assert.True(identifiers.Contains(key.ToLowerInvariant()) || identifiers.Contains(alias!) || identifiers.Contains("{default}"), $"{key} not listed");
        }

        Assert.Contains("{bootmgr}", identifiers);
        Assert.Single(identifiers, "{default}");
        Assert.Contains(lines, l => l.StartsWith("timeout                 30", StringComparison.Ordinal));
        Assert.Contains(lines, l => l == "Windows Boot Manager");
        Assert.Contains(lines, l => l == "Windows Boot Loader");
        Assert.Contains(lines, l => l == "-------------------");
    }

    [Fact]
    public void Enum_active_is_the_boot_manager_and_its_display_order_in_bcdedit_layout()
    {
        var result = CliRun.Run("bcd", "enum", Corpus.File("regipy/BCD.xz"));

        result.AssertSuccess();
        var expectedStart = """

            Windows Boot Manager
            --------------------
            identifier              {bootmgr}
            device                  partition (GPT disk {0b2394a9-095e-487d-8d48-719ecd4d78ca}, partition {36be3955-63bf-4068-a6ab-00195cca3a22})
            path                    \EFI\Microsoft\Boot\bootmgfw.efi
            description             Windows Boot Manager
            locale                  en-US
            inherit                 {globalsettings}
            default                 {default}
            resumeobject            {733b62e4-f608-11eb-825c-c112f60133ab}
            displayorder            {default}
            toolsdisplayorder       {memdiag}
            timeout                 30

            Windows Boot Loader
            -------------------
            identifier              {default}
            """;
        Assert.StartsWith(expectedStart.ReplaceLineEndings("\n"), result.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(2, result.Stdout.Split("identifier ").Length - 1);
        Assert.Contains("\nnx                      OptIn\n", result.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_show_one_entry_per_line_under_the_name()
    {
        var result = CliRun.Run("bcd", "enum", Corpus.File("regipy/BCD.xz"), "{globalsettings}");

        result.AssertSuccess();
        Assert.Contains(
            "inherit                 {dbgsettings}\n                        {emssettings}\n                        {badmemory}\n",
            result.Stdout.ReplaceLineEndings("\n"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Json_parses_and_carries_every_element_with_its_raw_bytes()
    {
        var path = Corpus.File("ezregistry/BCD");

        var result = CliRun.Run("bcd", "enum", path, "all", "--json");

        result.AssertSuccess();
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schema").GetInt32());
        Assert.Equal(path, root.GetProperty("store").GetString());
        var objects = root.GetProperty("objects").EnumerateArray().ToList();
        Assert.Equal(9, objects.Count);
        var bootmgr = objects.Single(o => o.GetProperty("alias").GetString() == "{bootmgr}");
        Assert.Equal("10100002", bootmgr.GetProperty("type").GetString());
        Assert.Equal("application", bootmgr.GetProperty("kind").GetString());
        var timeout = bootmgr.GetProperty("elements").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "timeout");
        Assert.Equal("25000004", timeout.GetProperty("type").GetString());
        Assert.Equal("integer", timeout.GetProperty("format").GetString());
        Assert.Equal("30", timeout.GetProperty("value").GetString());
        Assert.Equal("1e", timeout.GetProperty("raw").GetString());
        var loader = objects.Single(o => o.GetProperty("isDefault").GetBoolean());
        Assert.Equal("{7619dcc9-fafe-11d9-b411-000476eba25f}", loader.GetProperty("id").GetString());
        Assert.Equal("Windows Setup", loader.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Null, loader.GetProperty("alias").ValueKind);
        Assert.Contains(objects, o => o.GetProperty("kind").GetString() == "device");
        Assert.Contains(objects, o => o.GetProperty("kind").GetString() == "inherit");
    }

    [Fact]
    public void A_hive_that_is_not_a_store_is_refused()
    {
        var line = CliRun.Run("bcd", "enum", Corpus.File("yarp/EmptyHive")).AssertRefused();

        Assert.Contains("not a BCD store", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_and_an_unknown_identifier_are_refused()
    {
        CliRun.Run("bcd", "enum", "/nonexistent/BCD").AssertRefused();
        var line = CliRun.Run("bcd", "enum", Corpus.File("regipy/BCD.xz"), "{11111111-2222-3333-4444-555555555555}").AssertRefused();
        Assert.Contains("{11111111-2222-3333-4444-555555555555}", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dirty_store_without_logs_is_refused_unless_forced()
    {
        using var dir = new TemporaryDirectory();
        var path = Corpus.CopyTo(dir.Path, "ezregistry/BCD", "BCD");
        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            // Bump the primary sequence number (offset 4) so that it no longer matches the secondary: dirty.
            var header = new byte[4];
            file.Position = 4;
            file.ReadExactly(header);
            BitConverter.GetBytes(BitConverter.ToUInt32(header) + 1).CopyTo(header, 0);
            file.Position = 4;
            file.Write(header);
        }

        var line = CliRun.Run("bcd", "enum", path).AssertRefused();
        Assert.Contains("dirty", line, StringComparison.Ordinal);
        CliRun.Run("bcd", "enum", path, "--force-dirty").AssertSuccess();
    }

    [Fact]
    public void Help_has_an_example()
    {
        var result = CliRun.Run("bcd", "enum", "--help");

        result.AssertSuccess();
        Assert.Contains("offline-repair bcd enum", result.Stdout, StringComparison.Ordinal);
    }
}
