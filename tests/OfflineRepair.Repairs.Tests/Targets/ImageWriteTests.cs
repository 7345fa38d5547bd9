using OfflineRepair.Registry;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Repairs.Tests.Execution;
using Hivex = OfflineRepair.Repairs.Tests.Repairs.Support.Hivex;
using OfflineRepair.Repairs.Tests.Targets.Support;
using OfflineRepair.Targets;
using OfflineRepair.Targets.Images;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Targets;

/// <summary>
/// fix and restore written into the disk images of testdata/images, each result read back only by
/// tools that are not ours: qemu-img (container), sfdisk (partitions), ntfsprogs (NTFS), dosfstools
/// and mtools (FAT32), hivex (the hives).
/// </summary>
public sealed class ImageWriteTests
{
    private const string Canary = @"Users\Public\canary.txt";

    public static TheoryData<string> Images()
    {
        var data = new TheoryData<string>();
        foreach (var layout in new[] { "gen1", "gen1-single", "gen2" })
        {
            foreach (var suffix in new[] { ".img", "-fixed.vhd", "-dynamic.vhd", ".vhdx" })
            {
                data.Add(layout + suffix);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Fix_all_writes_every_repair_into_the_image_and_restore_gives_back_every_byte(string image)
    {
        using var dir = new TemporaryDirectory();
        var path = Unpack(image, dir);
        var before = DiskOracle.ToRaw(path, dir.File("before.raw"));
        var backup = dir.File("backup");

        FixReport report;
        using (var target = TargetOpener.Open(path, writable: true))
        {
            report = FixRunner.Run(target, Request(backup));
        }

        Assert.True(report.Verified, string.Join("; ", report.Verification.Where(v => !v.Passed).Select(v => $"{v.Subject}: {v.Detail}")));
        var changes = report.Plans.SelectMany(p => p.Changes).ToList();
        Assert.Contains(report.Plans, p => p.Repair == "machine-keys" && p.Permissions.Count > 0);
        Assert.Contains(changes, c => c.Hive == HiveKind.System);
        Assert.Contains(changes, c => c.Hive == HiveKind.Bcd);
        DiskOracle.AssertContainerSound(path);
        var after = DiskOracle.ToRaw(path, dir.File("after.raw"));
        var volumes = Volumes(before, after, dir);

        var windows = Assert.Single(volumes, v => v.Fs == "NTFS" && DiskOracle.NtfsCat(v.After, WindowsPaths.SystemHive) is not null);
        var bcd = Assert.Single(volumes, v => v.Fs == "FAT32" ? image.StartsWith("gen2", StringComparison.Ordinal) : DiskOracle.NtfsCat(v.After, WindowsPaths.BcdStore) is not null);
        foreach (var volume in volumes.Where(v => v.Fs == "NTFS"))
        {
            DiskOracle.AssertNtfsClean(volume.After);
        }

        var system = dir.File("SYSTEM.after");
        File.WriteAllBytes(system, DiskOracle.NtfsCat(windows.After, WindowsPaths.SystemHive)!);
        Assert.Equal(new FileInfo(system).Length, DiskOracle.NtfsDataSize(windows.After, WindowsPaths.SystemHive));
        var bcdPath = bcd.Fs == "FAT32" ? @"EFI\Microsoft\Boot\BCD" : WindowsPaths.BcdStore;
        var store = dir.File("BCD.after");
        if (bcd.Fs == "FAT32")
        {
            DiskOracle.AssertFatClean(bcd.After);
            File.WriteAllBytes(store, DiskOracle.FatCat(bcd.After, bcdPath));
        }
        else
        {
            File.WriteAllBytes(store, DiskOracle.NtfsCat(bcd.After, bcdPath)!);
            Assert.Equal(new FileInfo(store).Length, DiskOracle.NtfsDataSize(bcd.After, bcdPath));
        }

        AssertValuesAsPlanned(system, changes.Where(c => c.Hive == HiveKind.System));
        AssertValuesAsPlanned(store, changes.Where(c => c.Hive == HiveKind.Bcd));
        Assert.Equal(DiskOracle.NtfsCat(windows.Before, Canary), DiskOracle.NtfsCat(windows.After, Canary));

        // Every changed sector lies where a writer of these two files had to write.
        foreach (var volume in volumes)
        {
            var changed = DiskOracle.Differences(volume.Before, volume.After);
            if (changed.Count == 0)
            {
                continue;
            }

            var files = new List<string>();
            if (ReferenceEquals(volume, windows))
            {
                files.Add(WindowsPaths.SystemHive);
                files.AddRange(report.Plans.SelectMany(p => p.Permissions).Select(p => p.Path));
            }

            if (ReferenceEquals(volume, bcd))
            {
                files.Add(bcdPath);
            }

            Assert.True(files.Count > 0, $"partition at {volume.Offset} changed but holds no file the fix wrote");
            var allowed = volume.Fs == "FAT32"
                ? ExpectedChanges.OnFat(volume.After, bcdPath)
                : ExpectedChanges.OnNtfs(volume.After, files, withSecure: ReferenceEquals(volume, windows));
            var stray = changed.Where(c => !ExpectedChanges.Covers(allowed, c.Offset, c.Length)).ToList();
            Assert.True(stray.Count == 0, $"{image}: bytes changed outside the files' clusters and records: {string.Join(", ", stray.Select(s => $"{s.Offset}+{s.Length}"))}");
        }

        RestoreReport restored;
        using (var target = TargetOpener.Open(path, writable: true))
        {
            restored = RestoreRunner.Restore(target, backup, force: false);
        }

        Assert.Contains(restored.Files, f => f.Action == RestoreAction.Restored);
        DiskOracle.AssertContainerSound(path);
        Assert.Equal(DiskOracle.Sha256(before), DiskOracle.Sha256(DiskOracle.ToRaw(path, dir.File("restored.raw"))));
    }

    [Theory]
    [InlineData("gen1.img")]
    [InlineData("gen2-dynamic.vhd")]
    public void A_fix_cut_off_after_any_number_of_writes_leaves_an_image_restore_brings_back(string image)
    {
        using var dir = new TemporaryDirectory();
        var pristine = Unpack(image, dir);
        var original = DiskOracle.Sha256(DiskOracle.ToRaw(pristine, dir.File("original.raw")));
        var path = dir.File("work" + Path.GetExtension(image));

        int cutOffs = 0;
        for (int allowed = 0; ; allowed++)
        {
            File.Copy(pristine, path, overwrite: true);
            var backup = dir.File($"backup-{allowed}");
            bool completed;
            var faulty = new FailingStream(new FileStream(path, FileMode.Open, FileAccess.ReadWrite), allowed);
            using (var target = ImageTarget.Open(faulty, path, writable: true))
            {
                try
                {
                    FixRunner.Run(target, Request(backup));
                    completed = true;
                }
                catch (FixFailedException)
                {
                    completed = false;
                    cutOffs++;
                }
            }

            using (var target = TargetOpener.Open(path, writable: true))
            {
                RestoreRunner.Restore(target, backup, force: false);
            }

            Assert.True(original == DiskOracle.Sha256(DiskOracle.ToRaw(path, dir.File("restored.raw"))), $"{image}: not restored after a fix cut off after {allowed} writes");
            if (completed)
            {
                break;
            }
        }

        Assert.True(cutOffs >= 5, $"only {cutOffs} cut-off points: the fix wrote less than expected");
    }

    [Theory]
    [InlineData("gen1-fixed.vhd", WindowsPaths.SystemHive)]
    [InlineData("gen2.img", WindowsPaths.BcdStore)]
    public void A_change_that_needs_new_hive_bins_grows_the_file_on_ntfs_and_fat32(string image, string hivePath)
    {
        using var dir = new TemporaryDirectory();
        var path = Unpack(image, dir);
        var before = DiskOracle.ToRaw(path, dir.File("before.raw"));
        var big = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        long oldLength;
        using (var target = TargetOpener.Open(path, writable: true))
        {
            using (var old = target.OpenRead(hivePath))
            {
                oldLength = old.Length;
            }

            Assert.NotNull(target.BeginUndoJournal(dir.Path));
            using var hive = Hive.Open(target.OpenReadWrite(hivePath), hivePath, [], new HiveOpenOptions { Writable = true }, leaveOpen: false);
            hive.Root.CreateSubkey("OfflineRepairGrowth").SetValue("Big", RegistryValueType.Binary, big);
            hive.Commit();
        }

        var after = DiskOracle.ToRaw(path, dir.File("after.raw"));
        var volumes = Volumes(before, after, dir);
        var hiveCopy = dir.File("hive.after");
        if (image.StartsWith("gen2", StringComparison.Ordinal))
        {
            var esp = Assert.Single(volumes, v => v.Fs == "FAT32");
            DiskOracle.AssertFatClean(esp.After);
            File.WriteAllBytes(hiveCopy, DiskOracle.FatCat(esp.After, @"EFI\Microsoft\Boot\BCD"));
        }
        else
        {
            var windows = Assert.Single(volumes, v => v.Fs == "NTFS" && DiskOracle.NtfsCat(v.After, hivePath) is not null);
            DiskOracle.AssertNtfsClean(windows.After);
            File.WriteAllBytes(hiveCopy, DiskOracle.NtfsCat(windows.After, hivePath)!);
            Assert.Equal(new FileInfo(hiveCopy).Length, DiskOracle.NtfsDataSize(windows.After, hivePath));
        }

        Assert.True(new FileInfo(hiveCopy).Length > oldLength + big.Length, $"the hive did not grow: {new FileInfo(hiveCopy).Length} bytes");
        var value = Hivex.Value(hiveCopy, "OfflineRepairGrowth", "Big");
        Assert.NotNull(value);
        Assert.Equal(big, value.Data.ToArray());
    }

    [Theory]
    [InlineData("dirty", "chkdsk")]
    [InlineData("hibernated", "hiberfil.sys")]
    public void A_dirty_or_hibernated_windows_volume_is_refused_before_anything_is_written(string state, string advice)
    {
        using var dir = new TemporaryDirectory();
        var path = Unpack("gen1.img", dir);
        var partition = DiskOracle.Partitions(path)[1];
        var volume = DiskOracle.Extract(path, partition, dir.File("windows.ntfs"));
        if (state == "dirty")
        {
            // ntfsfix without -n marks the volume dirty so that Windows runs chkdsk: what we must respect.
            Assert.Equal(0, Tools.Run(Tools.Require("ntfsfix", "ntfs-3g"), [volume]).ExitCode);
        }
        else
        {
            var header = new byte[8192];
            "hibr"u8.CopyTo(header);
            File.WriteAllBytes(dir.File("hiberfil.sys"), header);
            Assert.Equal(0, Tools.Run(Tools.Require("ntfscp", "ntfs-3g"), ["-f", volume, dir.File("hiberfil.sys"), "hiberfil.sys"]).ExitCode);
        }

        using (var disk = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            disk.Position = partition.Offset;
            disk.Write(File.ReadAllBytes(volume));
        }

        var before = DiskOracle.Sha256(path);
        using (var target = TargetOpener.Open(path, writable: true))
        {
            var refusal = Assert.Throws<OperationRefusedException>(() => FixRunner.Run(target, Request(dir.File("backup"))));
            Assert.Contains(advice, refusal.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Nothing was written", refusal.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, DiskOracle.Sha256(path));
        Assert.False(Directory.Exists(dir.File("backup")));
    }

    [Fact]
    public void Without_its_undo_journal_restore_still_writes_the_files_back_through_the_file_systems_and_says_what_it_could_not()
    {
        using var dir = new TemporaryDirectory();
        var path = Unpack("gen2.img", dir);
        var backup = dir.File("backup");
        using (var target = TargetOpener.Open(path, writable: true))
        {
            FixRunner.Run(target, Request(backup));
        }

        File.Delete(Path.Combine(backup, UndoJournal.FileName));
        RestoreReport report;
        using (var target = TargetOpener.Open(path, writable: true))
        {
            report = RestoreRunner.Restore(target, backup, force: false);
        }

        Assert.Contains(report.Warnings, w => w.Contains("undo journal", StringComparison.Ordinal));
        var volumes = Volumes(path, path, dir);
        var windows = Assert.Single(volumes, v => v.Fs == "NTFS" && DiskOracle.NtfsCat(v.After, WindowsPaths.SystemHive) is not null);
        DiskOracle.AssertNtfsClean(windows.After);
        var esp = Assert.Single(volumes, v => v.Fs == "FAT32");
        DiskOracle.AssertFatClean(esp.After);
        using var samples = new TemporaryDirectory();
        Assert.Equal(File.ReadAllBytes(TestData.Unpack("sample/SYSTEM.xz", samples)), DiskOracle.NtfsCat(windows.After, WindowsPaths.SystemHive));
        Assert.Equal(File.ReadAllBytes(TestData.Unpack("sample/BCD.xz", samples)), DiskOracle.FatCat(esp.After, @"EFI\Microsoft\Boot\BCD"));
    }

    [Fact]
    public void A_vhdx_write_that_would_need_a_new_block_fails_the_fix_and_the_image_is_rolled_back_at_once()
    {
        using var dir = new TemporaryDirectory();
        var raw = Unpack("gen1.img", dir);
        var path = dir.File("small-blocks.vhdx");
        var qemu = Tools.Require("qemu-img", "qemu-utils");
        Assert.Equal(0, Tools.Run(qemu, ["convert", "-O", "vhdx", "-o", "block_size=1M", raw, path]).ExitCode);
        var before = DiskOracle.Sha256(DiskOracle.ToRaw(path, dir.File("before.raw")));
        var growth = new SetBinaryRepair(@"ControlSet001\Control\OfflineRepairGrowth", "Big", 3 << 20);

        using (var target = TargetOpener.Open(path, writable: true))
        {
            var request = Request(dir.File("backup")) with { Repairs = [growth] };
            var failure = Assert.Throws<FixFailedException>(() => FixRunner.Run(target, request));
            Assert.Contains("not allocated", failure.Message, StringComparison.Ordinal);
            Assert.Contains("as it was before the fix", failure.Message, StringComparison.Ordinal);
        }

        DiskOracle.AssertContainerSound(path);
        Assert.Equal(before, DiskOracle.Sha256(DiskOracle.ToRaw(path, dir.File("after.raw"))));
    }

    private static FixRequest Request(string backup) =>
        new(RepairCatalog.AllSet, new RepairOptions(), DryRun: false, backup, ForceDirty: false, "test", FixedClock.Default);

    private static void AssertValuesAsPlanned(string hive, IEnumerable<PlannedChange> changes)
    {
        var sets = changes.OfType<SetValueChange>().ToList();
        Assert.NotEmpty(sets);
        foreach (var set in sets)
        {
            var value = Hivex.Value(hive, set.KeyPath, set.ValueName);
            Assert.True(value is not null, $"hivex finds no {set.KeyPath}\\{set.ValueName}");
            Assert.Equal(set.NewType, value.Type);
            Assert.Equal(set.NewData, value.Data.ToArray());
        }
    }

    /// <summary>Each partition copied out of the raw disks before and after, with its file system.</summary>
    private static List<Volume> Volumes(string before, string after, TemporaryDirectory dir)
    {
        var result = new List<Volume>();
        var partitions = DiskOracle.Partitions(after);
        for (int i = 0; i < partitions.Count; i++)
        {
            var a = DiskOracle.Extract(before, partitions[i], dir.File($"p{i}.before"));
            var b = DiskOracle.Extract(after, partitions[i], dir.File($"p{i}.after"));
            result.Add(new Volume(partitions[i].Offset, DiskOracle.FileSystemOf(b), a, b));
        }

        return result;
    }

    private static string Unpack(string image, TemporaryDirectory dir) => TestData.Unpack($"images/{image}.xz", dir);

    private sealed record Volume(long Offset, string Fs, string Before, string After);

    /// <summary>Sets a large REG_BINARY value: a change that makes the hive grow by about its size.</summary>
    private sealed class SetBinaryRepair(string keyPath, string valueName, int size) : IRepair
    {
        public string Name => "test-growth";

        public string Summary => $"sets {keyPath}\\{valueName} to {size} bytes";

        public string ArticleStep => "test";

        public IReadOnlyList<HiveKind> Hives => [HiveKind.System];

        public RepairPlan Plan(RepairContext context)
        {
            var data = Enumerable.Range(0, size).Select(i => (byte)(i * 13)).ToArray();
            return new RepairPlan(Name, [new SetValueChange(Name, HiveKind.System, keyPath, valueName, null, null, RegistryValueType.Binary, data)], []);
        }
    }
}
