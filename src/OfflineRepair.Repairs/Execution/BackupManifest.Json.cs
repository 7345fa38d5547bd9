using System.Globalization;
using System.Text.Json;
using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Targets;

namespace OfflineRepair.Repairs.Execution;

/// <summary>
/// The manifest's JSON, written with <see cref="Utf8JsonWriter"/> and read with
/// <see cref="JsonDocument"/>: the shape is spelled out here field by field, with no reflection.
/// <code>
/// { "schema": 1, "target": "...", "targetKind": "volume|hive-files", "createdUtc": "2024-05-01T10:00:00+00:00",
///   "toolVersion": "...", "complete": true,
///   "files": [ { "path": "Windows\\System32\\config\\SYSTEM", "backup": "SYSTEM", "sha256Before": "..",
///                "sha256After": "..|null", "size": 123, "written": true } ],
///   "plan": [ { "repair": "crash-dump", "hive": "SYSTEM", "action": "set-value|create-key|delete-key",
///               "key": "ControlSet001\\Control\\CrashControl", "value": "CrashDumpEnabled", "type": "REG_DWORD",
///               "old": "0 (0x0)", "oldHex": "00000000", "new": "1 (0x1)", "newHex": "01000000", "detail": null } ],
///   "groupPolicyStart": 2,       // or null
///   "undoJournal": "image-undo.journal",   // disk images; null otherwise
///   "permissions": [ { "path": "ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys", "before": "O:..", "beforeHex": "..",
///                      "after": "O:BAG:..", "afterHex": ".." } ] }
/// </code>
/// </summary>
public sealed partial record BackupManifest
{
    public static ManifestChange Describe(PlannedChange change) => change switch
    {
        SetValueChange set => new ManifestChange(
            set.Repair,
            HivePaths.Name(set.Hive),
            "set-value",
            set.KeyPath,
            set.ValueName,
            RegistryData.TypeName(set.NewType),
            set.OldType is null ? null : ChangeText.Value(set.OldType.Value, set.OldData ?? []),
            set.OldData is null ? null : Convert.ToHexStringLower(set.OldData),
            ChangeText.Value(set.NewType, set.NewData),
            Convert.ToHexStringLower(set.NewData),
            set.OldType is { } oldType && oldType != set.NewType ? $"type was {RegistryData.TypeName(oldType)}" : null),
        CreateKeyChange create => new ManifestChange(create.Repair, HivePaths.Name(create.Hive), "create-key", create.KeyPath, null, null, null, null, null, null, null),
        DeleteKeyChange delete => new ManifestChange(delete.Repair, HivePaths.Name(delete.Hive), "delete-key", delete.KeyPath, null, null, null, null, null, null, delete.Detail),
        _ => throw new ArgumentException($"unknown change {change.GetType().Name}", nameof(change)),
    };

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("schema", Schema);
            json.WriteString("target", Target);
            json.WriteString("targetKind", KindName(TargetKind));
            json.WriteString("createdUtc", CreatedUtc.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("toolVersion", ToolVersion);
            json.WriteBoolean("complete", Complete);
            json.WriteStartArray("files");
            foreach (var file in Files)
            {
                json.WriteStartObject();
                json.WriteString("path", file.Path);
                json.WriteString("backup", file.Backup);
                json.WriteString("sha256Before", file.Sha256Before);
                WriteNullable(json, "sha256After", file.Sha256After);
                json.WriteNumber("size", file.Size);
                json.WriteBoolean("written", file.Written);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("plan");
            foreach (var change in Plan)
            {
                json.WriteStartObject();
                json.WriteString("repair", change.Repair);
                json.WriteString("hive", change.Hive);
                json.WriteString("action", change.Action);
                json.WriteString("key", change.Key);
                WriteNullable(json, "value", change.Value);
                WriteNullable(json, "type", change.Type);
                WriteNullable(json, "old", change.Old);
                WriteNullable(json, "oldHex", change.OldHex);
                WriteNullable(json, "new", change.New);
                WriteNullable(json, "newHex", change.NewHex);
                WriteNullable(json, "detail", change.Detail);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (GroupPolicyStart is { } start)
            {
                json.WriteNumber("groupPolicyStart", start);
            }
            else
            {
                json.WriteNull("groupPolicyStart");
            }

            WriteNullable(json, "undoJournal", UndoJournal);
            json.WriteStartArray("permissions");
            foreach (var permission in Permissions)
            {
                json.WriteStartObject();
                json.WriteString("path", permission.Path);
                json.WriteString("before", permission.BeforeSddl);
                json.WriteString("beforeHex", permission.BeforeHex);
                json.WriteString("after", permission.AfterSddl);
                json.WriteString("afterHex", permission.AfterHex);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static BackupManifest Parse(byte[] utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ManifestFormatException("the manifest is not a JSON object");
            }

            int schema = Required(root, "schema").GetInt32();
            if (schema != CurrentSchema)
            {
                throw new ManifestFormatException($"manifest schema {schema} is not {CurrentSchema}: it was written by another version of offline-repair");
            }

            var files = Required(root, "files").EnumerateArray().Select(f => new BackupFile(
                RequiredString(f, "path"),
                SafeFileName(RequiredString(f, "backup")),
                RequiredString(f, "sha256Before"),
                OptionalString(f, "sha256After"),
                Required(f, "size").GetInt64(),
                !f.TryGetProperty("written", out var written) || written.GetBoolean())).ToList();
            var plan = root.TryGetProperty("plan", out var planElement) && planElement.ValueKind == JsonValueKind.Array
                ? planElement.EnumerateArray().Select(c => new ManifestChange(
                    RequiredString(c, "repair"),
                    RequiredString(c, "hive"),
                    RequiredString(c, "action"),
                    RequiredString(c, "key"),
                    OptionalString(c, "value"),
                    OptionalString(c, "type"),
                    OptionalString(c, "old"),
                    OptionalString(c, "oldHex"),
                    OptionalString(c, "new"),
                    OptionalString(c, "newHex"),
                    OptionalString(c, "detail"))).ToList()
                : [];
            uint? groupPolicyStart = root.TryGetProperty("groupPolicyStart", out var gp) && gp.ValueKind == JsonValueKind.Number
                ? gp.GetUInt32()
                : null;

            return new BackupManifest(
                schema,
                RequiredString(root, "target"),
                ParseKind(RequiredString(root, "targetKind")),
                DateTimeOffset.Parse(RequiredString(root, "createdUtc"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                RequiredString(root, "toolVersion"),
                root.TryGetProperty("complete", out var complete) && complete.GetBoolean(),
                files,
                plan,
                groupPolicyStart,
                OptionalString(root, "undoJournal") is { } journal ? SafeFileName(journal) : null,
                root.TryGetProperty("permissions", out var permissions) && permissions.ValueKind == JsonValueKind.Array && permissions.GetArrayLength() > 0
                    ? permissions.EnumerateArray().Select(p => new ManifestPermission(
                        RequiredString(p, "path"),
                        Hex(RequiredString(p, "beforeHex")),
                        RequiredString(p, "before"),
                        Hex(RequiredString(p, "afterHex")),
                        RequiredString(p, "after"))).ToList()
                    : null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new ManifestFormatException($"the manifest is not valid: {e.Message}", e);
        }
    }

    /// <summary>Descriptor bytes as hex; checked here so restore never writes half-parsed bytes.</summary>
    private static string Hex(string text)
    {
        _ = Convert.FromHexString(text);
        return text;
    }

    private static string KindName(TargetKind kind) => kind switch
    {
        TargetKind.Volume => "volume",
        TargetKind.HiveFiles => "hive-files",
        TargetKind.Image => "image",
        _ => kind.ToString(),
    };

    private static TargetKind ParseKind(string text) => text switch
    {
        "volume" => TargetKind.Volume,
        "hive-files" => TargetKind.HiveFiles,
        "image" => TargetKind.Image,
        _ => throw new ManifestFormatException($"unknown targetKind '{text}'"),
    };

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static JsonElement Required(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new ManifestFormatException($"the manifest has no '{name}'");

    private static string RequiredString(JsonElement element, string name) =>
        Required(element, name).GetString() ?? throw new ManifestFormatException($"'{name}' is not a string");

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A backup name is a plain file name in the backup folder; a path in it would let a manifest read files elsewhere.</summary>
    private static string SafeFileName(string name) =>
        name.Length > 0 && name == Path.GetFileName(name) && name is not "." and not ".." && name.IndexOfAny(['/', '\\']) < 0
            ? name
            : throw new ManifestFormatException($"backup file name '{name}' is not a plain file name");
}
