using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using OfflineRepair.Registry;
using OfflineRepair.Registry.Export;

namespace OfflineRepair.Cli.Reg;

/// <summary>
/// Prints keys and values as reg.exe's 'reg query' does: a blank line, the key's full path, then
/// each value as four spaces, name, four spaces, type, four spaces, data; subkeys as full paths.
/// Data shows as reg.exe shows it: REG_SZ/REG_EXPAND_SZ text up to the first NUL, REG_DWORD and
/// REG_QWORD as 0x and lower-case hex, REG_MULTI_SZ strings joined by \0, everything else
/// (REG_BINARY, REG_NONE, types without a name) as upper-case hex digits without separators.
/// </summary>
internal sealed class RegQueryPrinter(TextWriter output, string displayRoot)
{
    private const string Indent = "    ";
    private const string DefaultValueName = "(Default)";
    private const string ValueNotSet = "(value not set)";

    /// <summary>The key's values, then its subkeys' paths; with <paramref name="recurse"/> every key below, values included.</summary>
    public void PrintKey(RegistryKey key, bool recurse)
    {
        output.WriteLine();
        if (!recurse)
        {
            var values = key.GetValues();
            PrintValues(key, values, always: false);
            foreach (var subkey in key.GetSubkeys())
            {
                output.WriteLine(RegFileWriter.KeyPath(displayRoot, subkey));
            }

            return;
        }

        foreach (var each in key.EnumerateTree())
        {
            // reg.exe leaves out the starting key when it has no values, but shows every key below it.
            PrintValues(each, each.GetValues(), always: !ReferenceEquals(each, key));
        }
    }

    /// <summary>
    /// One value (name "" is the default value). Returns how many keys held it. Without
    /// <paramref name="recurse"/> a missing default value shows as "(value not set)", as with reg.exe.
    /// </summary>
    public int PrintValue(RegistryKey key, string name, bool recurse)
    {
        output.WriteLine();
        int matches = 0;
        foreach (var each in recurse ? key.EnumerateTree() : [key])
        {
            var value = each.GetValue(name);
            if (value is not null)
            {
                output.WriteLine(RegFileWriter.KeyPath(displayRoot, each));
                output.WriteLine(ValueLine(value));
                output.WriteLine();
                matches++;
            }
        }

        if (recurse)
        {
            output.WriteLine($"End of search: {matches} match(es) found.");
        }
        else if (matches == 0 && name.Length == 0)
        {
            output.WriteLine(RegFileWriter.KeyPath(displayRoot, key));
            output.WriteLine($"{Indent}{DefaultValueName}{Indent}{RegistryData.TypeName(RegistryValueType.String)}{Indent}{ValueNotSet}");
        }

        return matches;
    }

    /// <summary>"    name    TYPE    data" for one value.</summary>
    public static string ValueLine(RegistryValue value) =>
        $"{Indent}{(value.IsDefault ? DefaultValueName : value.Name)}{Indent}{RegistryData.TypeName(value.Type)}{Indent}{DataText(value)}";

    /// <summary>The data as reg.exe prints it.</summary>
    public static string DataText(RegistryValue value)
    {
        var data = value.Data;
        switch (value.Type)
        {
            case RegistryValueType.String or RegistryValueType.ExpandString or RegistryValueType.Link:
                return value.AsString();
            case RegistryValueType.DWord or RegistryValueType.DWordBigEndian when data.Length == 4:
                return "0x" + value.AsUInt32()!.Value.ToString("x", CultureInfo.InvariantCulture);
            case RegistryValueType.QWord when data.Length == 8:
                return "0x" + BinaryPrimitives.ReadUInt64LittleEndian(data).ToString("x", CultureInfo.InvariantCulture);
            case RegistryValueType.MultiString:
                return MultiStringText(data);
            default:
                return Convert.ToHexString(data);
        }
    }

    /// <summary>The strings with the list's terminating NULs dropped and each NUL between them shown as \0.</summary>
    private static string MultiStringText(byte[] data)
    {
        var text = Encoding.Unicode.GetString(data, 0, data.Length & ~1);
        int end = text.Length;
        for (int dropped = 0; dropped < 2 && end > 0 && text[end - 1] == '\0'; dropped++)
        {
            end--;
        }

        return text[..end].Replace("\0", @"\0", StringComparison.Ordinal);
    }

    private void PrintValues(RegistryKey key, IReadOnlyList<RegistryValue> values, bool always)
    {
        bool show = always || values.Count > 0;
        if (show)
        {
            output.WriteLine(RegFileWriter.KeyPath(displayRoot, key));
        }

        foreach (var value in values)
        {
            output.WriteLine(ValueLine(value));
        }

        if (show)
        {
            output.WriteLine();
        }
    }
}
