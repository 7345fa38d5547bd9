using System.Buffers.Binary;
using System.Globalization;
using OfflineRepair.Registry;
using OfflineRepair.Registry.Checking;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Targets;

namespace OfflineRepair.Repairs.Execution;

/// <summary>
/// Runs <c>fix</c>: plan every repair on hives opened read-only; for a dry run stop there; otherwise
/// back up every file that will change, write a manifest, apply and commit, reopen and verify.
/// Nothing is opened for writing until the backup and its manifest are on disk.
/// </summary>
public static class FixRunner
{
    public static FixReport Run(ITarget target, FixRequest request)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        var progress = request.Progress ?? (_ => { });
        var kinds = request.Repairs.SelectMany(r => r.Hives.Concat(r.OptionalHives)).Distinct().ToList();

        List<RepairPlan> plans = [];
        List<SkippedRepair> skipped = [];
        List<string> states;
        Dictionary<HiveKind, OpenedHive> planned;
        using (var hives = HiveSet.Open(target, kinds, new HiveSetOptions { ForceDirty = request.ForceDirty, Clock = request.Clock }))
        {
            states = hives.Opened.Select(h => h.Describe()).ToList();
            foreach (var repair in request.Repairs)
            {
                if (SkipReason(repair, hives, request.Options) is { } reason)
                {
                    skipped.Add(new SkippedRepair(repair.Name, reason));
                    continue;
                }

                plans.Add(repair.Plan(hives.ContextFor(request.Options)));
            }

            planned = hives.Opened.ToDictionary(h => h.Kind);
        }

        var changes = plans.SelectMany(p => p.Changes).ToList();
        var permissions = plans.SelectMany(p => p.Permissions).ToList();
        if (request.DryRun || (changes.Count == 0 && permissions.Count == 0))
        {
            return new FixReport(target.Description, request.DryRun, plans, skipped, states, null, [], []);
        }

        if (changes.FirstOrDefault(c => !planned.ContainsKey(c.Hive)) is { } stray)
        {
            throw new InvalidOperationException($"repair {stray.Repair} planned a change in the {HivePaths.Name(stray.Hive)} hive without declaring that it needs it");
        }

        foreach (var kind in changes.Select(c => c.Hive).Distinct())
        {
            var path = planned[kind].TargetPath;
            if (target.WriteRefusal(path) is { } refusal)
            {
                throw new OperationRefusedException($"{target.Locate(path)} cannot be written: {refusal}. Nothing was written; `fix --dry-run` shows the plan.");
            }
        }

        foreach (var permission in permissions)
        {
            if ((target.WriteRefusal(permission.Path) ?? target.SecurityDescriptorRefusal(permission.Path)) is { } refusal)
            {
                throw new OperationRefusedException($"the permissions of {target.Locate(permission.Path)} cannot be written: {refusal}. Nothing was written; `fix --dry-run` shows the plan.");
            }
        }

