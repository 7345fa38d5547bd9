using OfflineRepair.Registry;

namespace OfflineRepair.Repairs.Planning;

/// <summary>One change a repair wants, in one hive, under a key path relative to the hive's root.</summary>
public abstract record PlannedChange(string Repair, HiveKind Hive, string KeyPath);

/// <summary>
/// Create or replace a value. <paramref name="OldType"/> and <paramref name="OldData"/> are null when
/// the value does not exist yet. Missing keys on the path are created by applying it.
/// </summary>
public sealed record SetValueChange(
    string Repair,
    HiveKind Hive,
    string KeyPath,
    string ValueName,
    RegistryValueType? OldType,
    byte[]? OldData,
    RegistryValueType NewType,
    byte[] NewData) : PlannedChange(Repair, Hive, KeyPath);

/// <summary>Create a key (and any missing parents).</summary>
public sealed record CreateKeyChange(string Repair, HiveKind Hive, string KeyPath) : PlannedChange(Repair, Hive, KeyPath);

/// <summary>Delete a key and everything below it; <paramref name="Detail"/> says what it held (e.g. a certificate's thumbprint and expiry).</summary>
public sealed record DeleteKeyChange(string Repair, HiveKind Hive, string KeyPath, string Detail) : PlannedChange(Repair, Hive, KeyPath);
