using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Tests.Execution;

/// <summary>Sets one DWORD; plans nothing when it already holds the value (like the real repairs).</summary>
internal sealed class SetDWordRepair(string name, HiveKind hive, string keyPath, string valueName, uint value) : IRepair
{
    public string Name => name;

    public string Summary => $"sets {keyPath}\\{valueName} to {value}";

    public string ArticleStep => "test";

    public IReadOnlyList<HiveKind> Hives => [hive];

    public RepairPlan Plan(RepairContext context)
    {
        var current = context.HiveFor(hive)!.OpenKey(keyPath)?.GetValue(valueName);
        var wanted = RegistryData.DWord(value);
        if (current is not null && current.Type == RegistryValueType.DWord && current.Data.AsSpan().SequenceEqual(wanted))
        {
            return new RepairPlan(Name, [], ["already in place"]);
        }

        return new RepairPlan(Name, [new SetValueChange(Name, hive, keyPath, valueName, current?.Type, current?.Data, RegistryValueType.DWord, wanted)], []);
    }

    public static SetDWordRepair CrashDump(uint value = 1) =>
        new("test-crash-dump", HiveKind.System, @"ControlSet001\Control\CrashControl", "CrashDumpEnabled", value);

    public static SetDWordRepair PauseGroupPolicy() =>
        new("test-group-policy", HiveKind.System, @"ControlSet001\Services\gpsvc", "Start", 4);

    public static SetDWordRepair InSoftware() =>
        new("test-software", HiveKind.Software, @"Microsoft\Windows NT\CurrentVersion\Test", "Flag", 1);
}

/// <summary>Deletes one key and everything below it when present.</summary>
internal sealed class DeleteKeyRepair(string name, HiveKind hive, string keyPath) : IRepair
{
    public string Name => name;

    public string Summary => $"deletes {keyPath}";

    public string ArticleStep => "test";

    public IReadOnlyList<HiveKind> Hives => [hive];

    public RepairPlan Plan(RepairContext context) =>
        context.HiveFor(hive)!.OpenKey(keyPath) is null
            ? new RepairPlan(Name, [], [])
            : new RepairPlan(Name, [new DeleteKeyChange(Name, hive, keyPath, "test key")], []);

    public static DeleteKeyRepair Beep() => new("test-delete", HiveKind.System, @"ControlSet001\Services\Beep");
}

/// <summary>Creates one key when absent.</summary>
internal sealed class CreateKeyRepair(string name, HiveKind hive, string keyPath) : IRepair
{
    public string Name => name;

    public string Summary => $"creates {keyPath}";

    public string ArticleStep => "test";

    public IReadOnlyList<HiveKind> Hives => [hive];

    public RepairPlan Plan(RepairContext context) =>
        context.HiveFor(hive)!.OpenKey(keyPath) is not null
            ? new RepairPlan(Name, [], [])
            : new RepairPlan(Name, [new CreateKeyChange(Name, hive, keyPath)], []);
}

/// <summary>A repair that cannot plan on its input, as a real one does when Select is missing.</summary>
internal sealed class RefusingRepair : IRepair
{
    public string Name => "test-refusing";

    public string Summary => "always refuses";

    public string ArticleStep => "test";

    public IReadOnlyList<HiveKind> Hives => [HiveKind.System];

    public RepairPlan Plan(RepairContext context) => throw new RepairException("no Select key");
}
