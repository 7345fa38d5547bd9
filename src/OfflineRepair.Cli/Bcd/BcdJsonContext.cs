using System.Text.Json.Serialization;

namespace OfflineRepair.Cli.Bcd;

/// <summary>The bcd --json documents, source-generated with the same options as the CLI's other JSON (no reflection).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(BcdEnumJson))]
internal sealed partial class BcdJsonContext : JsonSerializerContext
{
}
