namespace OfflineRepair.Bcd.Tests;

public sealed class ElementNamesTests
{
    [Theory]
    [InlineData(0x12000004u, ObjectTypes.BootManager, "description")]
    [InlineData(0x11000001u, ObjectTypes.OsLoader, "device")]
    [InlineData(0x12000005u, ObjectTypes.OsLoader, "locale")]
    [InlineData(0x14000006u, ObjectTypes.InheritLibrary, "inherit")]
    [InlineData(0x23000003u, ObjectTypes.BootManager, "default")]
    [InlineData(0x24000001u, ObjectTypes.BootManager, "displayorder")]
    [InlineData(0x24000010u, ObjectTypes.BootManager, "toolsdisplayorder")]
    [InlineData(0x25000004u, ObjectTypes.BootManager, "timeout")]
    [InlineData(0x25000004u, ObjectTypes.FirmwareBootManager, "timeout")]
    [InlineData(0x26000020u, ObjectTypes.BootManager, "displaybootmenu")]
    [InlineData(0x16000020u, ObjectTypes.BootManager, "bootems")]
    [InlineData(0x260000b0u, ObjectTypes.OsLoader, "ems")]
    [InlineData(0x15000022u, ObjectTypes.InheritLibrary, "emsport")]
    [InlineData(0x15000023u, ObjectTypes.InheritLibrary, "emsbaudrate")]
    [InlineData(0x21000001u, ObjectTypes.OsLoader, "osdevice")]
    [InlineData(0x22000002u, ObjectTypes.OsLoader, "systemroot")]
    [InlineData(0x23000006u, ObjectTypes.BootManager, "resumeobject")]
    [InlineData(0x23000003u, ObjectTypes.OsLoader, "resumeobject")]
    [InlineData(0x25000020u, ObjectTypes.OsLoader, "nx")]
    [InlineData(0x250000e0u, ObjectTypes.OsLoader, "bootstatuspolicy")]
    [InlineData(0x16000009u, ObjectTypes.OsLoader, "recoveryenabled")]
    [InlineData(0x14000008u, ObjectTypes.OsLoader, "recoverysequence")]
    [InlineData(0x16000010u, ObjectTypes.InheritLibrary, "bootdebug")]
    [InlineData(0x15000011u, ObjectTypes.InheritLibrary, "debugtype")]
    [InlineData(0x15000013u, ObjectTypes.InheritLibrary, "debugport")]
    [InlineData(0x15000014u, ObjectTypes.InheritLibrary, "baudrate")]
    [InlineData(0x250000c2u, ObjectTypes.OsLoader, "bootmenupolicy")]
    [InlineData(0x250000f0u, ObjectTypes.OsLoader, "hypervisorlaunchtype")]
    [InlineData(0x250000f3u, ObjectTypes.InheritOsLoader, "hypervisordebugtype")]
    [InlineData(0x1600000bu, ObjectTypes.MemoryDiagnostic, "badmemoryaccess")]
    [InlineData(0x22000002u, ObjectTypes.ResumeLoader, "filepath")]
    [InlineData(0x32000004u, ObjectTypes.Device, "ramdisksdipath")]
    public void Names_are_bcdedits_and_parse_back(uint type, uint objectType, string name)
    {
        Assert.Equal(name, ElementNames.Name(type, objectType));
        Assert.True(ElementNames.TryParse(name, objectType, out uint parsed));
        Assert.Equal(type, parsed);
        Assert.True(ElementNames.TryParse(name.ToUpperInvariant(), objectType, out parsed));
        Assert.Equal(type, parsed);
    }

    [Fact]
    public void A_shared_subtype_means_what_the_object_class_says()
    {
        // 0x20 is displaybootmenu (boolean) on a boot manager and nx (integer) on a loader; neither is the other's.
        Assert.Equal("displaybootmenu", ElementNames.Name(0x26000020, ObjectTypes.BootManager));
        Assert.Equal("custom:26000020", ElementNames.Name(0x26000020, ObjectTypes.OsLoader));
        Assert.Equal("custom:25000020", ElementNames.Name(0x25000020, ObjectTypes.BootManager));
        Assert.False(ElementNames.TryParse("ems", ObjectTypes.BootManager, out _));
        Assert.False(ElementNames.TryParse("displaybootmenu", ObjectTypes.OsLoader, out _));
        Assert.False(ElementNames.TryParse("timeout", ObjectTypes.InheritLibrary, out _));
        Assert.True(ElementNames.TryParse("bootems", ObjectTypes.InheritLibrary, out _));
    }

    [Fact]
    public void Unknown_types_print_and_parse_as_custom_hex()
    {
        Assert.Equal("custom:45000001", ElementNames.Name(0x45000001, ObjectTypes.BootManager));
        Assert.Equal("custom:26000020", ElementNames.Name(0x26000020, null));
        Assert.True(ElementNames.TryParse("custom:26000027", ObjectTypes.OsLoader, out uint type));
        Assert.Equal(0x26000027u, type);
        Assert.False(ElementNames.TryParse("custom:0600002", ObjectTypes.OsLoader, out _));
        Assert.False(ElementNames.TryParse("custom:06000020", ObjectTypes.OsLoader, out _));
        Assert.False(ElementNames.TryParse("custom:zz", ObjectTypes.OsLoader, out _));
        Assert.False(ElementNames.TryParse("nosuchname", ObjectTypes.OsLoader, out _));
    }

    [Fact]
    public void Every_name_in_a_table_is_unique_per_object_type()
    {
        foreach (uint objectType in new[] { ObjectTypes.BootManager, ObjectTypes.OsLoader, ObjectTypes.ResumeLoader, ObjectTypes.MemoryDiagnostic, ObjectTypes.Device, ObjectTypes.InheritLibrary })
        {
            var named = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase);
            for (uint cls = 1; cls <= 3; cls++)
            {
                for (uint format = 1; format <= 8; format++)
                {
                    for (uint subtype = 0; subtype < 0x200; subtype++)
                    {
                        uint type = (cls << 28) | (format << 24) | subtype;
                        if (ElementNames.TryGetName(type, objectType, out var name))
                        {
                            Assert.True(named.TryAdd(name, type), $"{name} names both {named.GetValueOrDefault(name):x8} and {type:x8} on {objectType:x8}");
                            Assert.Equal(cls, ElementTypes.Class(type));
                        }
                    }
                }
            }
        }
    }
}
