using OfflineRepair.Registry.Logs;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Registry.Tests.Logs;

/// <summary>
/// The recovered images opened by an independent reader (hivex): every key and value reachable,
/// and the keys yarp's documentation says NewDirtyHive1 holds after recovery.
/// </summary>
public sealed class RecoveredHiveOracleTests
{
    // Walks the whole tree, reading every value, and prints "keys values" then the root's subkey
    // paths two levels deep (enough to see NewDirtyHive1's Key3\Key3_n).
    private const string Walker = """
        import sys, hivex
        h = hivex.Hivex(sys.argv[1])
        keys = values = 0
        names = []
        stack = [(h.root(), "")]
        while stack:
            node, path = stack.pop()
            keys += 1
            for v in h.node_values(node):
                h.value_key(v); h.value_type(v); h.value_value(v)
                values += 1
            for child in h.node_children(node):
                child_path = path + "\\" + h.node_name(child)
                if child_path.count("\\") <= 2:
                    names.append(child_path)
                stack.append((child, child_path))
        print(keys, values)
        for n in sorted(names):
            print(n)
        """;

    [Theory]
    [MemberData(nameof(CorpusHive.WithNewFormatLogs), MemberType = typeof(CorpusHive))]
    public void RecoveredImage_IsReadableByHivex(string primary, string[] logs)
    {
        var python = Tools.RequirePythonHivex();
        var hive = CorpusHive.Load(primary, logs);
        var result = HiveRecovery.Recover(hive.Primary, hive.Logs);
        Assert.NotNull(result);

        var lines = Walk(python, result.Image);

        var counts = lines[0].Split(' ').Select(int.Parse).ToArray();
        Assert.True(counts[0] > 1, $"only {counts[0]} keys");
        if (primary.StartsWith("yarp/NewDirtyHive1/", StringComparison.Ordinal))
        {
            Assert.Equal([@"\Key3", @"\Key3\Key3_1", @"\Key3\Key3_2", @"\Key3\Key3_3"], lines.Skip(1));
        }
    }

    [Fact]
    public void RecoveredOldDirtyHive_IsReadableByHivex_WithAllItsSubkeys()
    {
        var python = Tools.RequirePythonHivex();
        var hive = CorpusHive.Load("yarp/OldDirtyHive/OldDirtyHive", "yarp/OldDirtyHive/OldDirtyHive.LOG1", "yarp/OldDirtyHive/OldDirtyHive.LOG2");
        var result = HiveRecovery.Recover(hive.Primary, hive.Logs);
        Assert.NotNull(result);

        var lines = Walk(python, result.Image);

        // The root, key_with_many_subkeys and its 5000 subkeys (research notes, SOURCES.md).
        Assert.True(int.Parse(lines[0].Split(' ')[0]) >= 5002, lines[0]);
    }

    private static string[] Walk(string python, byte[] image)
    {
        using var folder = new TemporaryDirectory();
        var path = folder.File("recovered");
        File.WriteAllBytes(path, image);
        var run = Tools.Run(python, ["-c", Walker, path], timeoutSeconds: 120);
        Assert.True(run.ExitCode == 0, run.StandardError);
        return run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
