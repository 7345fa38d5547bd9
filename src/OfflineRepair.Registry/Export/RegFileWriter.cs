using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace OfflineRepair.Registry.Export;

/// <summary>
/// Writes keys and values as a "Windows Registry Editor Version 5.00" file, laid out line for line
/// as regedit exports it: CRLF line ends, a blank line before each <c>[key]</c>, <c>@=</c> for the
/// default value, <c>dword:%08x</c>, and <c>hex(N):</c> byte lists broken after the comma that
/// brings a line to 77 characters, continued by <c>\</c> and a two-space indent.
/// The encoding is the writer's business: regedit's files are UTF-16LE with a BOM
/// (<see cref="FileEncoding"/>).
/// </summary>
/// <remarks>
/// Every value round-trips to the same type and bytes. Where regedit would lose data, this writer
/// keeps it instead: a REG_SZ is written as <c>"text"</c> only when its bytes are exactly that text
/// and one terminating NUL (no embedded NUL, CR or LF, no lone surrogate), otherwise as
/// <c>hex(1):</c>; a REG_DWORD that is not 4 bytes long is written as <c>hex(4):</c>.
/// </remarks>
public sealed class RegFileWriter
{
    public const string Header = "Windows Registry Editor Version 5.00";

    /// <summary>Line end of the format, whatever the platform.</summary>
    public const string LineBreak = "\r\n";

    /// <summary>Once a hex list line reaches this many characters (after a comma) regedit breaks it.</summary>
    public const int HexWrapColumn = 77;

    /// <summary>Indent of a continued hex list line.</summary>
    private const string HexContinuation = "\\" + LineBreak + "  ";
    private const int HexContinuationIndent = 2;
    private const string HexDigits = "0123456789abcdef";

    private readonly TextWriter _output;
    private readonly StringBuilder _line = new(1024);

    public RegFileWriter(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>UTF-16 little-endian with a byte order mark: what regedit writes and reads.</summary>
    public static Encoding FileEncoding { get; } = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);

    /// <summary>
    /// Writes a whole file: the header, <paramref name="start"/> and every key below it, and the
    /// closing blank line. <paramref name="hiveRootPath"/> names the hive's root key in the
    /// <c>[...]</c> lines (e.g. <c>HKEY_LOCAL_MACHINE\SYSTEM</c>); each key's path below the root follows it.
    /// </summary>
    public static RegExportSummary Export(RegistryKey start, TextWriter output, string hiveRootPath)
    {
        var writer = new RegFileWriter(output);
        writer.WriteHeader();
        var summary = writer.WriteTree(start, hiveRootPath);
        writer.WriteEnd();
        return summary;
    }

    /// <summary>The full path a key gets in a file whose hive root is <paramref name="hiveRootPath"/>.</summary>
    public static string KeyPath(string hiveRootPath, RegistryKey key)
    {
        ArgumentNullException.ThrowIfNull(hiveRootPath);
        ArgumentNullException.ThrowIfNull(key);
        if (key.Path.Length == 0)
        {
            return hiveRootPath;
        }

        return hiveRootPath.Length == 0 ? key.Path : hiveRootPath + "\\" + key.Path;
    }

    /// <summary>The value's line as regedit writes it, continuation lines included, without the final line end.</summary>
    public static string FormatValue(RegistryValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var line = new StringBuilder();
        AppendValue(line, value);
        return line.ToString();
    }

    public void WriteHeader() => _output.Write(Header + LineBreak);

    /// <summary>The blank line regedit ends its files with.</summary>
    public void WriteEnd() => _output.Write(LineBreak);

    /// <summary>Writes <paramref name="start"/> and all keys below it, parent first, each once.</summary>
    public RegExportSummary WriteTree(RegistryKey start, string hiveRootPath)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(hiveRootPath);
        int keys = 0;
        int values = 0;
        foreach (var key in start.EnumerateTree())
        {
            values += WriteKey(key, hiveRootPath);
            keys++;
        }

