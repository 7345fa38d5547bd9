using OfflineRepair.Registry;
using OfflineRepair.Registry.Checking;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Targets;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Execution;

public sealed class FixRunnerTests
{
    public static TheoryData<string, bool> SystemHives => new()
    {
        { "regipy/SYSTEM.xz", false },
        { "winevt-kb/SYSTEM", true },
    };

    internal static FixRequest Request(IReadOnlyList<IRepair> repairs, bool dryRun = false, string? backupDirectory = null, List<string>? progress = null) =>
        new(repairs, new RepairOptions(), dryRun, backupDirectory, ForceDirty: false, "test-1.0", FixedClock.Default, progress is null ? null : progress.Add);

    [Theory]
    [MemberData(nameof(SystemHives))]
    public void A_dry_run_plans_and_leaves_every_file_identical_including_its_last_write_time(string corpusSystem, bool lowerCase)
    {
        using var volume = TestVolume.WithSystem(corpusSystem, lowerCase);
        File.SetLastWriteTimeUtc(volume.SystemFile, new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        var before = volume.Snapshot();
        using var target = new FolderTarget(volume.Root);

        var report = FixRunner.Run(target, Request([SetDWordRepair.CrashDump(9), DeleteKeyRepair.Beep()], dryRun: true));

        Assert.True(report.DryRun);
        Assert.Equal(2, report.ChangeCount);
        Assert.Null(report.BackupDirectory);
        Assert.Empty(report.FilesWritten);
        Assert.Equal(before, volume.Snapshot());
        Assert.Equal(["vol"], Directory.EnumerateFileSystemEntries(volume.Parent).Select(Path.GetFileName));
    }

    [Theory]
    [MemberData(nameof(SystemHives))]
    public void Fix_backs_up_writes_and_verifies_and_hivex_reads_the_new_values(string corpusSystem, bool lowerCase)
    {
        var hivexget = Tools.Require("hivexget", "libhivex-bin");
        using var volume = TestVolume.WithSystem(corpusSystem, lowerCase);
        var original = TestVolume.Sha256(volume.SystemFile);
        using var target = new FolderTarget(volume.Root);
        var backup = volume.Scratch("backup");
        var progress = new List<string>();

        var report = FixRunner.Run(target, Request([SetDWordRepair.CrashDump(9), DeleteKeyRepair.Beep(), new CreateKeyRepair("test-create", HiveKind.System, @"ControlSet001\Control\OfflineRepairTest\Deep")], backupDirectory: backup, progress: progress));

        Assert.Equal(backup, report.BackupDirectory);
        Assert.True(report.Verified, string.Join("\n", report.Verification.Where(v => !v.Passed)));
        var written = Assert.Single(report.FilesWritten);
        Assert.Equal(WindowsPaths.SystemHive, written.Path);
        Assert.Equal(original, written.Sha256Before);
        Assert.Equal(TestVolume.Sha256(volume.SystemFile), written.Sha256After);
        Assert.Contains(progress, line => line.StartsWith("backing up", StringComparison.Ordinal));
        Assert.Contains(progress, line => line.StartsWith("writing", StringComparison.Ordinal));
        Assert.Contains("verifying", progress);

        var crash = Tools.Run(hivexget, [volume.SystemFile, @"ControlSet001\Control\CrashControl", "CrashDumpEnabled"]);
        Assert.Equal("9", crash.StandardOutput.Trim());
        Assert.NotEqual(0, Tools.Run(hivexget, [volume.SystemFile, @"ControlSet001\Services\Beep", "Start"]).ExitCode);
        Assert.Equal(0, Tools.Run(hivexget, [volume.SystemFile, @"ControlSet001\Control\OfflineRepairTest\Deep"]).ExitCode);

        var manifest = BackupManifest.Read(backup);
        Assert.True(manifest.Complete);
        Assert.Equal(target.Description, manifest.Target);
        var file = Assert.Single(manifest.Files);
        Assert.Equal(original, file.Sha256Before);
        Assert.Equal(written.Sha256After, file.Sha256After);
        Assert.Equal(original, TestVolume.Sha256(Path.Combine(backup, file.Backup)));
        Assert.Equal(["set-value", "delete-key", "create-key"], manifest.Plan.Select(c => c.Action));
        Assert.Equal("09000000", manifest.Plan[0].NewHex);
        Assert.False(File.Exists(Path.Combine(backup, BackupManifest.FileName + ".partial")));
    }

    [Fact]
    public void A_second_fix_with_the_same_repair_plans_nothing_writes_nothing_and_makes_no_backup_folder()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz");
        using var target = new FolderTarget(volume.Root);
        FixRunner.Run(target, Request([SetDWordRepair.CrashDump(9)], backupDirectory: volume.Scratch("first")));
        var after = volume.Snapshot();

        var second = FixRunner.Run(target, Request([SetDWordRepair.CrashDump(9)]));

        Assert.False(second.HasChanges);
        Assert.Null(second.BackupDirectory);
        Assert.Empty(second.FilesWritten);
        Assert.Equal(after, volume.Snapshot());
        Assert.DoesNotContain(Directory.EnumerateDirectories(volume.Parent), d => Path.GetFileName(d).StartsWith("offline-repair-backup-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dirty_hive_is_replayed_before_planning_and_written_clean_with_its_logs_untouched()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM_B.xz", lowerCase: false, "regipy/SYSTEM_B.LOG1.xz", "regipy/SYSTEM_B.LOG2.xz");
        var logs = new[] { "SYSTEM.LOG1", "SYSTEM.LOG2" }.ToDictionary(n => n, n => TestVolume.Sha256(Path.Combine(volume.ConfigFolder, n)));
        using var target = new FolderTarget(volume.Root);
        var backup = volume.Scratch("backup");

        var report = FixRunner.Run(target, Request([SetDWordRepair.CrashDump(1)], backupDirectory: backup));

        var state = Assert.Single(report.HiveStates);
        Assert.StartsWith("SYSTEM: dirty, replayed ", state, StringComparison.Ordinal);
        Assert.Contains("sequence 2130", state, StringComparison.Ordinal);
        // The replayed hive holds 7 (as the logs say), so the repair has work to do.
        var change = Assert.IsType<SetValueChange>(Assert.Single(report.Plans.SelectMany(p => p.Changes)));
        Assert.NotNull(change.OldData);

        using (var written = Hive.Open(volume.SystemFile))
        {
            Assert.Equal(HiveState.Clean, written.State);
            Assert.Equal(written.PrimarySequence, written.SecondarySequence);
            Assert.Equal(1u, written.OpenKey(@"ControlSet001\Control\CrashControl")!.GetValue("CrashDumpEnabled")!.AsUInt32());
            Assert.True(HiveChecker.Check(written).IsSound);
        }

        foreach (var (name, sha) in logs)
        {
            Assert.Equal(sha, TestVolume.Sha256(Path.Combine(volume.ConfigFolder, name)));
        }

        var manifest = BackupManifest.Read(backup);
        Assert.Equal(3, manifest.Files.Count);
        Assert.Equal([true, false, false], manifest.Files.Select(f => f.Written));
        Assert.All(manifest.Files.Where(f => !f.Written), f => Assert.Equal(f.Sha256Before, f.Sha256After));
    }

    [Fact]
    public void A_repair_that_needs_the_missing_SOFTWARE_hive_is_skipped_with_the_reason()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz");
        using var target = new FolderTarget(volume.Root);

        var report = FixRunner.Run(target, Request([SetDWordRepair.InSoftware(), SetDWordRepair.CrashDump(9)], dryRun: true));

        var skipped = Assert.Single(report.Skipped);
        Assert.Equal("test-software", skipped.Repair);
        Assert.Equal("needs the SOFTWARE hive, which the target does not have", skipped.Reason);
        Assert.Single(report.Plans);
    }

