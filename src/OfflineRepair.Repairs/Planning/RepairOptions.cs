namespace OfflineRepair.Repairs.Planning;

/// <summary>Which control sets the SYSTEM repairs edit.</summary>
public enum ControlSetSelection
{
    /// <summary>Every existing ControlSet00N that Select names (Current, Default, LastKnownGood, Failed when non-zero).</summary>
    Selected,

    /// <summary>Every ControlSet00N present.</summary>
    All,
}

/// <summary>The options of the repairs (command-line switches of fix and check).</summary>
public sealed record RepairOptions
{
    public ControlSetSelection ControlSets { get; init; } = ControlSetSelection.Selected;

    /// <summary>TLS versions the tls repair enables ("1.0", "1.1", "1.2").</summary>
    public IReadOnlyList<string> TlsVersions { get; init; } = ["1.0", "1.1", "1.2"];

    /// <summary>The RDP port the rdp-port repair sets (1-65535): Windows' default unless --port says otherwise.</summary>
    public int Port { get; init; } = DefaultRdpPort;

    public const int DefaultRdpPort = 3389;

    /// <summary>group-policy: put gpsvc's Start back instead of pausing it.</summary>
    public bool Resume { get; init; }

    /// <summary>group-policy --resume: the Start value recorded before the pause (from a backup manifest); 2 (automatic) when none.</summary>
    public uint? RecordedGroupPolicyStart { get; init; }
}
