namespace OfflineRepair.Repairs.Planning;

/// <summary>Which control sets the SYSTEM repairs edit.</summary>
public enum ControlSetSelection
{
    /// <summary>Every existing ControlSet00N that Select names (Current, Default, LastKnownGood, Failed when non-zero).</summary>
    Selected,

    /// <summary>Every ControlSet00N present.</summary>
    All,
}

/// <summary>What machine-keys gives the MachineKeys folder and its key files.</summary>
public enum MachineKeysMode
{
    /// <summary>The article's commands: takeown /a /r, then /grant SYSTEM:F, NETWORK SERVICE:R, Administrators:F on the folder and every file.</summary>
    Article,

    /// <summary>Windows' own least-privilege descriptors: the folder's default, the RDP key file's by build; other key files only gain SYSTEM:F.</summary>
    Defaults,
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

    /// <summary>serial-console: seconds the boot menu waits ({bootmgr} timeout); the article's 5 unless --boot-timeout says otherwise.</summary>
    public int BootTimeout { get; init; } = DefaultBootTimeout;

    /// <summary>serial-console: the COM port EMS (the Special Administration Console) uses; the article's COM1.</summary>
    public int EmsPort { get; init; } = DefaultEmsPort;

    /// <summary>serial-console: the EMS port's speed; the article's 115200, which Azure's serial console expects.</summary>
    public int EmsBaudRate { get; init; } = DefaultEmsBaudRate;

    /// <summary>machine-keys: the article's grants (default) or Windows' defaults.</summary>
    public MachineKeysMode MachineKeys { get; init; } = MachineKeysMode.Article;

    public const int DefaultBootTimeout = 5;

    /// <summary>The longest boot menu wait accepted: anything longer is a typo, not a choice (the menu delays every boot).</summary>
    public const int MaxBootTimeout = 999;

    public const int DefaultEmsPort = 1;

    /// <summary>COM1 to COM255: the port numbers Windows gives serial ports.</summary>
    public const int MaxEmsPort = 255;

    public const int DefaultEmsBaudRate = 115200;

    /// <summary>The speeds EMS redirection supports (bcdedit /emssettings EMSBAUDRATE).</summary>
    public static readonly IReadOnlyList<int> EmsBaudRates = [9600, 19200, 38400, 57600, 115200];
}
