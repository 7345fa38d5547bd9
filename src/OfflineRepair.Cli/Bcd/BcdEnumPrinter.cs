using System.Text;
using OfflineRepair.Bcd;

namespace OfflineRepair.Cli.Bcd;

/// <summary>
/// Prints objects as bcdedit /enum does: a blank line, the title, a dashed line as long as the
/// title, then "name  value" rows with the value in column 25 (list entries one per line below, in
/// the same column); identifier first, shown as {default} for the default loader.
/// </summary>
internal static class BcdEnumPrinter
{
    public const int NameWidth = 24;

    public static string Print(BcdStore store, IEnumerable<BcdObject> objects)
    {
        var identify = store.Identifier();
        var text = new StringBuilder();
        foreach (var entry in objects)
        {
            var title = entry.Title;
            text.AppendLine();
            text.AppendLine(title);
            text.AppendLine(new string('-', title.Length));
            Row(text, "identifier", [identify(entry.Id)]);
            foreach (var element in entry.Elements)
            {
                Row(text, element.Name, element.DisplayLines(identify));
            }
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string name, IReadOnlyList<string> lines)
    {
        var first = lines.Count > 0 ? lines[0] : "";
        text.Append(name.Length < NameWidth ? name.PadRight(NameWidth) : name + " ").AppendLine(first);
        for (int i = 1; i < lines.Count; i++)
        {
            text.Append(' ', NameWidth).AppendLine(lines[i]);
        }
    }
}
