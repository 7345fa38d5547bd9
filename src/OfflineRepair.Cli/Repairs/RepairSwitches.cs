using System.CommandLine;
using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Cli.Repairs;

/// <summary>
/// The repairs' options (fix and check): which control sets, which TLS versions, which RDP port,
/// serial-console's boot menu timeout and EMS port and speed, and group-policy's --resume with the
/// backup that recorded gpsvc's Start (--from).
/// </summary>
internal sealed class RepairSwitches
{
    private static readonly string[] TlsVersions = ["1.0", "1.1", "1.2"];

    private bool _withResume;

    public Option<string> ControlSets { get; } = new("--control-sets")
    {
        Description = "Which control sets the SYSTEM repairs edit: 'selected' (those Select names: Current, Default, LastKnownGood, Failed) or 'all' (every ControlSet00N present). None is ever created.",
        HelpName = "selected|all",
        DefaultValueFactory = _ => "selected",
    };

    public Option<string?> Tls { get; } = new("--tls")
    {
        Description = "tls: the TLS versions to enable, comma-separated, from 1.0, 1.1, 1.2 (default: all three), e.g. --tls 1.2.",
        HelpName = "LIST",
    };

    public Option<int?> Port { get; } = new("--port")
    {
        Description = $"rdp-port: the port RDP listens on and the firewall rules open (1-65535; default {RepairOptions.DefaultRdpPort}).",
        HelpName = "N",
    };

    public Option<int?> BootTimeout { get; } = new("--boot-timeout")
    {
        Description = $"serial-console: seconds the boot menu waits ({{bootmgr}} timeout; 0-{RepairOptions.MaxBootTimeout}; default {RepairOptions.DefaultBootTimeout}, the article's).",
        HelpName = "N",
    };

    public Option<int?> EmsPort { get; } = new("--ems-port")
    {
        Description = $"serial-console: the COM port of EMS and the SAC (1-{RepairOptions.MaxEmsPort}; default {RepairOptions.DefaultEmsPort}, COM1, where Azure's serial console is).",
        HelpName = "N",
    };

    public Option<int?> EmsBaud { get; } = new("--ems-baud")
    {
        Description = $"serial-console: the EMS port's speed ({string.Join(", ", RepairOptions.EmsBaudRates)}; default {RepairOptions.DefaultEmsBaudRate}, Azure's).",
        HelpName = "N",
    };

    public Option<string> Mode { get; } = new("--mode")
    {
        Description = "machine-keys: 'article' (default: takeown /a and icacls /grant SYSTEM:F, NETWORK SERVICE:R, Administrators:F on the folder and every key file, as the article does) or 'defaults' (Windows' own least-privilege permissions: the folder's default, the RDP key file's by Windows build; other key files only gain SYSTEM:F).",
        HelpName = "article|defaults",
        DefaultValueFactory = _ => "article",
    };

    public Option<bool> Resume { get; } = new("--resume")
    {
        Description = "group-policy: put gpsvc's Start back instead of pausing the service: the value the pausing fix recorded in its backup manifest (--from DIR, else the newest backup in the default backup place), else 2 (automatic).",
        Arity = ArgumentArity.Zero,
    };

    public Option<string?> From { get; } = new("--from")
    {
        Description = "With --resume: the backup folder of the fix that paused gpsvc; its manifest recorded the Start value to put back.",
        HelpName = "DIR",
    };

    /// <summary>Only --control-sets (inspect reads the control sets the repairs would edit).</summary>
    public void AddControlSetsTo(Command command)
    {
        ControlSets.AcceptOnlyFromAmong("selected", "all");
        command.Options.Add(ControlSets);
    }

