namespace OfflineRepair.Registry.Fuzz;

/// <summary>
/// What one fuzz input goes through: read the whole hive, then edit and commit a writable copy and
/// read the result back. The engine promises that bad input raises HiveFormatException (or
/// DirtyHiveException) and nothing else, so those are swallowed and any other exception escapes to
/// the fuzzer as a crash.
/// </summary>
public static class HiveTarget
{
    public static void Run(byte[] input)
    {
        try
        {
            using var hive = Hive.Load(input, "fuzz");
            Walk(hive);
        }
        catch (HiveFormatException)
        {
        }
        catch (DirtyHiveException)
        {
        }

        try
        {
            using var stream = new MemoryStream();
            stream.Write(input);
            using (var hive = Hive.Open(stream, "fuzz", options: new HiveOpenOptions { Writable = true, ForceDirty = true }))
            {
                Edit(hive);
                hive.Commit();
            }

            // What a commit wrote must read back.
            using var committed = Hive.Load(stream.ToArray(), "fuzz (committed)");
            Walk(committed);
        }
        catch (HiveFormatException)
        {
        }
        catch (DirtyHiveException)
        {
        }
    }

    /// <summary>Every key with its name, class and time, every value with its data decoded by type.</summary>
    private static void Walk(Hive hive)
    {
        long sink = hive.RootName.Length + hive.MinorVersion;
        foreach (var key in hive.EnumerateTree())
        {
            sink += key.Name.Length + key.SubkeyCount + key.ValueCount + key.LastWriteTime.Ticks;
            sink += key.ClassName?.Length ?? 0;
            foreach (var value in key.GetValues())
            {
                sink += value.Name.Length + value.Data.Length;
                sink += value.Type switch
                {
                    RegistryValueType.String or RegistryValueType.ExpandString or RegistryValueType.Link => value.AsString().Length,
                    RegistryValueType.MultiString => value.AsStrings().Count,
                    RegistryValueType.DWord or RegistryValueType.DWordBigEndian => value.AsUInt32() ?? 0,
                    RegistryValueType.QWord => (long)(value.AsUInt64() ?? 0) & 0xFF,
                    _ => 0,
                };
            }

            // Lookups by name go through the subkey list's hashes and sort order, which a damaged hive
            // may get wrong: not finding the key is fine, throwing anything but HiveFormatException is not.
            if (key.Path.Length > 0)
            {
                sink += key.Hive.OpenKey(key.Path)?.Depth ?? 0;
            }
        }

        GC.KeepAlive(sink);
    }

    /// <summary>A few edits of every kind: values small and big, new keys, a deleted tree.</summary>
    private static void Edit(Hive hive)
    {
        var root = hive.Root;
        root.SetValue("FuzzDword", RegistryValueType.DWord, RegistryData.DWord(1));
        root.SetValue("FuzzString", RegistryValueType.String, RegistryData.String("fuzz"));

        var added = root.CreateKey(@"FuzzKey\Nested\Deeper");
        added.SetValue("", RegistryValueType.String, RegistryData.String("default"));
        added.SetValue("Big", RegistryValueType.Binary, new byte[20_000]); // over 16,344 bytes: big data on 1.4+
        root.DeleteSubkeyTree("FuzzKey");

        var first = root.GetSubkeys().FirstOrDefault();
        if (first is not null)
        {
            first.SetValue("FuzzDword", RegistryValueType.DWord, RegistryData.DWord(2));
            var firstValue = first.GetValues().FirstOrDefault();
            if (firstValue is not null)
            {
                first.DeleteValue(firstValue.Name);
            }

            root.DeleteSubkeyTree(first.Name);
        }

        root.DeleteValue("FuzzDword");
    }
}