    [Fact]
    public void A_truncated_hive_gives_a_clean_error_and_nothing_is_written()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz");
        using (var stream = new FileStream(volume.SystemFile, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.SetLength(5000);
        }

        var before = volume.Snapshot();
        using var target = new FolderTarget(volume.Root);

        var error = Assert.Throws<OperationRefusedException>(() => FixRunner.Run(target, Request([SetDWordRepair.CrashDump(9)])));

        Assert.Contains("SYSTEM", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was written", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, volume.Snapshot());
        Assert.Equal(["vol"], Directory.EnumerateFileSystemEntries(volume.Parent).Select(Path.GetFileName));
    }

    [Fact]
    public void A_repair_that_cannot_plan_stops_the_fix_before_anything_is_written()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz");
        var before = volume.Snapshot();
        using var target = new FolderTarget(volume.Root);

        Assert.Throws<RepairException>(() => FixRunner.Run(target, Request([SetDWordRepair.CrashDump(9), new RefusingRepair()])));

        Assert.Equal(before, volume.Snapshot());
    }

    [Fact]
    public void Without_backup_dir_the_backup_goes_in_a_new_dated_folder_beside_the_volume_folder()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz");
        using var target = new FolderTarget(volume.Root);

        var report = FixRunner.Run(target, Request([SetDWordRepair.CrashDump(9)]));

