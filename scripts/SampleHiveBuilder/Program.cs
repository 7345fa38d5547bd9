using System.Globalization;
using OfflineRepair.Registry;

// Builds a hive from a values file (testdata/sample/*.values.tsv): one value a line,
// KEY<TAB>NAME<TAB>TYPE<TAB>DATA, KEY relative to the root, TYPE REG_SZ | REG_EXPAND_SZ | REG_DWORD |
// REG_BINARY (hex digits) | REG_MULTI_SZ (strings separated by the two characters \0), '#' starts a
// comment. The hive is made by EmptyHive.Create and filled through the RegistryKey API with a fixed
// clock, so the same values file always gives the same bytes.
// Usage: SampleHiveBuilder VALUES_FILE OUTPUT_HIVE [ROOT_NAME [MINOR_VERSION]]
if (args.Length is < 2 or > 4)
{
    Console.Error.WriteLine("usage: SampleHiveBuilder VALUES_FILE OUTPUT_HIVE [ROOT_NAME [MINOR_VERSION]]");
    return 2;
}

var valuesFile = args[0];
var output = args[1];
var rootName = args.Length >= 3 ? args[2] : "ROOT";
var minorVersion = args.Length == 4 ? uint.Parse(args[3], NumberStyles.None, CultureInfo.InvariantCulture) : 5u;
var timestamp = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

File.WriteAllBytes(output, EmptyHive.Create(rootName, minorVersion, timestamp));
using (var hive = Hive.Open(output, new HiveOpenOptions { Writable = true, Clock = new FixedClock(timestamp) }))
{
    int lineNumber = 0;
    foreach (var line in File.ReadLines(valuesFile))
    {
        lineNumber++;
        if (line.Length == 0 || line.StartsWith('#'))
        {
            continue;
        }

        var fields = line.Split('\t');
        if (fields.Length != 4)
        {
            Console.Error.WriteLine($"{valuesFile}:{lineNumber}: expected KEY<TAB>NAME<TAB>TYPE<TAB>DATA");
            return 2;
        }

        var (keyPath, name, typeName, data) = (fields[0], fields[1], fields[2], fields[3]);
        var key = hive.Root.CreateKey(keyPath);
        switch (typeName)
        {
            case "REG_SZ":
                key.SetValue(name, RegistryValueType.String, RegistryData.String(data));
                break;
            case "REG_EXPAND_SZ":
                key.SetValue(name, RegistryValueType.ExpandString, RegistryData.String(data));
                break;
            case "REG_DWORD":
                key.SetValue(name, RegistryValueType.DWord, RegistryData.DWord(uint.Parse(data, NumberStyles.None, CultureInfo.InvariantCulture)));
                break;
            case "REG_BINARY":
                key.SetValue(name, RegistryValueType.Binary, Convert.FromHexString(data));
                break;
            case "REG_MULTI_SZ":
                key.SetValue(name, RegistryValueType.MultiString, RegistryData.MultiString(data.Split("\\0")));
                break;
            default:
                Console.Error.WriteLine($"{valuesFile}:{lineNumber}: unsupported type {typeName}");
                return 2;
        }
    }

    hive.Commit();
}

Console.WriteLine($"wrote {output}");
return 0;

/// <summary>A clock stopped at one instant, so key last-write times are the same on every build.</summary>
internal sealed class FixedClock(DateTime utc) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(utc);
}
