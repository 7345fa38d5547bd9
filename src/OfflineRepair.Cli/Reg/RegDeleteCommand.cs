using System.CommandLine;
using OfflineRepair.Cli.Hives;
using OfflineRepair.Registry.Export;

namespace OfflineRepair.Cli.Reg;

/// <summary>
/// <c>reg delete HIVE KEY [/v NAME | /ve | /va] [/f]</c>: deletes a value, the default value, all
/// values of a key, or (with none of them) the key and everything below it. reg.exe asks first;
/// offline there is no prompt, so without /f it refuses (exit 2) and writes nothing.
/// </summary>
internal sealed class RegDeleteCommand : Command
{
    private readonly Argument<string> _hive = RegArguments.Hive();
    private readonly Argument<string> _key = RegArguments.Key();
    private readonly Option<string?> _value = RegSwitches.ValueName("Delete this value.");
    private readonly Option<bool> _defaultValue = RegSwitches.DefaultValue("Delete the default value, (Default).");
    private readonly Option<bool> _allValues = RegSwitches.AllValues("Delete every value of the key (its subkeys stay).");
    private readonly Option<bool> _force = RegSwitches.Force("Delete (reg.exe would ask; offline, without /f the command refuses).");
    private readonly BackupOptions _backup = new();

    public RegDeleteCommand(CommandRunner runner)
        : base("delete", Help)
    {
        Arguments.Add(_hive);
        Arguments.Add(_key);
        Options.Add(_value);
        Options.Add(_defaultValue);
        Options.Add(_allValues);
        Options.Add(_force);
        _backup.AddTo(this);
        Validators.Add(result =>
        {
            int chosen = (result.GetValue(_value) is not null ? 1 : 0) + (result.GetValue(_defaultValue) ? 1 : 0) + (result.GetValue(_allValues) ? 1 : 0);
            if (chosen > 1)
            {
                result.AddError("/v NAME, /ve and /va each choose what to delete: give one of them (or none to delete the key).");
            }
        });
        SetAction(parse => runner.Run(parse, context => Execute(parse, context)));
    }

    private const string Help =
        "Deletes a value (/v NAME), the default value (/ve), all values of a key (/va), or, with none of these, the key\n" +
        "and everything below it, like reg.exe's 'reg delete'. reg.exe asks first; offline there is no prompt, so without /f\n" +
        "the command says what it would delete, refuses (exit 2) and writes nothing. What is not there is an error (exit 2).\n" +
        "Before writing, the hive and its logs are copied to HIVE.yyyyMMdd-HHmmss.bak (see --no-backup, --backup-dir).\n\n" +
        "Examples:\n" +
        "  offline-repair reg delete SYSTEM ControlSet001\\Services\\gpsvc /v Start /f\n" +
        "  offline-repair reg delete SOFTWARE \"Microsoft\\SystemCertificates\\Remote Desktop\\Certificates\\<thumbprint>\" /f";

    private int Execute(ParseResult parse, CommandContext context)
    {
        var hivePath = parse.GetValue(_hive)!;
        string? valueName = parse.GetValue(_defaultValue) ? "" : parse.GetValue(_value);
        bool allValues = parse.GetValue(_allValues);

        using var hive = HiveFile.Open(hivePath, writable: true, context);
        var target = new KeyPathResolver(hive, hivePath).Find(parse.GetValue(_key)!);
        var key = target.ExistingKey;

        string what;
        Func<bool> delete; // true when something was deleted
        if (valueName is not null)
        {
            string shown = valueName.Length == 0 ? "the default value" : $"value '{valueName}'";
            if (key.GetValue(valueName) is null)
            {
                throw new BadInputException($"{shown} does not exist in {target.DisplayPath}: nothing to delete.");
            }

            what = $"{shown} of {target.DisplayPath}";
            delete = () => key.DeleteValue(valueName);
        }
        else if (allValues)
        {
            var names = key.GetValues().Select(v => v.Name).ToList();
            what = $"all {names.Count} value(s) of {target.DisplayPath}";
            delete = () =>
            {
                bool any = false;
                foreach (var name in names)
                {
                    any |= key.DeleteValue(name);
                }

                return any;
            };
        }
        else
        {
            if (key.Depth == 0)
            {
                throw new BadInputException($"{target.DisplayPath} is the hive's root key, which a hive cannot lose: delete its subkeys (or values with /va) instead.");
            }

            int keys = key.EnumerateTree().Count();
            what = $"key {target.DisplayPath} and everything below it ({keys - 1} subkey(s))";
            var parent = hive.Root.OpenKey(ParentPath(key.Path))!;
            delete = () => parent.DeleteSubkeyTree(key.Name);
        }

        if (!parse.GetValue(_force))
        {
            throw new BadInputException($"this would delete {what}. reg.exe would ask; offline there is no prompt: add /f to delete. Nothing was written.");
        }

        if (delete())
        {
            context.Log.Information("Deleted {What}", what);
            HiveSave.Commit(hive, hivePath, _backup.Read(parse), context);
        }
        else
        {
            context.Log.Information("{Key} has no values; nothing to write", target.DisplayPath);
        }

        context.Output.WriteLine("The operation completed successfully.");
        return ExitCode.Success;
    }

    private static string ParentPath(string path)
    {
        int last = path.LastIndexOf('\\');
        return last < 0 ? "" : path[..last];
    }
}
