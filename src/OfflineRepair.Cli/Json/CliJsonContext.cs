using System.Text.Json.Serialization;

namespace OfflineRepair.Cli.Json;

/// <summary>
/// The --json documents, serialized by source-generated code (no reflection at run time, so the
/// tool stays trimmable): camelCase names, nulls written out so every field is always there.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(FixJson))]
[JsonSerializable(typeof(InspectJson))]
[JsonSerializable(typeof(CheckJson))]
[JsonSerializable(typeof(DiagnoseJson))]
[JsonSerializable(typeof(RestoreJson))]
[JsonSerializable(typeof(Bcd.BcdEnumJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
}
