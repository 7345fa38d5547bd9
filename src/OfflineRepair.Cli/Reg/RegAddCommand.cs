using System.CommandLine;
using OfflineRepair.Cli.Hives;
using OfflineRepair.Registry;
using OfflineRepair.Registry.Export;

namespace OfflineRepair.Cli.Reg;

/// <summary>
/// <c>reg add HIVE KEY [/v NAME | /ve] [/t TYPE] [/d DATA] [/s CHAR] [/f]</c>: creates the key path
/// and sets the value. Where reg.exe would ask before overwriting a value, there is no prompt
/// offline: without /f it refuses (exit 2) and writes nothing.
/// </summary>
internal sealed class RegAddCommand : Command
{
    private readonly Argument<string> _hive = RegArguments.Hive();
    private readonly Argument<string> _key = RegArguments.Key();
    private readonly Option<string?> _value = RegSwitches.ValueName("Name of the value to set.");
    private readonly Option<bool> _defaultValue = RegSwitches.DefaultValue("Set the default value, (Default).");
    private readonly Option<string?> _type = RegSwitches.Type();
    private readonly Option<string?> _data = RegSwitches.Data();
    private readonly Option<string?> _separator = RegSwitches.Separator();
    private readonly Option<bool> _force = RegSwitches.Force("Overwrite a value that exists (reg.exe would ask; offline, without /f the command refuses).");
    private readonly BackupOptions _backup = new();

    public RegAddCommand(CommandRunner runner)
        : base("add", Help)
    {
        Arguments.Add(_hive);
        Arguments.Add(_key);
        Options.Add(_value);
        Options.Add(_defaultValue);
        Options.Add(_type);
        Options.Add(_data);
        Options.Add(_separator);
        Options.Add(_force);
        _backup.AddTo(this);
        Validators.Add(result =>
        {
            if (result.GetValue(_value) is not null && result.GetValue(_defaultValue))
            {
                result.AddError("/v NAME and /ve each name the value to set: give one of them.");
            }

            if (result.GetValue(_separator) is { Length: not 1 } separator)
            {
                result.AddError($"/s takes one character, not '{separator}'.");
            }
        });
        SetAction(parse => runner.Run(parse, context => Execute(parse, context)));
    }

    private const string Help =
        "Creates a key (and the keys above it) and sets a value, like reg.exe's 'reg add'. Without /v or /ve, /d sets the\n" +
        "default value; with neither /v, /ve nor /d only the key is created. An existing value is replaced only with /f:\n" +
        "reg.exe would ask, offline there is no prompt, so the command refuses (exit 2) and writes nothing.\n" +
        "Before writing, the hive and its logs are copied to HIVE.yyyyMMdd-HHmmss.bak (see --no-backup, --backup-dir).\n\n" +
        "Examples:\n" +
        "  offline-repair reg add SYSTEM \"HKLM\\SYSTEM\\ControlSet001\\Control\\Terminal Server\\WinStations\\RDP-Tcp\" /v SecurityLayer /t REG_DWORD /d 1 /f\n" +
        "  offline-repair reg add SYSTEM ControlSet001\\Control\\CrashControl /v DumpFile /t REG_EXPAND_SZ /d \"%SystemRoot%\\MEMORY.DMP\"\n" +
        "  offline-repair reg add SYSTEM ControlSet001\\Services\\Demo /v Names /t REG_MULTI_SZ /d \"one\\0two\"";

    private int Execute(ParseResult parse, CommandContext context)
    {
        var hivePath = parse.GetValue(_hive)!;
        var keyArgument = parse.GetValue(_key)!;
        string? dataText = parse.GetValue(_data);
        string? valueName = parse.GetValue(_defaultValue) ? "" : parse.GetValue(_value);
        if (valueName is null && dataText is not null)
        {
            valueName = ""; // reg.exe: /d without /v sets the default value
        }

        // Bad /t or /d is reported before the hive is even opened.
        var type = RegValueData.ParseType(parse.GetValue(_type));
        byte[]? data = valueName is null ? null : RegValueData.Encode(type, dataText, parse.GetValue(_separator)?[0]);
        if (valueName is { Length: > RegistryKey.MaxValueNameLength })
        {
            throw new BadInputException($"value name of {valueName.Length} characters: Windows allows at most {RegistryKey.MaxValueNameLength}.");
        }

        using var hive = HiveFile.Open(hivePath, writable: true, context);
        var target = new KeyPathResolver(hive, hivePath).ForCreate(keyArgument);
        if (valueName is not null && target.Key?.GetValue(valueName) is { } existing && !parse.GetValue(_force))
        {
            throw new BadInputException(
                $"value {(valueName.Length == 0 ? "(Default)" : "'" + valueName + "'")} already exists in {target.DisplayPath} " +
                $"({RegQueryPrinter.ValueLine(existing).Trim()}). reg.exe would ask; offline there is no prompt: add /f to overwrite it. Nothing was written.");
        }

        bool changed = false;
        var key = target.Key;
        if (key is null)
        {
            key = hive.Root.CreateKey(target.RelativePath);
            context.Log.Information("Created key {Key}", RegFileWriter.KeyPath(target.DisplayRoot, key));
            changed = true;
        }

        if (valueName is not null)
        {
            bool replaced = key.SetValue(valueName, type, data);
            context.Log.Information(
                "{Action} {Value} in {Key}: {Type}, {Length} bytes",
                replaced ? "Replaced" : "Set",
                valueName.Length == 0 ? "(Default)" : valueName,
                RegFileWriter.KeyPath(target.DisplayRoot, key),
                RegistryData.TypeName(type),
                data!.Length);
            changed = true;
        }

        if (changed)
        {
            HiveSave.Commit(hive, hivePath, _backup.Read(parse), context);
        }
        else
        {
            context.Log.Information("{Key} exists already; nothing to write", target.DisplayPath);
        }

        context.Output.WriteLine("The operation completed successfully.");
        return ExitCode.Success;
    }
}
