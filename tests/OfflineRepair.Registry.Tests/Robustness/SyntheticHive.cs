using OfflineRepair.Registry.Tests.Commit;

namespace OfflineRepair.Registry.Tests.Robustness;

/// <summary>A small version 1.5 hive made by our own writer: 20 keys, values of every common type, big data, freed cells.</summary>
internal static class SyntheticHive
{
    public static byte[] Create()
    {
        using var stream = new MemoryStream();
        stream.Write(EmptyHive.Create("Synthetic", minorVersion: 5, timestamp: FixedClock.Default.GetUtcNow().UtcDateTime));
        using (var hive = Hive.Open(stream, "synthetic", logs: null, options: new HiveOpenOptions { Writable = true, Clock = FixedClock.Default }))
        {
            var root = hive.Root;
            root.CreateKey(@"Software\Vendor\Product").SetValue("Version", RegistryValueType.String, RegistryData.String("1.2.3"));
            root.CreateKey(@"Software\Vendor\Other").SetValue("List", RegistryValueType.MultiString, RegistryData.MultiString(["a", "bc", "def"]));
            root.CreateKey(@"Software\Classes").SetValue("", RegistryValueType.String, RegistryData.String("default value"));
            root.CreateKey(@"Software\Classes\.txt").SetValue("Content Type", RegistryValueType.String, RegistryData.String("text/plain"));
            var services = root.CreateKey(@"System\Services");
            foreach (var name in new[] { "alpha", "Beta", "gamma", "Delta", "epsilon" })
            {
                var service = services.CreateSubkey(name);
                service.SetValue("Start", RegistryValueType.DWord, RegistryData.DWord(3));
                service.SetValue("ImagePath", RegistryValueType.ExpandString, RegistryData.String($@"%SystemRoot%\{name}.sys"));
            }

            root.CreateKey(@"System\Ünïcödé").SetValue("QWord", RegistryValueType.QWord, RegistryData.QWord(0x0102030405060708));
            root.CreateKey(@"System\日本語").SetValue("名前", RegistryValueType.DWordBigEndian, [1, 2, 3, 4]);
            var big = root.CreateKey("Big");
            big.SetValue("Blob", RegistryValueType.Binary, Commit.PageCountTests.Pattern(40_000, seed: 3));
            big.SetValue("Small", RegistryValueType.Binary, Commit.PageCountTests.Pattern(100, seed: 4));
            big.SetValue("Empty", RegistryValueType.None, []);
            root.CreateKey(@"Deep\A\B");
            root.CreateKey("Doomed\\Child").SetValue("x", RegistryValueType.Binary, new byte[300]);
            root.DeleteSubkeyTree("Doomed");
            big.SetValue("Gone", RegistryValueType.Binary, new byte[64]);
            big.DeleteValue("Gone");
            hive.Commit();
        }

        var bytes = stream.ToArray();
        using var check = Hive.Load(bytes);
        int keys = check.EnumerateTree().Count();
        if (keys != 20)
        {
            throw new InvalidOperationException($"the synthetic hive has {keys} keys, not 20");
        }

        return bytes;
    }
}
