using System.Text.Json;
using OfflineRepair.Registry;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Bcd.Tests;

/// <summary>The BCD stores of the corpus, and what hivex (not our reader) sees in them.</summary>
internal static class CorpusStores
{
    /// <summary>regipy: a real EFI store; ezregistry: install media; museum: Windows 11's BCD-Template.</summary>
    public static readonly string[] All = ["regipy/BCD.xz", "ezregistry/BCD", "museum/Win11/BCD-Template"];

    public static TheoryData<string> Theory()
    {
        var data = new TheoryData<string>();
        foreach (var store in All)
        {
            data.Add(store);
        }

        return data;
    }

    public static BcdStore Open(string relativePath) =>
        new(Hive.Open(Corpus.File(relativePath)));

    private const string ElementsScript = """
        import hivex, json, sys
        h = hivex.Hivex(sys.argv[1])
        objects = h.node_get_child(h.root(), "Objects")
        out = {}
        for o in h.node_children(objects):
            elements = {}
            e = h.node_get_child(o, "Elements")
            for k in (h.node_children(e) if e else []):
                values = [[h.value_type(v)[0], h.value_value(v)[1].hex()] for v in h.node_values(k) if h.value_key(v) == "Element"]
                elements[h.node_name(k).lower()] = values[0] if values else None
            out[h.node_name(o)] = elements
        json.dump(out, sys.stdout)
        """;

    /// <summary>Per object key name: element key name (lowercase) → (registry type, data) as python3-hivex reads them.</summary>
    public static Dictionary<string, Dictionary<string, (RegistryValueType Type, byte[] Data)?>> HivexElements(string hivePath)
    {
        var python = Tools.RequirePythonHivex();
        var result = Tools.Run(python, ["-c", ElementsScript, hivePath], timeoutSeconds: 120);
        Assert.True(result.ExitCode == 0, $"python3-hivex failed: {result.StandardError}");
        using var json = JsonDocument.Parse(result.StandardOutput);
        var objects = new Dictionary<string, Dictionary<string, (RegistryValueType, byte[])?>>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in json.RootElement.EnumerateObject())
        {
            var elements = new Dictionary<string, (RegistryValueType, byte[])?>(StringComparer.OrdinalIgnoreCase);
            foreach (var element in entry.Value.EnumerateObject())
            {
                elements[element.Name] = element.Value.ValueKind == JsonValueKind.Null
                    ? null
                    : ((RegistryValueType)element.Value[0].GetUInt32(), Convert.FromHexString(element.Value[1].GetString()!));
            }

            objects[entry.Name] = elements;
        }

        return objects;
    }
}
