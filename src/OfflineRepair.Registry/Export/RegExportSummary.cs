namespace OfflineRepair.Registry.Export;

/// <summary>What an export wrote: how many keys and values.</summary>
public sealed record RegExportSummary(int Keys, int Values);