    public void AddTo(Command command, bool withResume)
    {
        _withResume = withResume;
        AddControlSetsTo(command);
        command.Options.Add(Tls);
        command.Options.Add(Port);
        command.Options.Add(BootTimeout);
        command.Options.Add(EmsPort);
        command.Options.Add(EmsBaud);
        Mode.AcceptOnlyFromAmong("article", "defaults");
        command.Options.Add(Mode);
        if (!withResume)
        {
            return;
        }

        command.Options.Add(Resume);
        command.Options.Add(From);
        command.Validators.Add(result =>
        {
            if (result.GetValue(From) is not null && !result.GetValue(Resume))
            {
                result.AddError("--from DIR says where gpsvc's Start was recorded, for --resume: add --resume, or drop --from.");
            }
        });
    }

    /// <summary>The options the repairs plan with; <paramref name="recordedStart"/> reads a backup folder's recorded gpsvc Start.</summary>
    public RepairOptions Read(ParseResult parse, Func<string, uint?>? recordedStart = null)
    {
        var options = ReadControlSets(parse);

        if (parse.GetValue(Tls) is { } tls)
        {
            options = options with { TlsVersions = ParseTls(tls) };
        }

        if (parse.GetValue(Port) is { } port)
        {
            if (port is < 1 or > 65535)
            {
                throw new BadInputException($"--port {port}: a TCP port is a number from 1 to 65535.");
            }

            options = options with { Port = port };
        }

        if (parse.GetValue(BootTimeout) is { } timeout)
        {
            if (timeout is < 0 or > RepairOptions.MaxBootTimeout)
            {
                throw new BadInputException($"--boot-timeout {timeout}: give the seconds the boot menu waits, from 0 to {RepairOptions.MaxBootTimeout}.");
            }

            options = options with { BootTimeout = timeout };
        }

        if (parse.GetValue(EmsPort) is { } emsPort)
        {
            if (emsPort is < 1 or > RepairOptions.MaxEmsPort)
            {
                throw new BadInputException($"--ems-port {emsPort}: give a COM port number from 1 to {RepairOptions.MaxEmsPort} (1 is COM1).");
            }

            options = options with { EmsPort = emsPort };
        }

        if (parse.GetValue(EmsBaud) is { } baud)
        {
            if (!RepairOptions.EmsBaudRates.Contains(baud))
            {
                throw new BadInputException($"--ems-baud {baud}: EMS runs at {string.Join(", ", RepairOptions.EmsBaudRates)}.");
            }

            options = options with { EmsBaudRate = baud };
        }

        if (parse.GetValue(Mode) == "defaults")
        {
            options = options with { MachineKeys = MachineKeysMode.Defaults };
        }

        if (_withResume && parse.GetValue(Resume))
        {
            options = options with { Resume = true };
            if (parse.GetValue(From) is { } from && recordedStart is not null)
            {
                if (!Directory.Exists(from))
                {
                    throw new BadInputException($"--from {from}: no such folder. Give the backup folder that 'fix group-policy' printed.");
                }

                options = options with { RecordedGroupPolicyStart = recordedStart(from) };
            }
        }

        return options;
    }

    /// <summary>The options with only --control-sets read (inspect).</summary>
    public RepairOptions ReadControlSets(ParseResult parse) => new()
    {
        ControlSets = parse.GetValue(ControlSets) == "all" ? ControlSetSelection.All : ControlSetSelection.Selected,
    };

    public static IReadOnlyList<string> ParseTls(string list)
    {
        var versions = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (versions.Length == 0)
        {
            throw new BadInputException($"--tls '{list}': name one or more of {string.Join(", ", TlsVersions)}, comma-separated.");
        }

        var result = new List<string>();
        foreach (var version in versions)
        {
            var normal = version.StartsWith("TLS", StringComparison.OrdinalIgnoreCase) ? version[3..].Trim() : version;
            if (!TlsVersions.Contains(normal, StringComparer.Ordinal))
            {
                throw new BadInputException($"--tls {list}: '{version}' is not a TLS version this repair enables; use {string.Join(", ", TlsVersions)}.");
            }

            if (!result.Contains(normal, StringComparer.Ordinal))
            {
                result.Add(normal);
            }
        }

        return result;
    }
}
