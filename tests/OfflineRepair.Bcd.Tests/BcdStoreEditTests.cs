using OfflineRepair.Registry;
using OfflineRepair.Registry.Checking;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Bcd.Tests;

public sealed class BcdStoreEditTests
{
    private static readonly Guid RegipyLoader = Guid.Parse("{733b62e5-f608-11eb-825c-c112f60133ab}");

    [Fact]
    public void Set_ems_on_default_creates_the_lowercase_element_key_with_one_byte()
    {
        using var dir = new TemporaryDirectory();
        var path = Corpus.CopyTo(dir.Path, "regipy/BCD.xz", "BCD");
        using (var hive = Hive.Open(path, new HiveOpenOptions { Writable = true }))
        {
            var result = new BcdStore(hive).Set("{default}", "ems", "on");
            Assert.True(result.CreatedKey);
            Assert.Null(result.Previous);
            Assert.Equal(@"Objects\{733b62e5-f608-11eb-825c-c112f60133ab}\Elements\260000b0", result.KeyPath);
            hive.Commit();
        }

        using var reopened = Hive.Open(path);
        Assert.True(HiveChecker.Check(reopened).IsSound);
        var elements = reopened.Root.OpenKey(@"Objects\{733b62e5-f608-11eb-825c-c112f60133ab}\Elements")!;
        Assert.Contains("260000b0", elements.GetSubkeys().Select(k => k.Name));
        var value = new BcdStore(reopened).FindObject(RegipyLoader)!.ElementValue(ElementTypes.Ems)!;
        Assert.Equal(RegistryValueType.Binary, value.Type);
        Assert.Equal(new byte[] { 1 }, value.Data);
    }

    [Fact]
    public void Set_replaces_an_existing_element_in_its_own_key()
    {
        using var dir = new TemporaryDirectory();
        var path = Corpus.CopyTo(dir.Path, "museum/Win11/BCD-Template", "BCD");
        using var hive = Hive.Open(path, new HiveOpenOptions { Writable = true });
        var store = new BcdStore(hive);

        // The template names this key in uppercase (250000F3): it is reused, not doubled.
        var result = store.Set("{hypervisorsettings}", "hypervisordebugtype", "1");

        Assert.False(result.CreatedKey);
        Assert.Equal(new byte[] { 0 }, result.Previous!.Data);
        var keys = hive.Root.OpenKey(@"Objects\{7ff607e0-4395-11db-b0de-0800200c9a66}\Elements")!.GetSubkeys().Select(k => k.Name).ToList();
        Assert.Single(keys, k => string.Equals(k, "250000f3", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1UL, store.FindObject(WellKnownObjects.HypervisorSettings)!.Element(0x250000f3)!.AsInteger());
    }

    [Fact]
    public void Object_elements_take_aliases_and_store_the_guid()
    {
        using var dir = new TemporaryDirectory();
        var path = Corpus.CopyTo(dir.Path, "regipy/BCD.xz", "BCD");
        using var hive = Hive.Open(path, new HiveOpenOptions { Writable = true });
        var store = new BcdStore(hive);

        store.Set("{bootmgr}", "default", "{733b62e6-f608-11eb-825c-c112f60133ab}");

        Assert.Equal("{733b62e6-f608-11eb-825c-c112f60133ab}", store.FindObject(WellKnownObjects.BootManager)!.ElementValue(ElementTypes.DefaultObject)!.AsString());
        Assert.Throws<BcdException>(() => store.Set("{bootmgr}", "resumeobject", "{11111111-2222-3333-4444-555555555555}"));
    }

    [Theory]
    [InlineData("{11111111-2222-3333-4444-555555555555}", "ems", "on", "{11111111-2222-3333-4444-555555555555}")]
    [InlineData("{ramdiskoptions}", "description", "x", "{ramdiskoptions}")]
    [InlineData("{current}", "ems", "on", "{current}")]
    [InlineData("{nonsense}", "ems", "on", "{nonsense}")]
    [InlineData("{bootmgr}", "ems", "on", "'ems'")]
    [InlineData("{default}", "displaybootmenu", "yes", "'displaybootmenu'")]
    [InlineData("{bootmgr}", "timeout", "soon", "'soon'")]
    [InlineData("{bootmgr}", "displayorder", "{default}", "objectlist")]
    public void Refusals_name_what_is_wrong_and_change_nothing(string id, string name, string value, string named)
    {
        using var dir = new TemporaryDirectory();
        var path = Corpus.CopyTo(dir.Path, "regipy/BCD.xz", "BCD");
        using var hive = Hive.Open(path, new HiveOpenOptions { Writable = true });

        var error = Assert.Throws<BcdException>(() => new BcdStore(hive).Set(id, name, value));

        Assert.Contains(named, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(hive.HasUncommittedChanges);
    }

    [Fact]
    public void A_read_only_store_refuses_to_set()
    {
        var store = CorpusStores.Open("regipy/BCD.xz");

        Assert.Throws<BcdException>(() => store.Set("{bootmgr}", "timeout", "5"));
    }

    [Fact]
    public void Identifiers_resolve_like_bcdedit()
    {
        var store = CorpusStores.Open("regipy/BCD.xz");

        Assert.Equal(WellKnownObjects.BootManager, store.ResolveIdentifier("{BOOTMGR}"));
        Assert.Equal(WellKnownObjects.DebuggerSettings, store.ResolveIdentifier("{eventsettings}"));
        Assert.Equal(RegipyLoader, store.ResolveIdentifier("{default}"));
        Assert.Equal(RegipyLoader, store.ResolveIdentifier("733B62E5-F608-11EB-825C-C112F60133AB"));
        Assert.Equal("{default}", store.Identifier()(RegipyLoader));
        Assert.Equal("{emssettings}", store.Identifier()(WellKnownObjects.EmsSettings));
    }
}
