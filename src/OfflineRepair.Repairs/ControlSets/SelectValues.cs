using OfflineRepair.Registry;

namespace OfflineRepair.Repairs.ControlSets;

/// <summary>
/// SYSTEM\Select: which ControlSet00N Windows boots (Current, Default), falls back to
/// (LastKnownGood) and gave up on (Failed). A value that is missing, not a DWORD, or 0 names no set.
/// </summary>
public sealed record SelectValues(uint? Current, uint? Default, uint? LastKnownGood, uint? Failed)
{
    public const string KeyName = "Select";

    /// <summary>Reads Select, or null when the hive has no such key.</summary>
    public static SelectValues? Read(Hive system)
    {
        ArgumentNullException.ThrowIfNull(system);
        var select = system.OpenKey(KeyName);
        if (select is null)
        {
            return null;
        }

        return new SelectValues(
            select.GetValue(nameof(Current))?.AsUInt32(),
            select.GetValue(nameof(Default))?.AsUInt32(),
            select.GetValue(nameof(LastKnownGood))?.AsUInt32(),
            select.GetValue(nameof(Failed))?.AsUInt32());
    }

    /// <summary>The roles that name a set, in Windows' order of importance; 0 (Failed's usual value) names none.</summary>
    public IEnumerable<(string Role, uint Number)> Roles()
    {
        if (Current is > 0)
        {
            yield return (nameof(Current), Current.Value);
        }

        if (Default is > 0)
        {
            yield return (nameof(Default), Default.Value);
        }

        if (LastKnownGood is > 0)
        {
            yield return (nameof(LastKnownGood), LastKnownGood.Value);
        }

        if (Failed is > 0)
        {
            yield return (nameof(Failed), Failed.Value);
        }
    }
}
