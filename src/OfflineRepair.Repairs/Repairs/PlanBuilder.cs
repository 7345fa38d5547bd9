using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Repairs;

/// <summary>
/// Collects one repair's changes to one hive. Each wanted value is compared with what the hive
/// holds (type and bytes): only a difference becomes a change, so a repair already in place plans
/// nothing and running fix twice changes nothing the second time. Keys that would be created are
/// listed as such, once, so the user sees every new key before anything is written.
/// </summary>
internal sealed class PlanBuilder
{
    private readonly string _repair;
    private readonly HiveKind _kind;
    private readonly Hive _hive;
    private readonly List<PlannedChange> _changes = [];
    private readonly List<string> _notes = [];
    private readonly HashSet<string> _createdKeys = new(StringComparer.OrdinalIgnoreCase);

    public PlanBuilder(string repair, HiveKind kind, Hive hive)
    {
        _repair = repair;
        _kind = kind;
        _hive = hive;
    }

    public void Note(string note) => _notes.Add(note);

    public RegistryKey? OpenKey(string path) => _hive.OpenKey(path);

    public void SetDWord(string keyPath, string valueName, uint value) =>
        SetValue(keyPath, valueName, RegistryValueType.DWord, RegistryData.DWord(value));

    /// <summary>
    /// Wants the value to be this type and data; plans a change only when it is not. By default "is"
    /// means the same type and bytes; <paramref name="inPlace"/> replaces that test where one value
    /// has several spellings (a BCD integer stored in fewer than 8 bytes), so a value that already
    /// means what is wanted is left as Windows wrote it.
    /// </summary>
    public void SetValue(string keyPath, string valueName, RegistryValueType type, byte[] data, Func<RegistryValue, bool>? inPlace = null)
    {
        var current = _hive.OpenKey(keyPath)?.GetValue(valueName);
        inPlace ??= value => value.Type == type && value.Data.AsSpan().SequenceEqual(data);
        if (current is not null && inPlace(current))
        {
            return;
        }

        if (current is null)
        {
            PlanMissingKeys(keyPath);
        }

        _changes.Add(new SetValueChange(_repair, _kind, keyPath, valueName, current?.Type, current?.Data, type, data));
    }

    public void DeleteKey(string keyPath, string detail) =>
        _changes.Add(new DeleteKeyChange(_repair, _kind, keyPath, detail));

    public RepairPlan Build() => new(_repair, _changes.ToList(), _notes.ToList());

    /// <summary>A key that does not exist yet: one CreateKeyChange for the whole path (applying it makes any missing parents too).</summary>
    private void PlanMissingKeys(string keyPath)
    {
        if (_hive.OpenKey(keyPath) is not null || !_createdKeys.Add(keyPath))
        {
            return;
        }

        _changes.Add(new CreateKeyChange(_repair, _kind, keyPath));
    }
}