        var backupDirectory = PrepareBackupDirectory(target, request);
        var written = new Writing(target, backupDirectory, progress);
        try
        {
            return written.Run(request, plans, skipped, states, changes, permissions, planned);
        }
        catch (Exception e) when (e is not FixFailedException)
        {
            throw written.Failure(e);
        }
    }

    /// <summary>Why a repair cannot run here, or null. An unreadable hive is a refusal, not a skip: the user must hear of it.</summary>
    private static string? SkipReason(IRepair repair, HiveSet hives, RepairOptions options)
    {
        if (repair.Unavailable(hives.ContextFor(options)) is { } unavailable)
        {
            return unavailable;
        }

        foreach (var kind in repair.Hives)
        {
            if (hives.FindUnavailable(kind) is { } missing)
            {
                if (!missing.Absent)
                {
                    throw new OperationRefusedException($"{repair.Name} needs the {HivePaths.Name(kind)} hive, which cannot be read: {missing.Reason}. Nothing was written.");
                }

                return HivePaths.MissingReason(kind);
            }
        }

        return null;
    }

    private static string PrepareBackupDirectory(ITarget target, FixRequest request)
    {
        if (request.BackupDirectory is { } chosen)
        {
            var full = Path.GetFullPath(chosen);
            if (File.Exists(Path.Combine(full, BackupManifest.FileName)))
            {
                throw new OperationRefusedException($"{full} already holds a backup ({BackupManifest.FileName}); it may be the only copy of the original files, so choose another --backup-dir. Nothing was written.");
            }

            if (File.Exists(full))
            {
                throw new OperationRefusedException($"--backup-dir {full} is a file, not a folder. Nothing was written.");
            }

            CreateFolder(full);
            return full;
        }

        var parent = target.DefaultBackupParent;
        var stamp = request.Clock.GetLocalNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var path = Path.Combine(parent, $"offline-repair-backup-{stamp}");
        for (int n = 2; Directory.Exists(path) || File.Exists(path); n++)
        {
            path = Path.Combine(parent, $"offline-repair-backup-{stamp}-{n}");
        }

        CreateFolder(path);
        return path;
    }

    private static void CreateFolder(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OperationRefusedException($"cannot make the backup folder {path}: {e.Message}. Nothing was written; choose another with --backup-dir.", e);
        }
    }

    /// <summary>gpsvc's Start before a plan pauses it (sets 4), so --resume can put it back; null when the plan does not pause it.</summary>
    private static uint? RecordedGroupPolicyStart(IEnumerable<PlannedChange> changes)
    {
        // Only a pause records: a --resume plan sets Start back, and recording the paused 4 then would
        // make a later --resume "restore" the pause.
        const uint Disabled = 4;
        foreach (var set in changes.OfType<SetValueChange>())
        {
            bool isGpsvcStart = string.Equals(set.ValueName, "Start", StringComparison.OrdinalIgnoreCase)
                && set.KeyPath.TrimEnd('\\').EndsWith(@"Services\gpsvc", StringComparison.OrdinalIgnoreCase);
            if (isGpsvcStart && set.NewData.Length == 4 && BinaryPrimitives.ReadUInt32LittleEndian(set.NewData) == Disabled
                && set.OldType == RegistryValueType.DWord && set.OldData is { Length: 4 } old)
            {
                return BinaryPrimitives.ReadUInt32LittleEndian(old);
            }
        }

        return null;
    }

    /// <summary>The part of a fix that writes, keeping count of what it wrote so a failure can say so exactly.</summary>
    private sealed class Writing
    {
        private readonly ITarget _target;
        private readonly string _backupDirectory;
        private readonly Action<string> _progress;
        private readonly List<string> _written = [];
        private readonly List<string> _partlyWritten = [];
        private const string PermissionsOf = "permissions of ";
        private bool _manifestWritten;
        private string? _journal;

        public Writing(ITarget target, string backupDirectory, Action<string> progress)
        {
            _target = target;
            _backupDirectory = backupDirectory;
            _progress = progress;
        }

        public FixReport Run(
            FixRequest request,
            List<RepairPlan> plans,
            List<SkippedRepair> skipped,
            List<string> states,
            List<PlannedChange> changes,
            List<PermissionChange> permissions,
            Dictionary<HiveKind, OpenedHive> planned)
        {
            var changedKinds = changes.Select(c => c.Hive).Distinct().Order().ToList();
            _journal = _target.BeginUndoJournal(_backupDirectory);
            var files = new List<BackupFile>();
            foreach (var kind in changedKinds)
            {
                var hive = planned[kind];
                files.Add(BackUp(hive.TargetPath, written: true, expectedSha256: hive.Sha256));
                files.AddRange(hive.LogPaths.Select(log => BackUp(log, written: false, expectedSha256: null)));
            }

            var manifest = new BackupManifest(
                BackupManifest.CurrentSchema,
                _target.Description,
                _target.Kind,
                request.Clock.GetUtcNow(),
                request.ToolVersion,
                Complete: false,
                files,
                changes.Select(BackupManifest.Describe).ToList(),
                RecordedGroupPolicyStart(changes),
                _journal,
                permissions.Select(p => new ManifestPermission(p.Path, Convert.ToHexStringLower(p.Before), p.BeforeSddl, Convert.ToHexStringLower(p.After), p.AfterSddl)).ToList());
            manifest.Write(_backupDirectory);
            _manifestWritten = true;
            _progress($"backup and manifest written to {_backupDirectory}");

            var writtenFiles = new List<WrittenFile>();
            using (var hives = HiveSet.Open(_target, changedKinds, new HiveSetOptions { Writable = true, ForceDirty = request.ForceDirty, Clock = request.Clock }))
            {
                foreach (var unavailable in hives.Unavailable)
                {
                    throw new IOException($"{unavailable.Reason} when reopened for writing");
                }

                foreach (var opened in hives.Opened.Where(h => h.Sha256 != planned[h.Kind].Sha256))
                {
                    throw new IOException($"{_target.Locate(opened.TargetPath)} changed between planning and writing");
                }

                // Every change is made in memory first: an edit that fails leaves every file untouched.
                foreach (var change in changes)
                {
                    ChangeApplier.Apply(hives.Find(change.Hive)!.Hive, change);
                }

                foreach (var opened in hives.Opened)
                {
                    _progress($"writing {_target.Locate(opened.TargetPath)}");
                    _partlyWritten.Add(opened.TargetPath);
                    var result = opened.Hive.Commit();
                    _partlyWritten.Remove(opened.TargetPath);
                    _written.Add(opened.TargetPath);
                    writtenFiles.Add(new WrittenFile(opened.TargetPath, _target.Locate(opened.TargetPath), opened.Sha256, "", result.BytesWritten));
                }
            }

            var writtenPermissions = new List<WrittenPermission>();
            foreach (var permission in permissions)
            {
                var location = _target.Locate(permission.Path);
                _progress($"setting the permissions of {location}");
                var subject = PermissionsOf + permission.Path;
                _partlyWritten.Add(subject);
                _target.WriteSecurityDescriptor(permission.Path, permission.After);
                _partlyWritten.Remove(subject);
                _written.Add(subject);
                writtenPermissions.Add(new WrittenPermission(permission.Path, location, permission.BeforeSddl, permission.AfterSddl));
            }

            _progress("verifying");
            var verification = new List<VerificationResult>();
            var after = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            using (var reread = HiveSet.Open(_target, changedKinds, new HiveSetOptions { Clock = request.Clock }))
            {
                foreach (var kind in changedKinds)
                {
                    var name = HivePaths.Name(kind);
                    if (reread.Find(kind) is not { } opened)
                    {
                        verification.Add(new VerificationResult($"{name} readable", false, reread.FindUnavailable(kind)?.Reason ?? "not reopened"));
                        continue;
                    }

                    after[opened.TargetPath] = opened.Sha256;
                    bool clean = opened.State == HiveState.Clean;
                    verification.Add(new VerificationResult($"{name} state", clean, clean ? $"clean (sequence {opened.Hive.PrimarySequence})" : opened.Describe()));
                    var check = HiveChecker.Check(opened.Hive);
                    verification.Add(new VerificationResult($"{name} structure", check.IsSound, check.ToString()));
                    var ofHive = changes.Where(c => c.Hive == kind).ToList();
                    for (int i = 0; i < ofHive.Count; i++)
                    {
                        verification.Add(ChangeApplier.Verify(opened.Hive, ofHive[i], ofHive.Skip(i + 1).ToList()));
                    }
                }
            }

            foreach (var log in files.Where(f => !f.Written))
            {
                bool unchanged = TargetFiles.Sha256(_target, log.Path) == log.Sha256Before;
                verification.Add(new VerificationResult($"{log.Path} untouched", unchanged, unchanged ? "identical to the backup" : "changed while the fix ran"));
            }

            foreach (var permission in permissions)
            {
                var now = _target.ReadSecurityDescriptor(permission.Path);
                bool same = PermissionComparer.Same(permission.After, now);
                verification.Add(new VerificationResult($"permissions of {permission.Path}", same, same ? permission.AfterSddl : $"reads back as {PermissionComparer.Sddl(now)}"));
            }

            var failed = verification.Where(v => !v.Passed).ToList();
            if (failed.Count > 0)
            {
                throw new IOException("verification after writing failed: " + string.Join("; ", failed.Select(f => $"{f.Subject}: {f.Detail}")));
            }

            var completeFiles = files.Select(f => f.Written ? f with { Sha256After = after[f.Path] } : f).ToList();
            (manifest with { Complete = true, Files = completeFiles }).Write(_backupDirectory);
            writtenFiles = writtenFiles.Select(w => w with { Sha256After = after[w.Path] }).ToList();
            return new FixReport(_target.Description, false, plans, skipped, states, _backupDirectory, writtenFiles, verification, writtenPermissions);
        }

        public FixFailedException Failure(Exception e)
        {
            string what;
            if (_written.Count == 0 && _partlyWritten.Count == 0)
            {
                what = "No file of the target was written" + (_manifestWritten ? $"; the backup in {_backupDirectory} is not needed." : ".");
            }
            else if (RolledBack() is { } rolledBack)
            {
                what = rolledBack;
            }
            else
            {
                var parts = new List<string>();
                if (_written.Count > 0)
                {
                    parts.Add("written: " + string.Join(", ", _written.Select(Show)));
                }

                if (_partlyWritten.Count > 0)
                {
                    parts.Add("possibly partly written: " + string.Join(", ", _partlyWritten.Select(Show)));
                }

                what = $"Files of the target {string.Join("; ", parts)}. Run `offline-repair restore` on the same target with --from {_backupDirectory} to put the originals back.";
            }

            return new FixFailedException($"fix failed: {e.Message}. {what}", _backupDirectory, _written.ToList(), _partlyWritten.ToList(), e);
        }

        /// <summary>A written file's place, or "permissions of" a file's place.</summary>
        private string Show(string written) =>
            written.StartsWith(PermissionsOf, StringComparison.Ordinal)
                ? PermissionsOf + _target.Locate(written[PermissionsOf.Length..])
                : _target.Locate(written);

        /// <summary>
        /// After a failure on a target that keeps an undo journal: puts every overwritten byte back at
        /// once, so the user is not left with a half-written disk. Null when there is no journal or
        /// rolling back failed too (the disk may be the reason), and restore must do it later.
        /// </summary>
        private string? RolledBack()
        {
            if (_journal is null)
            {
                return null;
            }

            try
            {
                _target.ApplyUndoJournal(Path.Combine(_backupDirectory, _journal));
                return $"Every byte written was put back from the undo journal in {_backupDirectory}: {_target.Description} is as it was before the fix.";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or InvalidDataException)
            {
                return null;
            }
        }

        private BackupFile BackUp(string path, bool written, string? expectedSha256)
        {
            _progress($"backing up {_target.Locate(path)}");
            var bytes = TargetFiles.ReadAll(_target, path);
            var sha256 = TargetFiles.Sha256(bytes);
            if (expectedSha256 is not null && sha256 != expectedSha256)
            {
                throw new IOException($"{_target.Locate(path)} changed between planning and backing up");
            }

            var name = UniqueName(TargetFiles.FileName(path));
            var copy = Path.Combine(_backupDirectory, name);
            TargetFiles.WriteAtomically(copy, bytes);
            if (TargetFiles.Sha256OfHostFile(copy) != sha256)
            {
                throw new IOException($"the backup copy {copy} does not read back as written");
            }

            return new BackupFile(path, name, sha256, written ? null : sha256, bytes.Length, written);
        }

        private string UniqueName(string name)
        {
            var candidate = name;
            for (int n = 2; File.Exists(Path.Combine(_backupDirectory, candidate)); n++)
            {
                candidate = $"{name}.{n}";
            }

            return candidate;
        }
    }
}