        return new RegExportSummary(keys, values);
    }

    /// <summary>Writes a blank line, <c>[path]</c> (the key's path under <paramref name="hiveRootPath"/>) and the key's values. Returns how many values.</summary>
    public int WriteKey(RegistryKey key, string hiveRootPath)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(hiveRootPath);
        _output.Write(LineBreak);
        _output.Write('[');

        // The pieces of KeyPath, written one by one: an export would otherwise build a string per key.
        _output.Write(hiveRootPath);
        WritePathBelowRoot(key, separatorFirst: hiveRootPath.Length > 0);
        _output.Write(']');
        _output.Write(LineBreak);

        var values = key.GetValues();
        foreach (var value in values)
        {
            _line.Clear();
            AppendValue(_line, value);
            _line.Append(LineBreak);
            _output.Write(_line);
        }

        return values.Count;
    }

    private void WritePathBelowRoot(RegistryKey key, bool separatorFirst)
    {
        if (key.Parent is null)
        {
            return;
        }

        WritePathBelowRoot(key.Parent, separatorFirst);
        if (separatorFirst || key.Parent.Parent is not null)
        {
            _output.Write('\\');
        }

        _output.Write(key.Name);
    }

    private static void AppendValue(StringBuilder line, RegistryValue value)
    {
        int start = line.Length;
        if (value.IsDefault)
        {
            line.Append("@=");
        }
        else
        {
            line.Append('"');
            AppendEscaped(line, value.Name);
            line.Append("\"=");
        }

        var data = value.Data;
        if (value.Type == RegistryValueType.String && IsPlainString(data))
        {
            line.Append('"');
            AppendEscaped(line, MemoryMarshal.Cast<byte, char>(data.AsSpan(0, data.Length - 2)));
            line.Append('"');
            return;
        }

        if (value.Type == RegistryValueType.DWord && data.Length == 4)
        {
            line.Append("dword:");
            Span<char> digits = stackalloc char[8];
            BinaryPrimitives.ReadUInt32LittleEndian(data).TryFormat(digits, out _, "x8", CultureInfo.InvariantCulture);
            line.Append(digits);
            return;
        }

        if (value.Type == RegistryValueType.Binary)
        {
            line.Append("hex:");
        }
        else
        {
            line.Append("hex(").Append(((uint)value.Type).ToString("x", CultureInfo.InvariantCulture)).Append("):");
        }

        AppendHexList(line, data, column: line.Length - start);
    }

    /// <summary>
    /// "xx,xx,...": after each comma the column grows by 3, and once it reaches
    /// <see cref="HexWrapColumn"/> the line is continued; the last byte takes no comma.
    /// </summary>
    private static void AppendHexList(StringBuilder line, ReadOnlySpan<byte> data, int column)
    {
        for (int i = 0; i < data.Length; i++)
        {
            byte b = data[i];
            line.Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
            if (i == data.Length - 1)
            {
                break;
            }

            line.Append(',');
            column += 3;
            if (column >= HexWrapColumn)
            {
                line.Append(HexContinuation);
                column = HexContinuationIndent;
            }
        }
    }

    /// <summary>Inside quotes regedit escapes only the backslash and the double quote.</summary>
    private static void AppendEscaped(StringBuilder line, ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c is '\\' or '"')
            {
                line.Append('\\');
            }

            line.Append(c);
        }
    }

    /// <summary>
    /// True when the bytes are UTF-16LE text followed by exactly one NUL, and the text can stand
    /// between quotes on one line and come back to the same bytes: no NUL, CR or LF inside, no
    /// unpaired surrogate (an encoder would replace it).
    /// </summary>
    private static bool IsPlainString(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || (data.Length & 1) != 0 || data[^1] != 0 || data[^2] != 0)
        {
            return false;
        }

        int units = (data.Length / 2) - 1;
        for (int i = 0; i < units; i++)
        {
            char c = (char)BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * i)..]);
            if (c is '\0' or '\r' or '\n')
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= units || !char.IsLowSurrogate((char)BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * (i + 1))..])))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
