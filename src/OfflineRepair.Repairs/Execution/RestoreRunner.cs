using OfflineRepair.Targets;

namespace OfflineRepair.Repairs.Execution;

/// <summary>
/// Runs <c>restore</c>: puts back the files a fix backed up. Every file is checked before any is
/// written: the backup copy must hash to what was backed up, and the target's file must still be
/// what the fix wrote (a later change would be lost) unless forced.
/// </summary>
public static class RestoreRunner
{
    public static RestoreReport Restore(ITarget target, string backupDirectory, bool force, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(backupDirectory);
        progress ??= _ => { };
        var directory = Path.GetFullPath(backupDirectory);
        var manifest = ReadManifest(directory);
        var warnings = new List<string>();

        if (manifest.Target != target.Description || manifest.TargetKind != target.Kind)
        {
            var message = $"the backup in {directory} was made from {manifest.Target}, not {target.Description}";
            if (!force)
            {
                throw new OperationRefusedException($"{message}; use --force if it is the same Windows (e.g. mounted elsewhere now). Nothing was written.");
            }

            warnings.Add(message);
        }

        var plan = new List<(BackupFile File, byte[] Bytes, bool Write)>();
        foreach (var file in manifest.Files)
        {
            var copy = Path.Combine(directory, file.Backup);
            if (!File.Exists(copy))
            {
                throw new OperationRefusedException($"the backup copy {copy} of {file.Path} is missing. Nothing was written.");
            }

            var bytes = File.ReadAllBytes(copy);
            if (TargetFiles.Sha256(bytes) != file.Sha256Before)
            {
                throw new OperationRefusedException($"the backup copy {copy} of {file.Path} is damaged (its SHA-256 is not the one recorded). Nothing was written.");
            }

            if (!target.FileExists(file.Path))
            {
                throw new OperationRefusedException($"{target.Description} has no {file.Path} to restore over. Nothing was written.");
            }

            var current = TargetFiles.Sha256(target, file.Path);
            if (current == file.Sha256Before)
            {
                plan.Add((file, bytes, false));
                continue;
            }

            // sha256After is null when the fix did not finish: the file may hold anything, and restoring is the point.
            if (file.Sha256After is not null && current != file.Sha256After)
            {
                var message = $"{target.Locate(file.Path)} changed since the fix wrote it; restoring would undo those later changes";
                if (!force)
                {
                    throw new OperationRefusedException($"{message}; use --force to restore anyway. Nothing was written.");
                }

                warnings.Add(message);
            }

            plan.Add((file, bytes, true));
        }

        var permissionPlan = new List<(ManifestPermission Permission, bool Write)>();
        foreach (var permission in manifest.Permissions)
        {
            if (target.SecurityDescriptorRefusal(permission.Path) is { } refusal)
            {
                throw new OperationRefusedException($"the permissions of {target.Locate(permission.Path)} cannot be restored: {refusal}. Nothing was written.");
            }

            var now = target.ReadSecurityDescriptor(permission.Path);
            if (now.AsSpan().SequenceEqual(Convert.FromHexString(permission.BeforeHex)))
            {
                permissionPlan.Add((permission, false));
                continue;
            }

            if (manifest.Complete && !PermissionComparer.Same(Convert.FromHexString(permission.AfterHex), now))
            {
                var message = $"the permissions of {target.Locate(permission.Path)} changed since the fix set them (now {PermissionComparer.Sddl(now)})";
                if (!force)
                {
                    throw new OperationRefusedException($"{message}; use --force to restore anyway. Nothing was written.");
                }

                warnings.Add(message);
            }

            permissionPlan.Add((permission, true));
        }

        var restored = new List<RestoredFile>();
        var restoredPermissions = new List<RestoredPermission>();
        if (UsableJournal(manifest, directory, warnings) is { } journal)
        {
            // A disk image: the journal puts back every byte the fix overwrote, the files' clusters and
            // the file system's records, indexes and bitmaps around them, so the disk is as it was.
            // Applied even when every file already reads as the original: a fix that stopped early
            // may have changed only the bookkeeping (a cluster marked in use, a FAT entry).
            progress($"putting back the original bytes recorded in {journal}");
            target.ApplyUndoJournal(journal);
            foreach (var (file, _, write) in plan)
            {
                var location = target.Locate(file.Path);
                if (TargetFiles.Sha256(target, file.Path) != file.Sha256Before)
                {
                    throw new IOException($"{location} does not read back as the backup after the undo journal was applied; the backup in {directory} is intact");
                }

                restored.Add(new RestoredFile(file.Path, location, write ? RestoreAction.Restored : RestoreAction.AlreadyOriginal, file.Sha256Before));
            }

            foreach (var (permission, write) in permissionPlan)
            {
                var now = target.ReadSecurityDescriptor(permission.Path);
                if (!now.AsSpan().SequenceEqual(Convert.FromHexString(permission.BeforeHex)))
                {
                    throw new IOException($"the permissions of {target.Locate(permission.Path)} do not read back as before the fix after the undo journal was applied; the backup in {directory} is intact");
                }

                restoredPermissions.Add(new RestoredPermission(permission.Path, target.Locate(permission.Path), write ? RestoreAction.Restored : RestoreAction.AlreadyOriginal, permission.BeforeSddl));
            }

            return new RestoreReport(directory, manifest.Target, warnings.Count > 0, restored, warnings, restoredPermissions);
        }

        if ((plan.Any(p => p.Write) || permissionPlan.Any(p => p.Write)) && target.BeginUndoJournal(directory) is { } restoreJournal)
        {
            progress($"recording what restoring overwrites in {Path.Combine(directory, restoreJournal)}");
        }

        foreach (var (file, bytes, write) in plan)
        {
            var location = target.Locate(file.Path);
            if (write)
            {
                progress($"restoring {location}");
                using (var stream = target.OpenReadWrite(file.Path))
                {
                    stream.SetLength(bytes.Length);
                    stream.Position = 0;
                    stream.Write(bytes);
                    if (stream is FileStream fileStream)
                    {
                        fileStream.Flush(flushToDisk: true);
                    }
                    else
                    {
                        stream.Flush();
                    }
                }

                var now = TargetFiles.Sha256(target, file.Path);
                if (now != file.Sha256Before)
                {
                    throw new IOException($"{location} does not read back as the backup after restoring; the backup in {directory} is intact, try again");
                }
            }

            restored.Add(new RestoredFile(file.Path, location, write ? RestoreAction.Restored : RestoreAction.AlreadyOriginal, file.Sha256Before));
        }

        foreach (var (permission, write) in permissionPlan)
        {
            var location = target.Locate(permission.Path);
            var before = Convert.FromHexString(permission.BeforeHex);
            if (write)
            {
                progress($"restoring the permissions of {location}");
                target.WriteSecurityDescriptor(permission.Path, before);
                if (!PermissionComparer.Same(before, target.ReadSecurityDescriptor(permission.Path)))
                {
                    throw new IOException($"the permissions of {location} do not read back as before the fix after restoring; the backup in {directory} is intact, try again");
                }
            }

            restoredPermissions.Add(new RestoredPermission(permission.Path, location, write ? RestoreAction.Restored : RestoreAction.AlreadyOriginal, permission.BeforeSddl));
        }

        return new RestoreReport(directory, manifest.Target, warnings.Count > 0, restored, warnings, restoredPermissions);
    }

