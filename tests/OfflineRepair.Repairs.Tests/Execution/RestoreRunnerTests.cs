using System.Text;
using OfflineRepair.Registry;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Targets;

namespace OfflineRepair.Repairs.Tests.Execution;

public sealed class RestoreRunnerTests
{
    [Fact]
    public void Backup_then_restore_gives_back_the_original_bytes()
    {
        using var volume = TestVolume.WithSystem("winevt-kb/SYSTEM", lowerCase: true);
        var original = TestVolume.Sha256(volume.SystemFile);
        using var target = new FolderTarget(volume.Root);
        var backup = volume.Scratch("backup");
        FixRunner.Run(target, FixRunnerTests.Request([SetDWordRepair.CrashDump(9), DeleteKeyRepair.Beep()], backupDirectory: backup));
        Assert.NotEqual(original, TestVolume.Sha256(volume.SystemFile));
        var progress = new List<string>();

        var report = RestoreRunner.Restore(target, backup, force: false, progress.Add);

        Assert.Equal(original, TestVolume.Sha256(volume.SystemFile));
        var file = Assert.Single(report.Files);
        Assert.Equal(RestoreAction.Restored, file.Action);
        Assert.False(report.Forced);
        Assert.Single(progress);

        // Restoring again finds the original already there and writes nothing.
        var again = RestoreRunner.Restore(target, backup, force: false);
        Assert.Equal(RestoreAction.AlreadyOriginal, Assert.Single(again.Files).Action);
    }

    [Fact]
    public void Restore_refuses_a_file_changed_since_the_fix_and_force_restores_it()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz");
        var original = TestVolume.Sha256(volume.SystemFile);
        using var target = new FolderTarget(volume.Root);
        var backup = volume.Scratch("backup");
        FixRunner.Run(target, FixRunnerTests.Request([SetDWordRepair.CrashDump(9)], backupDirectory: backup));
        using (var hive = Hive.Open(volume.SystemFile, new HiveOpenOptions { Writable = true }))
        {
            hive.OpenKey(@"ControlSet001\Control\CrashControl")!.SetValue("Later", RegistryValueType.DWord, RegistryData.DWord(5));
            hive.Commit();
        }

        var changed = TestVolume.Sha256(volume.SystemFile);

        var error = Assert.Throws<OperationRefusedException>(() => RestoreRunner.Restore(target, backup, force: false));
        Assert.Contains(volume.SystemFile, error.Message, StringComparison.Ordinal);
        Assert.Contains("changed since the fix", error.Message, StringComparison.Ordinal);
        Assert.Equal(changed, TestVolume.Sha256(volume.SystemFile));

        var forced = RestoreRunner.Restore(target, backup, force: true);
        Assert.True(forced.Forced);
        Assert.Equal(original, TestVolume.Sha256(volume.SystemFile));
    }

    [Fact]
    public void Restore_refuses_a_backup_of_another_target_unless_forced()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz");
        using var other = TestVolume.WithSystem("regipy/SYSTEM.xz");
        var backup = volume.Scratch("backup");
        using (var target = new FolderTarget(volume.Root))
        {
            FixRunner.Run(target, FixRunnerTests.Request([SetDWordRepair.CrashDump(9)], backupDirectory: backup));
        }

        using var otherTarget = new FolderTarget(other.Root);
        var error = Assert.Throws<OperationRefusedException>(() => RestoreRunner.Restore(otherTarget, backup, force: false));
        Assert.Contains("was made from", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_refuses_a_missing_or_corrupt_manifest_and_a_damaged_backup_copy()
    {
        using var volume = TestVolume.WithSystem("regipy/SYSTEM.xz");
        using var target = new FolderTarget(volume.Root);
        var empty = volume.Scratch("empty");
        Directory.CreateDirectory(empty);
        Assert.Contains("holds no manifest.json", Assert.Throws<OperationRefusedException>(() => RestoreRunner.Restore(target, empty, force: true)).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<OperationRefusedException>(() => RestoreRunner.Restore(target, volume.Scratch("nowhere"), force: true)).Message, StringComparison.Ordinal);

        var backup = volume.Scratch("backup");
        FixRunner.Run(target, FixRunnerTests.Request([SetDWordRepair.CrashDump(9)], backupDirectory: backup));
        var afterFix = TestVolume.Sha256(volume.SystemFile);
        var manifest = Path.Combine(backup, BackupManifest.FileName);
        var good = File.ReadAllBytes(manifest);

        File.WriteAllBytes(manifest, good.AsSpan(0, good.Length / 2).ToArray());
        Assert.Contains("cannot be used", Assert.Throws<OperationRefusedException>(() => RestoreRunner.Restore(target, backup, force: true)).Message, StringComparison.Ordinal);

        File.WriteAllBytes(manifest, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(good).Replace("\"backup\": \"SYSTEM\"", "\"backup\": \"../../etc/passwd\"", StringComparison.Ordinal)));
        Assert.Contains("plain file name", Assert.Throws<OperationRefusedException>(() => RestoreRunner.Restore(target, backup, force: true)).Message, StringComparison.Ordinal);

        File.WriteAllBytes(manifest, good);
        using (var copy = new FileStream(Path.Combine(backup, "SYSTEM"), FileMode.Open, FileAccess.ReadWrite))
        {
            copy.Position = 5000;
            copy.WriteByte(0xFF);
        }

        Assert.Contains("damaged", Assert.Throws<OperationRefusedException>(() => RestoreRunner.Restore(target, backup, force: true)).Message, StringComparison.Ordinal);
        Assert.Equal(afterFix, TestVolume.Sha256(volume.SystemFile));
    }
}
