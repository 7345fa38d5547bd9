using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Execution;

/// <summary>Applies planned changes to an open hive and reads them back from a freshly opened one.</summary>
internal static class ChangeApplier
{
    public static void Apply(Hive hive, PlannedChange change)
    {
        switch (change)
        {
            case SetValueChange set:
                hive.Root.CreateKey(set.KeyPath).SetValue(set.ValueName, set.NewType, set.NewData);
                break;
            case CreateKeyChange create:
                hive.Root.CreateKey(create.KeyPath);
                break;
            case DeleteKeyChange delete:
                var (parentPath, name) = SplitLast(delete.KeyPath);
                var parent = parentPath.Length == 0 ? hive.Root : hive.OpenKey(parentPath);
                // Already gone is what the change wants: nothing to do.
                parent?.DeleteSubkeyTree(name);
                break;
            default:
                throw new ArgumentException($"unknown change {change.GetType().Name}", nameof(change));
        }
    }

    /// <summary>
    /// Whether the change reads back from the written hive. A change under a key that a later change
    /// of the same plan deletes is not expected to be there, so it passes when its key is gone.
    /// </summary>
    public static VerificationResult Verify(Hive hive, PlannedChange change, IReadOnlyList<PlannedChange> laterChanges)
    {
        var subject = ChangeText.Describe(change);
        if (laterChanges.OfType<DeleteKeyChange>().Any(d => d.Hive == change.Hive && IsSameOrBelow(change.KeyPath, d.KeyPath)))
        {
            bool gone = hive.OpenKey(change.KeyPath) is null;
            return new VerificationResult(subject, gone, gone ? "superseded by a later delete; key is gone" : "a later delete should have removed the key");
        }

        switch (change)
        {
            case SetValueChange set:
                var value = hive.OpenKey(set.KeyPath)?.GetValue(set.ValueName);
                if (value is null)
                {
                    return new VerificationResult(subject, false, "value not found after writing");
                }

                bool equal = value.Type == set.NewType && value.Data.AsSpan().SequenceEqual(set.NewData);
                return new VerificationResult(
                    subject,
                    equal,
                    equal ? "reads back" : $"reads back as {RegistryData.TypeName(value.Type)} {ChangeText.Value(value.Type, value.Data)}");
            case CreateKeyChange create:
                bool exists = hive.OpenKey(create.KeyPath) is not null;
                return new VerificationResult(subject, exists, exists ? "key exists" : "key not found after writing");
            case DeleteKeyChange delete:
                bool deleted = hive.OpenKey(delete.KeyPath) is null;
                return new VerificationResult(subject, deleted, deleted ? "key is gone" : "key still present after writing");
            default:
                return new VerificationResult(subject, false, "unknown change");
        }
    }

    private static (string Parent, string Name) SplitLast(string keyPath)
    {
        var trimmed = keyPath.Trim('\\');
        int cut = trimmed.LastIndexOf('\\');
        return cut < 0 ? ("", trimmed) : (trimmed[..cut], trimmed[(cut + 1)..]);
    }

    private static bool IsSameOrBelow(string path, string ancestor)
    {
        var p = path.Trim('\\');
        var a = ancestor.Trim('\\');
        return string.Equals(p, a, StringComparison.OrdinalIgnoreCase)
            || p.StartsWith(a + "\\", StringComparison.OrdinalIgnoreCase);
    }
}