    /// <summary>
    /// The undo journal to apply, or null to write the files back one by one. An image whose journal
    /// is gone can still get its files back, but not the file system's bookkeeping around them.
    /// </summary>
    private static string? UsableJournal(BackupManifest manifest, string directory, List<string> warnings)
    {
        if (manifest.UndoJournal is null)
        {
            return null;
        }

        var path = Path.Combine(directory, manifest.UndoJournal);
        if (File.Exists(path))
        {
            return path;
        }

        warnings.Add($"the undo journal {path} is missing: the files are written back through the file system, so their contents are restored but not every byte of the disk (times, freed clusters)");
        return null;
    }

    private static BackupManifest ReadManifest(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new OperationRefusedException($"{directory} does not exist: give the backup folder a fix made (offline-repair-backup-...)");
        }

        if (!File.Exists(Path.Combine(directory, BackupManifest.FileName)))
        {
            var partial = File.Exists(Path.Combine(directory, BackupManifest.FileName + ".partial"))
                ? $" (only {BackupManifest.FileName}.partial: the fix stopped while writing it, before touching the target)"
                : "";
            throw new OperationRefusedException($"{directory} holds no {BackupManifest.FileName}{partial}: it is not a backup made by offline-repair fix");
        }

        try
        {
            return BackupManifest.Read(directory);
        }
        catch (ManifestFormatException e)
        {
            throw new OperationRefusedException($"{Path.Combine(directory, BackupManifest.FileName)} cannot be used: {e.Message}. Nothing was written.", e);
        }
    }
}
