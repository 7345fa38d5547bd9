using System.Collections.Concurrent;
using System.Text.Json;
using OfflineRepair.Registry;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Support;

/// <summary>
/// Reads hives with python3-hivex (libguestfs), an implementation independent of ours: what our
/// writer wrote is checked by a reader we did not write.
/// </summary>
internal static class HivexOracle
{
    private const string KeyScript = """
        import hivex, json, sys
        h = hivex.Hivex(sys.argv[1])
        node = h.root()
        for part in [p for p in sys.argv[2].split('\\') if p]:
            node = h.node_get_child(node, part)
            if not node:
                print(json.dumps({"exists": False}))
                sys.exit(0)
        values = [[h.value_key(v), h.value_type(v)[0], h.value_value(v)[1].hex()] for v in h.node_values(node)]
        children = [h.node_name(c) for c in h.node_children(node)]
        print(json.dumps({"exists": True, "values": values, "children": children}))
        """;

    private const string TreeScript = """
        import hivex, json, sys
        h = hivex.Hivex(sys.argv[1])
        out = []
        stack = [(h.root(), [])]
        while stack:
            node, path = stack.pop()
            values = [[h.value_key(v), h.value_type(v)[0], h.value_value(v)[1].hex()] for v in h.node_values(node)]
            out.append([path, values])
            for child in reversed(h.node_children(node)):
                stack.append((child, path + [h.node_name(child)]))
        json.dump(out, sys.stdout)
        """;

    /// <summary>One key as hivex sees it, or null when it does not exist.</summary>
    public static HivexKey? Key(string hivePath, string keyPath)
    {
        var python = Tools.RequirePythonHivex();
        var result = Tools.Run(python, ["-c", KeyScript, hivePath, keyPath], timeoutSeconds: 120);
        Assert.True(result.ExitCode == 0, $"python3-hivex failed: {result.StandardError}");
        using var json = JsonDocument.Parse(result.StandardOutput);
        if (!json.RootElement.GetProperty("exists").GetBoolean())
        {
            return null;
        }

        var values = json.RootElement.GetProperty("values").EnumerateArray().Select(ReadValue).ToList();
        var children = json.RootElement.GetProperty("children").EnumerateArray().Select(c => c.GetString()!).ToList();
        return new HivexKey(values, children);
    }

    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<HivexTreeKey>>> Trees = new(StringComparer.Ordinal);

    /// <summary>
    /// Every key (path of names below the root, parent first, stored order) and its values. Dumping a
    /// big hive takes seconds, so a file is dumped once per run: pass only files no test changes.
    /// </summary>
    public static IReadOnlyList<HivexTreeKey> Tree(string hivePath) =>
        Trees.GetOrAdd(Path.GetFullPath(hivePath), path => new Lazy<IReadOnlyList<HivexTreeKey>>(() => DumpTree(path))).Value;

    private static IReadOnlyList<HivexTreeKey> DumpTree(string hivePath)
    {
        var python = Tools.RequirePythonHivex();
        var result = Tools.Run(python, ["-c", TreeScript, hivePath], timeoutSeconds: 600);
        Assert.True(result.ExitCode == 0, $"python3-hivex failed: {result.StandardError}");
        using var json = JsonDocument.Parse(result.StandardOutput);
        return json.RootElement.EnumerateArray()
            .Select(key => new HivexTreeKey(
                key[0].EnumerateArray().Select(n => n.GetString()!).ToList(),
                key[1].EnumerateArray().Select(ReadValue).ToList()))
            .ToList();
    }

    private static HivexValue ReadValue(JsonElement value) =>
        new(value[0].GetString()!, (RegistryValueType)value[1].GetUInt32(), Convert.FromHexString(value[2].GetString()!));
}

internal sealed record HivexValue(string Name, RegistryValueType Type, byte[] Data);

internal sealed record HivexKey(IReadOnlyList<HivexValue> Values, IReadOnlyList<string> Children)
{
    public HivexValue? Value(string name) => Values.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
}

internal sealed record HivexTreeKey(IReadOnlyList<string> Path, IReadOnlyList<HivexValue> Values);
