using FsCheck;
using FsCheck.Xunit;
using OfflineRepair.Registry;

namespace OfflineRepair.Bcd.Tests;

public sealed class ElementValueCodecTests
{
    private static readonly Func<string, Guid> NoObjects = text => throw new BcdException($"unexpected object {text}");

    private static BcdElement Read(uint type, ElementData data) =>
        new(type, ObjectTypes.OsLoader, new RegistryValue("Element", data.Type, data.Data));

    [Property]
    public void Integers_round_trip_through_8_bytes(ulong value)
    {
        var data = ElementValueCodec.Encode(ElementTypes.Timeout, "timeout", value.ToString(System.Globalization.CultureInfo.InvariantCulture), NoObjects);
        var hex = ElementValueCodec.Encode(ElementTypes.Timeout, "timeout", $"0x{value:X}", NoObjects);

        Assert.Equal(RegistryValueType.Binary, data.Type);
        Assert.Equal(8, data.Data.Length);
        Assert.Equal(BitConverter.GetBytes(value), data.Data);
        Assert.Equal(data.Data, hex.Data);
        Assert.Equal(value, Read(ElementTypes.Timeout, data).AsInteger());
    }

    [Property]
    public void Shorter_integers_read_as_zero_extended(NonEmptyArray<byte> bytes)
    {
        var data = bytes.Get.Take(8).ToArray();
        var element = new BcdElement(ElementTypes.Timeout, ObjectTypes.BootManager, new RegistryValue("Element", RegistryValueType.Binary, data));
        var padded = new byte[8];
        data.CopyTo(padded, 0);

        Assert.Equal(BitConverter.ToUInt64(padded), element.AsInteger());
    }

    [Property]
    public void Booleans_round_trip_through_one_byte(bool value)
    {
        foreach (var word in value ? new[] { "yes", "ON", "True", "1" } : new[] { "no", "Off", "FALSE", "0" })
        {
            var data = ElementValueCodec.Encode(ElementTypes.Ems, "ems", word, NoObjects);
            Assert.Equal(RegistryValueType.Binary, data.Type);
            Assert.Equal(new[] { value ? (byte)1 : (byte)0 }, data.Data);
            Assert.Equal(value, Read(ElementTypes.Ems, data).AsBoolean());
        }
    }

    [Property]
    public void Booleans_of_any_length_read_their_first_byte(NonEmptyArray<byte> bytes)
    {
        var element = new BcdElement(ElementTypes.Ems, ObjectTypes.OsLoader, new RegistryValue("Element", RegistryValueType.Binary, bytes.Get));

        Assert.Equal(bytes.Get[0] != 0, element.AsBoolean());
    }

    [Property]
    public void Strings_round_trip_as_reg_sz(NonNull<string> text)
    {
        var value = text.Get.Replace("\0", "", StringComparison.Ordinal);
        var data = ElementValueCodec.Encode(ElementTypes.Description, "description", value, NoObjects);

        Assert.Equal(RegistryValueType.String, data.Type);
        Assert.Equal(System.Text.Encoding.Unicode.GetBytes(value + "\0"), data.Data);
        Assert.Equal(value, Read(ElementTypes.Description, data).AsString());
    }

    [Property]
    public void Objects_round_trip_as_braced_lowercase_guids(Guid id)
    {
        var data = ElementValueCodec.Encode(ElementTypes.DefaultObject, "default", "whatever", _ => id);

        Assert.Equal(RegistryValueType.String, data.Type);
        Assert.Equal(System.Text.Encoding.Unicode.GetBytes(id.ToString("B") + "\0"), data.Data);
        Assert.Equal(id, new BcdElement(ElementTypes.DefaultObject, ObjectTypes.BootManager, new RegistryValue("Element", data.Type, data.Data)).AsObject());
    }

    [Theory]
    [InlineData("timeout", 0x25000004u, "5", "0500000000000000")]
    [InlineData("emsbaudrate", 0x15000023u, "115200", "00c2010000000000")]
    [InlineData("emsport", 0x15000022u, "0x1", "0100000000000000")]
    [InlineData("nx", 0x25000020u, "AlwaysOn", "0300000000000000")]
    [InlineData("bootstatuspolicy", 0x250000e0u, "ignoreallfailures", "0100000000000000")]
    [InlineData("displaybootmenu", 0x26000020u, "yes", "01")]
    [InlineData("bootems", 0x16000020u, "off", "00")]
    public void Encodes_the_bytes_bcdedit_writes(string name, uint type, string text, string hex)
    {
        var data = ElementValueCodec.Encode(type, name, text, NoObjects);

        Assert.Equal(hex, Convert.ToHexString(data.Data).ToLowerInvariant());
        Assert.Equal(RegistryValueType.Binary, data.Type);
    }

    [Theory]
    [InlineData(0x26000020u, "maybe")]
    [InlineData(0x26000020u, "")]
    [InlineData(0x25000004u, "-1")]
    [InlineData(0x25000004u, "5s")]
    [InlineData(0x25000004u, "18446744073709551616")]
    [InlineData(0x25000004u, "0x")]
    [InlineData(0x11000001u, "partition=C:")]
    [InlineData(0x24000001u, "{bootmgr}")]
    [InlineData(0x14000006u, "{globalsettings}")]
    [InlineData(0x17000077u, "1")]
    public void Refuses_values_that_do_not_fit_and_formats_it_does_not_write(uint type, string text)
    {
        var error = Assert.Throws<BcdException>(() => ElementValueCodec.Encode(type, "x", text, NoObjects));
        Assert.DoesNotContain('\n', error.Message);
    }
}
