using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OfflineRepair.Cli.Json;

/// <summary>Writes a --json document: the source-generated serializer (no reflection), indented, one trailing newline.</summary>
internal static class JsonOutput
{
    /// <summary>The version of the --json schema documented in README.md; raised only when a field changes meaning or goes away.</summary>
    public const int Schema = 1;

    public static void Write<T>(TextWriter output, T document, JsonTypeInfo<T> type)
    {
        output.WriteLine(JsonSerializer.Serialize(document, type));
    }
}
