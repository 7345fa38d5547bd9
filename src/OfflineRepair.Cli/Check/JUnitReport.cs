using System.Globalization;
using System.Text;
using System.Xml;

namespace OfflineRepair.Cli.Check;

/// <summary>
/// Writes check's result as JUnit XML, which CI systems (GitHub Actions reporters, Azure Pipelines,
/// GitLab, Jenkins) show as tests: one testsuite "offline-repair check", a testcase per hive's
/// soundness and per repair, a failure holding the changes that remain.
/// </summary>
internal static class JUnitReport
{
    public const string SuiteName = "offline-repair check";

    public static void Write(string path, string target, IReadOnlyList<JUnitCase> cases, DateTimeOffset timestamp)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false) };
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new BadInputException($"--junit {path}: folder {folder} does not exist.");
        }

        using var stream = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None);
        using var xml = XmlWriter.Create(stream, settings);
        string tests = cases.Count.ToString(CultureInfo.InvariantCulture);
        string failures = cases.Count(c => c.Failed).ToString(CultureInfo.InvariantCulture);
        string skipped = cases.Count(c => c.Skipped).ToString(CultureInfo.InvariantCulture);

        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", SuiteName);
        xml.WriteAttributeString("tests", tests);
        xml.WriteAttributeString("failures", failures);
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", skipped);

        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", SuiteName);
        xml.WriteAttributeString("tests", tests);
        xml.WriteAttributeString("failures", failures);
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", skipped);
        xml.WriteAttributeString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        xml.WriteStartElement("properties");
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", "target");
        xml.WriteAttributeString("value", XmlText(target));
        xml.WriteEndElement();
        xml.WriteEndElement();

        foreach (var each in cases)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", each.ClassName);
            xml.WriteAttributeString("name", XmlText(each.Name));
            xml.WriteAttributeString("time", "0");
            if (each.Failed)
            {
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("message", XmlText(each.FailureMessage!));
                xml.WriteAttributeString("type", "NotInPlace");
                if (each.FailureDetail is { Length: > 0 } detail)
                {
                    xml.WriteString(XmlText(detail));
                }

                xml.WriteEndElement();
            }
            else if (each.Skipped)
            {
                xml.WriteStartElement("skipped");
                xml.WriteAttributeString("message", XmlText(each.SkippedReason!));
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    /// <summary>Registry text may hold characters XML cannot carry (control characters, lone surrogates): shown as U+FFFD.</summary>
    private static string XmlText(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                clean.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                clean.Append(text, i, 2);
                i++;
            }
            else
            {
                clean.Append('\uFFFD');
            }
        }

        return clean.ToString();
    }
}
