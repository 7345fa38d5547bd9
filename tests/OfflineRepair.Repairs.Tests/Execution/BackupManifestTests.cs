using System.Text.Json;
using OfflineRepair.Registry;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Targets;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Execution;

public sealed class BackupManifestTests
{
    private static readonly BackupManifest Sample = new(
        BackupManifest.CurrentSchema,
        "Windows volume /mnt/osdisk",
        TargetKind.Volume,
        new DateTimeOffset(2024, 5, 1, 10, 20, 30, TimeSpan.Zero),
        "1.2.3",
        Complete: true,
        [new BackupFile(WindowsPaths.SystemHive, "SYSTEM", "aa", "bb", 123, Written: true), new BackupFile(WindowsPaths.SystemHive + ".LOG1", "SYSTEM.LOG1", "cc", "cc", 4, Written: false)],
        [
            BackupManifest.Describe(new SetValueChange("crash-dump", HiveKind.System, @"ControlSet001\Control\CrashControl", "DumpFile", null, null, RegistryValueType.ExpandString, RegistryData.String(@"%SystemRoot%\MEMORY.DMP"))),
            BackupManifest.Describe(new SetValueChange("group-policy", HiveKind.System, @"ControlSet001\Services\gpsvc", "Start", RegistryValueType.DWord, RegistryData.DWord(2), RegistryValueType.DWord, RegistryData.DWord(4))),
            BackupManifest.Describe(new DeleteKeyChange("rdp-cert", HiveKind.Software, @"Microsoft\SystemCertificates\Remote Desktop\Certificates\AB", "thumbprint AB")),
        ],
        GroupPolicyStart: 2);

    [Fact]
    public void A_manifest_reads_back_as_written()
    {
        var read = BackupManifest.Parse(Sample.ToJson());

        Assert.Equal(Sample with { Files = read.Files, Plan = read.Plan }, read);
        Assert.Equal(Sample.Files, read.Files);
        Assert.Equal(Sample.Plan, read.Plan);
    }

    [Fact]
    public void An_image_manifest_keeps_its_undo_journal_and_the_permissions_before_and_after()
    {
        var image = Sample with
        {
            Target = "disk image os.vhd",
            TargetKind = TargetKind.Image,
            UndoJournal = "image-undo.journal",
            PermissionChanges = [new ManifestPermission(@"ProgramData\Microsoft\Crypto\RSA\MachineKeys", "0100", "O:SY", "0200", "O:BA")],
        };

        var read = BackupManifest.Parse(image.ToJson());

        Assert.Equal(TargetKind.Image, read.TargetKind);
        Assert.Equal("image-undo.journal", read.UndoJournal);
        Assert.Equal(image.Permissions, read.Permissions);
        Assert.Throws<ManifestFormatException>(() => BackupManifest.Parse((image with { UndoJournal = "../elsewhere" }).ToJson()));
        Assert.Throws<ManifestFormatException>(() => BackupManifest.Parse((image with { PermissionChanges = [new ManifestPermission("x", "zz", "", "00", "")] }).ToJson()));
    }

    [Fact]
    public void The_JSON_has_the_documented_shape()
    {
        using var json = JsonDocument.Parse(Sample.ToJson());
        var root = json.RootElement;

        Assert.Equal(1, root.GetProperty("schema").GetInt32());
        Assert.Equal("volume", root.GetProperty("targetKind").GetString());
        Assert.Equal("2024-05-01T10:20:30.0000000+00:00", root.GetProperty("createdUtc").GetString());
        Assert.Equal(2u, root.GetProperty("groupPolicyStart").GetUInt32());
        var file = root.GetProperty("files")[0];
        Assert.Equal(["path", "backup", "sha256Before", "sha256After", "size", "written"], file.EnumerateObject().Select(p => p.Name));
        var set = root.GetProperty("plan")[1];
        Assert.Equal("set-value", set.GetProperty("action").GetString());
        Assert.Equal("REG_DWORD", set.GetProperty("type").GetString());
        Assert.Equal("02000000", set.GetProperty("oldHex").GetString());
        Assert.Equal("4 (0x4)", set.GetProperty("new").GetString());
        var expand = root.GetProperty("plan")[0];
        Assert.Equal(JsonValueKind.Null, expand.GetProperty("old").ValueKind);
        Assert.Equal("\"%SystemRoot%\\MEMORY.DMP\"", expand.GetProperty("new").GetString());
        Assert.Equal("thumbprint AB", root.GetProperty("plan")[2].GetProperty("detail").GetString());
    }

    [Fact]
    public void Another_schema_and_broken_JSON_are_refused_with_the_reason()
    {
        var json = System.Text.Encoding.UTF8.GetString(Sample.ToJson()).Replace("\"schema\": 1", "\"schema\": 7", StringComparison.Ordinal);
        Assert.Contains("schema 7", Assert.Throws<ManifestFormatException>(() => BackupManifest.Parse(System.Text.Encoding.UTF8.GetBytes(json))).Message, StringComparison.Ordinal);
        Assert.Throws<ManifestFormatException>(() => BackupManifest.Parse("{"u8.ToArray()));
        Assert.Throws<ManifestFormatException>(() => BackupManifest.Parse("[]"u8.ToArray()));
    }

    [Fact]
    public void The_recorded_group_policy_start_is_the_newest_among_the_backups_under_a_folder()
    {
        using var dir = new TemporaryDirectory();
        void Write(string name, DateTimeOffset created, uint? start)
        {
            var folder = Path.Combine(dir.Path, name);
            Directory.CreateDirectory(folder);
            (Sample with { CreatedUtc = created, GroupPolicyStart = start }).Write(folder);
        }

        Write("old", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), 3);
        Write("new", new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), 2);
        Write("newest-without", new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero), null);
        Directory.CreateDirectory(Path.Combine(dir.Path, "broken"));
        File.WriteAllText(Path.Combine(dir.Path, "broken", BackupManifest.FileName), "{ not json");

        Assert.Equal(2u, BackupManifest.FindRecordedGroupPolicyStart(dir.Path));
        Assert.Equal(3u, BackupManifest.FindRecordedGroupPolicyStart(Path.Combine(dir.Path, "old")));
        Assert.Null(BackupManifest.FindRecordedGroupPolicyStart(Path.Combine(dir.Path, "newest-without")));
        Assert.Null(BackupManifest.FindRecordedGroupPolicyStart(Path.Combine(dir.Path, "absent")));
    }
}
