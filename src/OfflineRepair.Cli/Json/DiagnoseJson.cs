using OfflineRepair.Repairs.Diagnosis;

namespace OfflineRepair.Cli.Json;

/// <summary><c>diagnose --json</c>: the findings, most likely cause first, and what could not be read.</summary>
internal sealed record DiagnoseJson(int Schema, string Command, string Target, List<FindingJson> Findings, List<string> Repairs, List<string> Unread)
{
    public static DiagnoseJson Create(DiagnosisReport report) => new(
        JsonOutput.Schema,
        "diagnose",
        report.Target,
        [.. report.Findings.Select(f => new FindingJson(f.Id, f.Kind.ToString().ToLowerInvariant(), f.Title, [.. f.Evidence], f.Repair, f.Advice))],
        [.. report.Repairs],
        [.. report.Unread]);
}

/// <summary>One finding: <c>kind</c> "cause", "warning" or "information"; <c>repair</c> null when no repair fixes it (<c>advice</c> says what to do).</summary>
internal sealed record FindingJson(string Id, string Kind, string Title, List<string> Evidence, string? Repair, string? Advice);
