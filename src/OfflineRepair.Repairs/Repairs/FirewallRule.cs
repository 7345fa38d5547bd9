using System.Text;
using OfflineRepair.Registry;

namespace OfflineRepair.Repairs.Repairs;

/// <summary>
/// A Windows Firewall rule as stored in FirewallRules: a REG_SZ of <c>|</c>-separated fields
/// (<c>v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=3389|App=...|</c>). Only the
/// <c>LPort=</c> field is read or rewritten; every other byte of the data stays as it was, the
/// terminating NUL and anything stored after it included.
/// </summary>
internal static class FirewallRule
{
    private const string LocalPortField = "LPort=";

    /// <summary>The LPort fields' values, in order.</summary>
    public static IReadOnlyList<string> LocalPorts(byte[] data)
    {
        var text = Text(data);
        return Fields(text).Where(f => f.IsLocalPort).Select(f => text.Substring(f.ValueStart, f.ValueLength)).ToList();
    }

    /// <summary>
    /// The data with the single LPort field's value replaced; null when the rule has no LPort field
    /// or more than one (a list of ports is not ours to collapse).
    /// </summary>
    public static byte[]? WithLocalPort(byte[] data, string port)
    {
        var text = Text(data);
        var ports = Fields(text).Where(f => f.IsLocalPort).ToList();
        if (ports.Count != 1)
        {
            return null;
        }

        // UTF-16 keeps one code unit per char (an unpaired surrogate decodes to one U+FFFD), so char
        // offsets map to byte offsets exactly and the bytes around the field are copied untouched.
        int start = ports[0].ValueStart * 2;
        int end = (ports[0].ValueStart + ports[0].ValueLength) * 2;
        var replacement = Encoding.Unicode.GetBytes(port);
        var result = new byte[data.Length - (end - start) + replacement.Length];
        data.AsSpan(0, start).CopyTo(result);
        replacement.CopyTo(result, start);
        data.AsSpan(end).CopyTo(result.AsSpan(start + replacement.Length));
        return result;
    }

    /// <summary>The rule text: UTF-16LE up to the first NUL.</summary>
    private static string Text(byte[] data) => RegistryData.DecodeString(data);

    private static IEnumerable<Field> Fields(string text)
    {
        int at = 0;
        while (at <= text.Length)
        {
            int bar = text.IndexOf('|', at);
            int end = bar < 0 ? text.Length : bar;
            bool isPort = string.CompareOrdinal(text, at, LocalPortField, 0, LocalPortField.Length) == 0 && end - at >= LocalPortField.Length;
            yield return new Field(isPort, at + LocalPortField.Length, end - at - LocalPortField.Length);
            if (bar < 0)
            {
                yield break;
            }

            at = bar + 1;
        }
    }

    private readonly record struct Field(bool IsLocalPort, int ValueStart, int ValueLength);
}