        Assert.Equal(Path.Combine(volume.Parent, "offline-repair-backup-20240501-102030"), report.BackupDirectory);
        Assert.True(File.Exists(Path.Combine(report.BackupDirectory!, BackupManifest.FileName)));
    }

    [Fact]
    public void A_backup_folder_that_already_holds_a_backup_is_refused()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz");
        using var target = new FolderTarget(volume.Root);
        var backup = volume.Scratch("backup");
        FixRunner.Run(target, Request([SetDWordRepair.CrashDump(9)], backupDirectory: backup));
        var after = volume.Snapshot();

        var error = Assert.Throws<OperationRefusedException>(() => FixRunner.Run(target, Request([SetDWordRepair.CrashDump(3)], backupDirectory: backup)));

        Assert.Contains("already holds a backup", error.Message, StringComparison.Ordinal);
        Assert.Equal(after, volume.Snapshot());
    }

    [Fact]
    public void Failing_to_open_the_second_hive_for_writing_writes_nothing_and_says_so()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz").WithSoftware();
        var before = volume.Snapshot();
        using var target = new FaultyTarget(new FolderTarget(volume.Root));
        target.FailOpenReadWrite.Add(WindowsPaths.SoftwareHive);
        var backup = volume.Scratch("backup");

        var error = Assert.Throws<FixFailedException>(() => FixRunner.Run(target, Request([SetDWordRepair.CrashDump(9), SetDWordRepair.InSoftware()], backupDirectory: backup)));

        Assert.True(error.NothingWritten);
        Assert.Contains("No file of the target was written", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, volume.Snapshot());
        Assert.Equal(2, BackupManifest.Read(backup).Files.Count);
    }

    [Fact]
    public void Failing_while_writing_the_second_hive_names_what_was_written_and_restore_puts_every_file_back()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz").WithSoftware();
        var before = volume.Snapshot();
        using var target = new FaultyTarget(new FolderTarget(volume.Root));
        target.FailWritesAfter[WindowsPaths.SoftwareHive] = 4096; // the first base block goes through, then the disk "goes away"
        var backup = volume.Scratch("backup");

        var error = Assert.Throws<FixFailedException>(() => FixRunner.Run(target, Request([SetDWordRepair.CrashDump(9), SetDWordRepair.InSoftware()], backupDirectory: backup)));

        Assert.Equal([WindowsPaths.SystemHive], error.FilesWritten);
        Assert.Equal([WindowsPaths.SoftwareHive], error.FilesPossiblyPartlyWritten);
        Assert.Contains("restore", error.Message, StringComparison.Ordinal);
        Assert.Contains(backup, error.Message, StringComparison.Ordinal);
        Assert.NotEqual(before["SYSTEM"].Sha256, TestVolume.Sha256(volume.SystemFile));
        Assert.False(BackupManifest.Read(backup).Complete);

        var restored = RestoreRunner.Restore(new FolderTarget(volume.Root), backup, force: false);

        Assert.Equal(2, restored.RestoredCount);
        Assert.Equal(before.ToDictionary(kv => kv.Key, kv => kv.Value.Sha256), volume.Snapshot().ToDictionary(kv => kv.Key, kv => kv.Value.Sha256));
    }

    [Fact]
    public void A_plan_that_pauses_group_policy_records_the_old_Start_for_resume()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz");
        using var target = new FolderTarget(volume.Root);
        var backups = volume.Scratch("backups");
        Directory.CreateDirectory(backups);

        FixRunner.Run(target, Request([SetDWordRepair.PauseGroupPolicy()], backupDirectory: Path.Combine(backups, "one")));

        Assert.Equal(2u, BackupManifest.Read(Path.Combine(backups, "one")).GroupPolicyStart);
        Assert.Equal(2u, BackupManifest.FindRecordedGroupPolicyStart(backups));
        Assert.Equal(2u, BackupManifest.FindRecordedGroupPolicyStart(Path.Combine(backups, "one")));

        // Resuming (Start back to 2) records nothing, so a later --resume still finds the value from before the pause.
        FixRunner.Run(target, Request([new SetDWordRepair("test-group-policy", HiveKind.System, @"ControlSet001\Services\gpsvc", "Start", 2)], backupDirectory: Path.Combine(backups, "two")));
        Assert.Null(BackupManifest.Read(Path.Combine(backups, "two")).GroupPolicyStart);
        Assert.Equal(2u, BackupManifest.FindRecordedGroupPolicyStart(backups));
    }

    [Fact]
    public void A_single_SYSTEM_hive_file_is_fixed_and_restored_the_same_way()
    {
        using var dir = new TemporaryDirectory();
        var system = Corpus.CopyTo(dir.Path, "regipy/SYSTEM_B.xz", "SYSTEM");
        Corpus.CopyTo(dir.Path, "regipy/SYSTEM_B.LOG1.xz", "system.log1");
        Corpus.CopyTo(dir.Path, "regipy/SYSTEM_B.LOG2.xz", "system.log2");
        var original = TestVolume.Sha256(system);
        using var target = TargetOpener.Open(system, null, null);
        Assert.IsType<HiveFilesTarget>(target);

        var report = FixRunner.Run(target, Request([SetDWordRepair.CrashDump(1), SetDWordRepair.InSoftware()]));

        Assert.StartsWith("SYSTEM: dirty, replayed", Assert.Single(report.HiveStates), StringComparison.Ordinal);
        Assert.Equal("test-software", Assert.Single(report.Skipped).Repair);
        Assert.True(report.Verified);
        Assert.Equal(dir.Path, Path.GetDirectoryName(report.BackupDirectory));
        using (var hive = Hive.Open(system))
        {
            Assert.Equal(1u, hive.OpenKey(@"ControlSet001\Control\CrashControl")!.GetValue("CrashDumpEnabled")!.AsUInt32());
        }

        RestoreRunner.Restore(target, report.BackupDirectory!, force: false);
        Assert.Equal(original, TestVolume.Sha256(system));
    }

    [Fact]
    public void Both_hives_are_written_and_restored_and_a_dry_run_never_opens_one_for_writing()
    {
        var hivexget = Tools.Require("hivexget", "libhivex-bin");
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz").WithSoftware();
        var before = volume.Snapshot();
        using var target = new FaultyTarget(new FolderTarget(volume.Root));
        target.FailOpenReadWrite.Add(WindowsPaths.SystemHive);
        target.FailOpenReadWrite.Add(WindowsPaths.SoftwareHive);
        IRepair[] repairs = [SetDWordRepair.CrashDump(9), new DeleteKeyRepair("test-cert", HiveKind.Software, @"Microsoft\SystemCertificates\Remote Desktop\Certificates\0123456789ABCDEF"), SetDWordRepair.InSoftware()];

        var dryRun = FixRunner.Run(target, Request(repairs, dryRun: true));
        Assert.Equal(3, dryRun.ChangeCount);
        Assert.Equal(before, volume.Snapshot());

        target.FailOpenReadWrite.Clear();
        var backup = volume.Scratch("backup");
        var report = FixRunner.Run(target, Request(repairs, backupDirectory: backup));

        Assert.Equal([WindowsPaths.SystemHive, WindowsPaths.SoftwareHive], report.FilesWritten.Select(f => f.Path));
        Assert.True(report.Verified);
        Assert.Equal("1", Tools.Run(hivexget, [volume.SoftwareFile, @"Microsoft\Windows NT\CurrentVersion\Test", "Flag"]).StandardOutput.Trim());
        Assert.NotEqual(0, Tools.Run(hivexget, [volume.SoftwareFile, @"Microsoft\SystemCertificates\Remote Desktop\Certificates\0123456789ABCDEF"]).ExitCode);
        Assert.Equal(0, Tools.Run(hivexget, [volume.SoftwareFile, @"Microsoft\SystemCertificates\Remote Desktop\Certificates"]).ExitCode);

        var restored = RestoreRunner.Restore(target, backup, force: false);
        Assert.Equal(2, restored.RestoredCount);
        Assert.Equal(before.ToDictionary(kv => kv.Key, kv => kv.Value.Sha256), volume.Snapshot().ToDictionary(kv => kv.Key, kv => kv.Value.Sha256));
    }
}
