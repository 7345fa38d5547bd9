using System.Globalization;
using OfflineRepair.Registry;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Repairs.Support;

/// <summary>
/// Reads hives with libguestfs hivex, which shares no code with ours: <c>hivexget</c> for DWORDs and
/// text, python3-hivex for a value's exact type number and bytes.
/// </summary>
internal static class Hivex
{
    private const string ReadValueScript = """
        import hivex, sys
        h = hivex.Hivex(sys.argv[1])
        node = h.root()
        for part in [p for p in sys.argv[2].split('\\') if p]:
            node = h.node_get_child(node, part)
            if node is None:
                print("NOKEY"); sys.exit(0)
        if sys.argv[3] == "--keys":
            print("\n".join(h.node_name(c) for c in h.node_children(node))); sys.exit(0)
        try:
            v = h.node_get_value(node, sys.argv[3])
        except Exception:
            v = None
        if not v:
            print("ABSENT"); sys.exit(0)
        t, data = h.value_value(v)
        print(t, data.hex())
        """;

    /// <summary>The value's type and bytes as hivex reads them, or null when the key or value is absent.</summary>
    public static RegistryValue? Value(string hivePath, string keyPath, string valueName)
    {
        var python = Tools.RequirePythonHivex();
        var run = Tools.Run(python, ["-c", ReadValueScript, hivePath, keyPath, valueName], timeoutSeconds: 120);
        Assert.True(run.ExitCode == 0, $"python3-hivex failed on {hivePath}: {run.StandardError}");
        var line = run.StandardOutput.Trim();
        if (line is "ABSENT" or "NOKEY")
        {
            return null;
        }

        var parts = line.Split(' ', 2);
        var data = parts.Length > 1 ? Convert.FromHexString(parts[1]) : [];
        return new RegistryValue(valueName, (RegistryValueType)uint.Parse(parts[0], CultureInfo.InvariantCulture), data);
    }

    /// <summary>The subkey names of a key as hivex lists them, or null when the key is absent.</summary>
    public static IReadOnlyList<string>? Subkeys(string hivePath, string keyPath)
    {
        var python = Tools.RequirePythonHivex();
        var run = Tools.Run(python, ["-c", ReadValueScript, hivePath, keyPath, "--keys"], timeoutSeconds: 120);
        Assert.True(run.ExitCode == 0, $"python3-hivex failed on {hivePath}: {run.StandardError}");
        var text = run.StandardOutput.TrimEnd('\n');
        return text == "NOKEY" ? null : text.Length == 0 ? [] : text.Split('\n');
    }

    /// <summary><c>hivexget HIVE KEY VALUE</c>: a DWORD in decimal, a string as text.</summary>
    public static string Get(string hivePath, string keyPath, string valueName)
    {
        var hivexget = Tools.Require("hivexget", "libhivex-bin");
        var run = Tools.Run(hivexget, [hivePath, keyPath, valueName], timeoutSeconds: 120);
        Assert.True(run.ExitCode == 0, $"hivexget {keyPath} {valueName} failed: {run.StandardError}");
        return run.StandardOutput.TrimEnd('\n');
    }
}
