using System.CommandLine;
using OfflineRepair.Cli.Json;

namespace OfflineRepair.Cli.Bcd;

/// <summary><c>bcd enum STORE [TYPE|ID] [--json]</c>: bcdedit /store STORE /enum, read-only.</summary>
internal sealed class BcdEnumCommand : Command
{
    private readonly Argument<string> _store = BcdArguments.Store();

    private readonly Argument<string> _type = new("TYPE")
    {
        Description = "Which entries: active (default: {bootmgr} and its displayorder), all, firmware, bootmgr, osloader, resume, inherit, bootapp; or one identifier.",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => "active",
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print one JSON document (schema 1: store, objects with id, alias, type, kind, title, description, isDefault, elements) instead of bcdedit's text.",
        Arity = ArgumentArity.Zero,
    };

    public BcdEnumCommand(CommandRunner runner)
        : base("enum", Help)
    {
        Arguments.Add(_store);
        Arguments.Add(_type);
        Options.Add(_json);
        SetAction(parse => runner.Run(parse, context => Execute(parse, context)));
    }

    private const string Help =
        "Lists the store's entries as 'bcdedit /store STORE /enum' does; nothing is written. Each entry: a title, a dashed line,\n" +
        "then one 'name  value' row per element, named as bcdedit names them (custom:XXXXXXXX when it has no name). Devices,\n" +
        "which bcdedit resolves to a volume of the running system, show their kind and disk/partition identifiers instead.\n\n" +
        "Examples:\n" +
        "  offline-repair bcd enum F:\\Boot\\BCD\n" +
        "  offline-repair bcd enum BCD all --json\n" +
        "  offline-repair bcd enum BCD {default}";

    private int Execute(ParseResult parse, CommandContext context)
    {
        var path = parse.GetValue(_store)!;
        var (hive, store) = BcdStoreFile.Open(path, writable: false, context);
        using (hive)
        {
            var objects = BcdEnumSelection.Select(store, parse.GetValue(_type) ?? "active", context);
            foreach (var stray in store.StrayObjectKeys)
            {
                context.Log.Warning("warning: Objects\\{Key} is not named by a GUID: not an object, not listed", stray);
            }

            // Rendered in full before printing, so a damaged key found half-way leaves stdout empty.
            if (parse.GetValue(_json))
            {
                JsonOutput.Write(context.Output, BcdEnumJson.Create(path, store, objects), CliJsonContext.Default.BcdEnumJson);
            }
            else
            {
                context.Output.Write(BcdEnumPrinter.Print(store, objects));
            }
        }

        return ExitCode.Success;
    }
}
