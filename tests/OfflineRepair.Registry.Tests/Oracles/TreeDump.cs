using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace OfflineRepair.Registry.Tests.Oracles;

/// <summary>
/// The whole-tree text format of <c>hivex_dump.py</c>, made from our reader: "R root", then per key
/// (parent first, children in stored order) "K path" and its values "V path name type data" in
/// stored order. Names are the hex of their UTF-16LE code units; data is "length:hex" up to 64
/// bytes, "length#sha256" above.
/// </summary>
internal static class TreeDump
{
    public const int InlineDataLimit = 64;

    public static string EncodeName(string name) => Convert.ToHexStringLower(MemoryMarshal.AsBytes(name.AsSpan()));

    public static string DecodeName(string hex) => new(MemoryMarshal.Cast<byte, char>(Convert.FromHexString(hex)));

    public static string DataText(ReadOnlySpan<byte> data) =>
        data.Length <= InlineDataLimit
            ? $"{data.Length}:{Convert.ToHexStringLower(data)}"
            : $"{data.Length}#{Convert.ToHexStringLower(SHA256.HashData(data))}";

    public static string KeyLine(string path) => "K " + path;

    public static string ValueLine(string path, string name, uint type, string dataText) =>
        $"V {path} {EncodeName(name)} {type} {dataText}";

    public static string ChildPath(string parentPath, string childName) =>
        parentPath.Length == 0 ? EncodeName(childName) : parentPath + "\\" + EncodeName(childName);

    /// <summary>Our reader's dump: reads every key, every value and all value data (a full walk).</summary>
    public static List<string> Of(Hive hive)
    {
        var lines = new List<string> { "R " + EncodeName(hive.RootName) };
        var stack = new Stack<(RegistryKey Key, string Path)>();
        stack.Push((hive.Root, ""));
        while (stack.Count > 0)
        {
            var (key, path) = stack.Pop();
            lines.Add(KeyLine(path));
            foreach (var value in key.GetValues())
            {
                lines.Add(ValueLine(path, value.Name, (uint)value.Type, DataText(value.Data)));
            }

            var children = key.GetSubkeys();
            for (int i = children.Count - 1; i >= 0; i--)
            {
                stack.Push((children[i], ChildPath(path, children[i].Name)));
            }
        }

        return lines;
    }

    /// <summary>The same dump with each key's values sorted by name (the value list has no defined order).</summary>
    public static List<string> WithValuesSorted(IReadOnlyList<string> lines)
    {
        var result = new List<string>(lines.Count);
        var pending = new List<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith("V ", StringComparison.Ordinal))
            {
                pending.Add(line);
                continue;
            }

            Flush();
            result.Add(line);
        }

        Flush();
        return result;

        void Flush()
        {
            pending.Sort(StringComparer.Ordinal);
            result.AddRange(pending);
            pending.Clear();
        }
    }

    /// <summary>Fails with the first differences, names decoded, when two dumps are not identical.</summary>
    public static void AssertSame(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string expectedName, string actualName)
    {
        int firstDifference = -1;
        for (int i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            if (i >= expected.Count || i >= actual.Count || !string.Equals(expected[i], actual[i], StringComparison.Ordinal))
            {
                firstDifference = i;
                break;
            }
        }

        if (firstDifference < 0)
        {
            return;
        }

        var onlyExpected = expected.Except(actual, StringComparer.Ordinal).Take(15).ToList();
        var onlyActual = actual.Except(expected, StringComparer.Ordinal).Take(15).ToList();
        var message = new StringBuilder();
        message.AppendLine($"{expectedName} ({expected.Count} lines) and {actualName} ({actual.Count} lines) differ first at line {firstDifference}:");
        message.AppendLine($"  {expectedName}: {(firstDifference < expected.Count ? Readable(expected[firstDifference]) : "<end>")}");
        message.AppendLine($"  {actualName}: {(firstDifference < actual.Count ? Readable(actual[firstDifference]) : "<end>")}");
        message.AppendLine($"lines only in {expectedName} (first 15):");
        foreach (var line in onlyExpected)
        {
            message.AppendLine("  " + Readable(line));
        }

        message.AppendLine($"lines only in {actualName} (first 15):");
        foreach (var line in onlyActual)
        {
            message.AppendLine("  " + Readable(line));
        }

        if (onlyExpected.Count == 0 && onlyActual.Count == 0)
        {
            message.AppendLine("(same lines, different order)");
        }

        Assert.Fail(message.ToString());
    }

    /// <summary>A dump line with its names decoded, for messages.</summary>
    public static string Readable(string line)
    {
        var parts = line.Split(' ');
        string Path(string encoded) => encoded.Length == 0 ? "<root>" : string.Join('\\', encoded.Split('\\').Select(Printable));
        string Printable(string hex)
        {
            string name = DecodeName(hex);
            var builder = new StringBuilder();
            foreach (char c in name)
            {
                builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
            }

            return builder.ToString();
        }

        return parts[0] switch
        {
            "R" when parts.Length == 2 => "root " + Printable(parts[1]),
            "K" when parts.Length == 2 => "key " + Path(parts[1]),
            "V" when parts.Length == 5 => $"value {Path(parts[1])} : '{Printable(parts[2])}' type {parts[3]} data {(parts[4].Length > 40 ? parts[4][..40] + "..." : parts[4])}",
            _ => line,
        };
    }
}
