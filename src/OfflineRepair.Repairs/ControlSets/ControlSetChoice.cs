namespace OfflineRepair.Repairs.ControlSets;

/// <summary>
/// The control sets a SYSTEM repair edits, as key names under the hive root (ControlSet001, ...),
/// and a line for the user saying which they are and why ("ControlSet001 (Current, Default),
/// ControlSet002 (LastKnownGood)"), plus what Select named that is not there.
/// </summary>
public sealed record ControlSetChoice(
    IReadOnlyList<string> ControlSets,
    string Note,
    IReadOnlyList<string> Skipped,
    SelectValues Select,
    IReadOnlyList<string> Present);
