using System.CommandLine;
using OfflineRepair.Cli.Hives;

namespace OfflineRepair.Cli.Bcd;

/// <summary>
/// <c>bcd set STORE ID NAME VALUE</c>: bcdedit /store STORE /set ID NAME VALUE. Creates a missing
/// element key, never a missing object; backs the store up first unless told not to.
/// </summary>
internal sealed class BcdSetCommand : Command
{
    private readonly Argument<string> _store = BcdArguments.Store();
    private readonly Argument<string> _id = new("ID") { Description = "The object to change. " + BcdArguments.IdentifierHelp };
    private readonly Argument<string> _name = new("NAME")
    {
        Description = "The element, by its bcdedit name (timeout, displaybootmenu, bootems, ems, description, default ...) or custom:XXXXXXXX. Boolean, integer, string and object elements only.",
    };

    private readonly Argument<string> _value = new("VALUE")
    {
        Description = "Boolean: yes/no, on/off, true/false, 1/0. Integer: decimal or 0x hex (stored as 8 bytes). String: the text. Object: a GUID or alias.",
    };

    private readonly BackupOptions _backup = new();

    public BcdSetCommand(CommandRunner runner)
        : base("set", Help)
    {
        Arguments.Add(_store);
        Arguments.Add(_id);
        Arguments.Add(_name);
        Arguments.Add(_value);
        _backup.AddTo(this);
        SetAction(parse => runner.Run(parse, context => Execute(parse, context)));
    }

    private const string Help =
        "Sets one element of one entry, as 'bcdedit /store STORE /set ID NAME VALUE' does: the element key is created when\n" +
        "missing (8 lowercase hex digits); an entry that is not in the store is an error (exit 2), never created.\n" +
        "Before writing, the store and its logs are copied to STORE.yyyyMMdd-HHmmss.bak (see --no-backup, --backup-dir).\n\n" +
        "Examples:\n" +
        "  offline-repair bcd set F:\\Boot\\BCD {default} ems on\n" +
        "  offline-repair bcd set BCD {bootmgr} timeout 5\n" +
        "  offline-repair bcd set BCD {emssettings} emsbaudrate 115200";

    private int Execute(ParseResult parse, CommandContext context)
    {
        var path = parse.GetValue(_store)!;
        var (hive, store) = BcdStoreFile.Open(path, writable: true, context);
        using (hive)
        {
            // Every check (object, name, value) is made before the hive changes in memory.
            var result = store.Set(parse.GetValue(_id)!, parse.GetValue(_name)!, parse.GetValue(_value)!);
            context.Log.Information(
                "{Action} {Name} ({Key}) on {Object}: {Data}{Previous}",
                result.CreatedKey ? "Created" : "Set",
                result.Name,
                result.KeyPath,
                result.Object.Identifier,
                result.Data,
                result.Previous is { } previous ? $" (was {Convert.ToHexString(previous.Data).ToLowerInvariant()})" : "");
            HiveSave.Commit(hive, path, _backup.Read(parse), context);
        }

        context.Output.WriteLine("The operation completed successfully.");
        return ExitCode.Success;
    }
}
