using System.Globalization;
using System.Text;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Registry.Tests.Commit;

/// <summary>
/// The whole key tree of a hive as text (every key's path and last-write time, every value's name,
/// type and data), from our reader or from hivex, in the same format so either can be compared.
/// </summary>
public static class TreeDump
{
    private const string HivexScript = """
        import sys, hivex
        sys.stdout.reconfigure(encoding="utf-8")
        h = hivex.Hivex(sys.argv[1])
        out = []
        root = h.root()
        out.append("ROOT " + h.node_name(root))
        stack = [(root, "")]
        while stack:
            node, path = stack.pop()
            out.append("K %s|%d" % (path, h.node_timestamp(node)))
            for v in h.node_values(node):
                t, data = h.value_value(v)
                out.append("V %s|%d|%s" % (h.value_key(v), t, data.hex()))
            children = h.node_children(node)
            for c in reversed(children):
                name = h.node_name(c)
                stack.append((c, name if path == "" else path + "\\" + name))
        sys.stdout.write("\n".join(out) + "\n")
        """;

    /// <summary>Our reader's view of the tree (Hive.EnumerateTree order: parent first, children in stored order).</summary>
    public static string Of(Hive hive)
    {
        var text = new StringBuilder();
        text.Append("ROOT ").Append(hive.RootName).Append('\n');
        foreach (var key in hive.EnumerateTree())
        {
            text.Append("K ").Append(key.Path).Append('|').Append(key.LastWriteTime.ToFileTimeUtc().ToString(CultureInfo.InvariantCulture)).Append('\n');
            foreach (var value in key.GetValues())
            {
                text.Append("V ").Append(value.Name).Append('|').Append(((uint)value.Type).ToString(CultureInfo.InvariantCulture))
                    .Append('|').Append(Convert.ToHexStringLower(value.Data)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Our reader's view of a hive file's bytes.</summary>
    public static string Of(byte[] file)
    {
        using var hive = Hive.Load(file);
        return Of(hive);
    }

    /// <summary>hivex's view of a hive file (Debian python3-hivex); skips when hivex is missing.</summary>
    public static string ByHivex(string path)
    {
        var python = Tools.RequirePythonHivex();
        var result = Tools.Run(python, ["-c", HivexScript, path], timeoutSeconds: 120);
        Assert.True(result.ExitCode == 0, $"hivex could not read {path}: {result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>hivex's view of hive bytes (written to a temporary file first).</summary>
    public static string ByHivex(byte[] file)
    {
        using var dir = new TemporaryDirectory();
        var path = dir.File("hive");
        File.WriteAllBytes(path, file);
        return ByHivex(path);
    }

    /// <summary>The first line where two dumps differ, for assertion messages.</summary>
    public static string FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string left = i < a.Length ? a[i] : "<end>";
            string right = i < b.Length ? b[i] : "<end>";
            if (!string.Equals(left, right, StringComparison.Ordinal))
            {
                return $"line {i + 1}: expected '{Shorten(left)}', got '{Shorten(right)}'";
            }
        }

        return "no difference";
    }

    private static string Shorten(string line) => line.Length <= 200 ? line : line[..200] + "...";
}
