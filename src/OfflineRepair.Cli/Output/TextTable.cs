namespace OfflineRepair.Cli.Output;

/// <summary>
/// Rows printed as aligned columns: each column as wide as its widest cell, two spaces between
/// columns, no trailing spaces. The header row is optional.
/// </summary>
internal sealed class TextTable
{
    private const string Gap = "  ";
    private readonly List<string[]> _rows = [];
    private readonly int _columns;

    public TextTable(params string[] header)
    {
        _columns = header.Length;
        if (header.Any(h => h.Length > 0))
        {
            _rows.Add(header);
        }
    }

    public int RowCount => _rows.Count;

    public void Add(params string[] cells)
    {
        if (cells.Length != _columns)
        {
            throw new ArgumentException($"a row of this table has {_columns} cells, not {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>Writes every row, each line prefixed by <paramref name="indent"/>.</summary>
    public void WriteTo(TextWriter output, string indent = "")
    {
        var widths = new int[_columns];
        foreach (var row in _rows)
        {
            for (int c = 0; c < _columns; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        foreach (var row in _rows)
        {
            var line = string.Join(Gap, row.Select((cell, c) => c == _columns - 1 ? cell : cell.PadRight(widths[c])));
            output.WriteLine(indent + line.TrimEnd());
        }
    }
}
