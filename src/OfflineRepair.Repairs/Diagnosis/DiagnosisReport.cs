namespace OfflineRepair.Repairs.Diagnosis;

/// <summary>What diagnose found, most likely cause first; <see cref="Unread"/> lists what could not be looked at and why.</summary>
public sealed record DiagnosisReport(string Target, IReadOnlyList<Finding> Findings, IReadOnlyList<string> Unread)
{
    public IEnumerable<Finding> Causes => Findings.Where(f => f.Kind == FindingKind.Cause);

    /// <summary>The repairs the findings name, each once, in the findings' order.</summary>
    public IReadOnlyList<string> Repairs => Findings.Where(f => f.Repair is not null).Select(f => f.Repair!).Distinct().ToList();
}
