using OfflineRepair.TestSupport;

namespace OfflineRepair.Bcd.Tests;

/// <summary>Our model of each corpus store against hivex's reading of the same file.</summary>
public sealed class BcdStoreCorpusTests
{
    [Theory]
    [MemberData(nameof(CorpusStores.Theory), MemberType = typeof(CorpusStores))]
    public void The_objects_are_exactly_those_hivexsh_lists(string corpusStore)
    {
        var path = Corpus.File(corpusStore);
        var hivexsh = Tools.Require("hivexsh", "libhivex-bin");
        var listing = Tools.Run(hivexsh, [path], standardInput: "cd \\Objects\nls\n");
        Assert.True(listing.ExitCode == 0, listing.StandardError);
        var expected = listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => name.ToLowerInvariant())
            .Order(StringComparer.Ordinal)
            .ToList();

        var store = CorpusStores.Open(corpusStore);
        var ours = store.Objects.Select(o => o.Id.ToString("B")).Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, ours);
        Assert.Empty(store.StrayObjectKeys);
    }

    [Theory]
    [MemberData(nameof(CorpusStores.Theory), MemberType = typeof(CorpusStores))]
    public void Each_object_type_is_the_one_hivexget_reads(string corpusStore)
    {
        var path = Corpus.File(corpusStore);
        var hivexget = Tools.Require("hivexget", "libhivex-bin");
        foreach (var entry in CorpusStores.Open(corpusStore).Objects)
        {
            var read = Tools.Run(hivexget, [path, $@"\Objects\{entry.Key.Name}\Description", "Type"]);
            Assert.True(read.ExitCode == 0, read.StandardError);
            Assert.Equal(uint.Parse(read.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture), entry.Type);
        }
    }

    [Theory]
    [MemberData(nameof(CorpusStores.Theory), MemberType = typeof(CorpusStores))]
    public void Every_element_has_the_raw_bytes_and_type_hivex_reads(string corpusStore)
    {
        var hivex = CorpusStores.HivexElements(Corpus.File(corpusStore));
        var store = CorpusStores.Open(corpusStore);
        int compared = 0;
        foreach (var entry in store.Objects)
        {
            var expected = hivex[entry.Key.Name];
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), entry.Elements.Select(e => ElementTypes.KeyName(e.Type)).Order(StringComparer.Ordinal));
            Assert.Empty(entry.StrayElementKeys);
            foreach (var element in entry.Elements)
            {
                var (type, data) = expected[ElementTypes.KeyName(element.Type)]!.Value;
                Assert.NotNull(element.RawValue);
                Assert.Equal(type, element.RawValue.Type);
                Assert.Equal(data, element.RawValue.Data);
                compared++;
            }
        }

        Assert.True(compared > 10, $"only {compared} elements compared");
    }

    [Theory]
    [MemberData(nameof(CorpusStores.Theory), MemberType = typeof(CorpusStores))]
    public void Every_element_is_stored_as_the_registry_type_its_format_maps_to(string corpusStore)
    {
        // research/bcd_azure.md §1.2: strings and objects REG_SZ, object lists REG_MULTI_SZ, the rest REG_BINARY.
        // All three corpus stores follow it, including the class-4 template elements of BCD-Template.
        var mismatches = CorpusStores.Open(corpusStore).Objects
            .SelectMany(o => o.Elements.Select(e => (Object: o, Element: e)))
            .Where(x => x.Element.RawValue!.Type != x.Element.ExpectedRegistryType)
            .Select(x => $"{x.Object.Identifier} {ElementTypes.KeyName(x.Element.Type)} {x.Element.RawValue!.Type}")
            .ToList();

        Assert.Empty(mismatches);
    }

    [Theory]
    [MemberData(nameof(CorpusStores.Theory), MemberType = typeof(CorpusStores))]
    public void Every_element_decodes_by_its_format(string corpusStore)
    {
        foreach (var entry in CorpusStores.Open(corpusStore).Objects)
        {
            foreach (var element in entry.Elements)
            {
                object? decoded = element.Format switch
                {
                    ElementFormat.Boolean => element.AsBoolean(),
                    ElementFormat.Integer => element.AsInteger(),
                    ElementFormat.IntegerList => element.AsIntegerList(),
                    ElementFormat.String => element.AsString(),
                    ElementFormat.Object => element.AsObject(),
                    ElementFormat.ObjectList => element.AsObjectList(),
                    ElementFormat.Device => element.AsDevice(),
                    _ => null,
                };
                Assert.True(decoded is not null, $"{entry.Identifier} {ElementTypes.KeyName(element.Type)} ({element.Format}) did not decode");
                Assert.NotEmpty(element.DisplayLines());
            }
        }
    }

    [Theory]
    [InlineData("regipy/BCD.xz", "{733b62e5-f608-11eb-825c-c112f60133ab}", "Windows 10")]
    [InlineData("ezregistry/BCD", "{7619dcc9-fafe-11d9-b411-000476eba25f}", "Windows Setup")]
    [InlineData("museum/Win11/BCD-Template", "{cbd971bf-b7b8-4885-951a-fa03044f5d71}", null)]
    public void The_default_loader_is_an_os_loader(string corpusStore, string expectedId, string? description)
    {
        var store = CorpusStores.Open(corpusStore);

        var loader = store.DefaultLoader();

        Assert.Equal(Guid.Parse(expectedId), loader.Id);
        Assert.Equal(ObjectTypes.OsLoader, loader.Type);
        Assert.Equal(ObjectKind.Application, loader.Kind);
        Assert.Equal("Windows Boot Loader", loader.Title);
        Assert.Equal(description, loader.Description);
        Assert.Equal(loader.Id, store.ResolveIdentifier("{default}"));
        Assert.Equal("{default}", store.Identifier()(loader.Id));
    }

    [Fact]
    public void Integer_elements_of_one_byte_read_as_their_value()
    {
        // ezregistry/BCD and BCD-Template hold the {bootmgr} timeout as the single byte 1e.
        foreach (var corpusStore in new[] { "ezregistry/BCD", "museum/Win11/BCD-Template" })
        {
            var timeout = CorpusStores.Open(corpusStore).FindObject(WellKnownObjects.BootManager)!.Element(ElementTypes.Timeout)!;
            Assert.Single(timeout.RawValue!.Data);
            Assert.Equal(30UL, timeout.AsInteger());
            Assert.Equal("timeout", timeout.Name);
        }
    }

    [Theory]
    [MemberData(nameof(CorpusStores.Theory), MemberType = typeof(CorpusStores))]
    public void Partition_devices_are_recognized_and_no_device_throws(string corpusStore)
    {
        foreach (var element in CorpusStores.Open(corpusStore).Objects.SelectMany(o => o.Elements).Where(e => e.Format == ElementFormat.Device))
        {
            var data = element.RawValue!.Data;
            var device = BcdDevice.Parse(data);
            Assert.False(string.IsNullOrEmpty(device.Summary));
            if (data.Length >= 20 && BitConverter.ToUInt32(data, 16) == 6)
            {
                Assert.Equal(DeviceKind.Partition, device.Kind);
                Assert.Equal(PartitionStyle.Gpt, device.Style);
                Assert.StartsWith("partition (GPT disk {", device.Summary, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Regipy_devices_name_their_gpt_disk_and_partition()
    {
        var store = CorpusStores.Open("regipy/BCD.xz");
        var loader = store.DefaultLoader();

        var device = loader.Element(ElementTypes.OsDevice)!.AsDevice()!;

        Assert.Equal(DeviceKind.Partition, device.Kind);
        Assert.Equal(Guid.Parse("{8e0f2c38-e4ea-47ba-b7fc-9d8c74dccf0b}"), device.GptPartitionId);
        Assert.Equal(Guid.Parse("{0b2394a9-095e-487d-8d48-719ecd4d78ca}"), device.GptDiskId);
        Assert.Null(device.Parent);
        var recovery = store.FindObject(Guid.Parse("{733b62e6-f608-11eb-825c-c112f60133ab}"))!.Element(ElementTypes.Device)!.AsDevice()!;
        Assert.Equal(DeviceKind.Ramdisk, recovery.Kind);
        Assert.Equal(Guid.Parse("{733b62e7-f608-11eb-825c-c112f60133ab}"), recovery.Parent);
    }

    [Fact]
    public void Ezregistry_memory_tester_is_on_the_boot_device()
    {
        var memdiag = CorpusStores.Open("ezregistry/BCD").FindObject(WellKnownObjects.MemoryDiagnostic)!;

        Assert.Equal("boot", memdiag.Element(ElementTypes.Device)!.Display);
    }

    [Fact]
    public void Object_kinds_and_titles_follow_the_type_bits()
    {
        var store = CorpusStores.Open("regipy/BCD.xz");
        var byId = store.Objects.ToDictionary(o => o.Identifier);

        Assert.Equal(("Windows Boot Manager", ObjectKind.Application), (byId["{bootmgr}"].Title, byId["{bootmgr}"].Kind));
        Assert.Equal(("Firmware Boot Manager", ObjectKind.Application), (byId["{fwbootmgr}"].Title, byId["{fwbootmgr}"].Kind));
        Assert.Equal(("EMS Settings", ObjectKind.Inherit), (byId["{emssettings}"].Title, byId["{emssettings}"].Kind));
        Assert.Equal(("Hypervisor Settings", ObjectKind.Inherit), (byId["{hypervisorsettings}"].Title, byId["{hypervisorsettings}"].Kind));
        var device = byId["{733b62e7-f608-11eb-825c-c112f60133ab}"];
        Assert.Equal(("Device options", ObjectKind.Device), (device.Title, device.Kind));
        Assert.Equal("Firmware Application (101fffff)", byId["{733b62de-f608-11eb-825c-c112f60133ab}"].Title);
        Assert.Equal(3u, ObjectTypes.ApplicationType(ObjectTypes.InheritOsLoader));
        Assert.Equal(2u, ObjectTypes.ImageType(ObjectTypes.OsLoader));
    }
}
