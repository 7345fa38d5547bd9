using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Repairs.Repairs;
using OfflineRepair.Repairs.Tests.Execution;
using OfflineRepair.Repairs.Tests.Targets.Support;
using OfflineRepair.Targets;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Targets;

/// <summary>
/// machine-keys on the fixture disks, whose MachineKeys folder and key files testdata/make-images.sh
/// gave wrong owners and DACLs through ntfs-3g. What we write is read back by ntfs-3g (getfattr on a
/// read-only FUSE mount, ntfssecaudit) and checked by ntfsfix; the expected SDDL is written out here
/// by hand from the article's commands and Windows' defaults.
/// </summary>
public sealed class MachineKeysTests
{
    private const string Folder = @"ProgramData\Microsoft\Crypto\RSA\MachineKeys";
    private const string RdpKey = Folder + @"\f686aace6942fb7f7ceb231212eef4a4_5d1b8e50-7a2a-4c8e-9a3b-1f2e3d4c5b6a";
    private const string OldRdpKey = Folder + @"\f686aace6942fb7f7ceb231212eef4a4_0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private const string OtherKey = Folder + @"\c2319c42033a5ca7f44e731bfd3fa2b5_5d1b8e50-7a2a-4c8e-9a3b-1f2e3d4c5b6a";
    private const string User = "S-1-5-21-1004336348-1177238915-682003330-1001";
    private const string SessionEnv = "S-1-5-80-4022436659-1090538466-1613889075-870485073-3428993833";

    /// <summary>takeown /a, then /grant SYSTEM:F, NETWORK SERVICE:R, Administrators:F: merged into an explicit allow entry of the same account, else added after the explicit ones.</summary>
    private static readonly Dictionary<string, string> Article = new()
    {
        [Folder] = $"O:BAG:SYD:P(A;;FA;;;{User})(A;;FA;;;SY)(A;;FR;;;NS)(A;;FA;;;BA)",
        [RdpKey] = $"O:BAG:SYD:P(D;;FA;;;NS)(A;;FA;;;{User})(A;;FA;;;SY)(A;;FR;;;NS)(A;;FA;;;BA)",
        [OldRdpKey] = "O:BAG:SYD:(A;;FA;;;BA)(A;;FA;;;SY)(A;;FR;;;NS)(A;ID;FR;;;WD)",
        [OtherKey] = "O:BAG:SYD:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;FR;;;NS)",
    };

    /// <summary>Windows' own: the folder's measured default, the RDP key file's for build 17763 (the sample SOFTWARE), other keys only gain SYSTEM:F.</summary>
    private static readonly Dictionary<string, string> Defaults = new()
    {
        [Folder] = "O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)",
        [RdpKey] = $"O:SYG:SYD:P(A;;FA;;;SY)(A;;FR;;;NS)(A;;FA;;;{SessionEnv})",
        [OldRdpKey] = "O:BAG:SYD:(A;;FA;;;BA)(A;;FA;;;SY)(A;ID;FR;;;WD)",
    };

    [Theory]
    [InlineData("gen1.img", MachineKeysMode.Article)]
    [InlineData("gen2-dynamic.vhd", MachineKeysMode.Article)]
    [InlineData("gen1-single.vhdx", MachineKeysMode.Defaults)]
    [InlineData("gen2.img", MachineKeysMode.Defaults)]
    public void On_a_disk_image_the_descriptors_ntfs_3g_reads_back_are_the_expected_ones_and_restore_gives_the_old_ones_back(string image, MachineKeysMode mode)
    {
        using var dir = new TemporaryDirectory();
        var path = TestData.Unpack($"images/{image}.xz", dir);
        var original = DiskOracle.Sha256(DiskOracle.ToRaw(path, dir.File("original.raw")));
        var expected = mode == MachineKeysMode.Article ? Article : Defaults;
        var backup = dir.File("backup");

        FixReport report;
        using (var target = TargetOpener.Open(path, writable: true))
        {
            report = FixRunner.Run(target, Request(mode, dryRun: false, backup));
        }

        Assert.True(report.Verified, string.Join("; ", report.Verification.Where(v => !v.Passed).Select(v => $"{v.Subject}: {v.Detail}")));
        var planned = report.Plans.SelectMany(p => p.Permissions).ToList();
        Assert.Equal(expected.Keys.Order(), planned.Select(p => p.Path).Order());
        foreach (var change in planned)
        {
            Assert.Equal(expected[change.Path], change.AfterSddl);
        }

        var after = Windows(path, dir, "after");
        DiskOracle.AssertNtfsClean(after);
        AssertSecurityAudited(after);
        using (var mount = NtfsMount.Open(after, dir.File("mnt-after"), readOnly: true))
        {
            foreach (var change in planned)
            {
                Assert.Equal(change.After, mount.Descriptor(change.Path));
            }
        }

        var before = Windows(dir.File("original.raw"), dir, "before");
        foreach (var key in new[] { RdpKey, OldRdpKey, OtherKey })
        {
            Assert.Equal(DiskOracle.NtfsCat(before, key), DiskOracle.NtfsCat(after, key));
        }

        using (var target = TargetOpener.Open(path))
        {
            Assert.Equal(0, FixRunner.Run(target, Request(mode, dryRun: true, null)).ChangeCount);
        }

        using (var target = TargetOpener.Open(path, writable: true))
        {
            var restored = RestoreRunner.Restore(target, backup, force: false);
            Assert.Equal(planned.Count, restored.Permissions.Count(p => p.Action == RestoreAction.Restored));
        }

        var back = Windows(path, dir, "restored");
        using (var mount = NtfsMount.Open(back, dir.File("mnt-restored"), readOnly: true))
        {
            foreach (var change in planned)
            {
                Assert.Equal(change.Before, mount.Descriptor(change.Path));
            }
        }

        Assert.Equal(original, DiskOracle.Sha256(DiskOracle.ToRaw(path, dir.File("restored.raw"))));
    }

    [Fact]
    public void On_an_ntfs_3g_mount_the_repair_writes_system_ntfs_acl_and_restore_puts_the_old_descriptors_back()
    {
        using var dir = new TemporaryDirectory();
        var image = TestData.Unpack("images/gen1.img.xz", dir);
        var volume = DiskOracle.Extract(image, DiskOracle.Partitions(image)[1], dir.File("windows.ntfs"));
        var backup = dir.File("backup");
        List<PermissionChange> planned;

        using (var mount = NtfsMount.Open(volume, dir.File("mnt"), readOnly: false))
        {
            using (var target = TargetOpener.Open(mount.Path, writable: true))
            {
                Assert.IsType<FolderTarget>(target);
                var report = FixRunner.Run(target, Request(MachineKeysMode.Defaults, dryRun: false, backup));
                Assert.True(report.Verified);
                planned = report.Plans.SelectMany(p => p.Permissions).ToList();
            }

            Assert.Equal(Defaults.Keys.Order(), planned.Select(p => p.Path).Order());
            foreach (var change in planned)
            {
                Assert.Equal(Defaults[change.Path], change.AfterSddl);
                Assert.Equal(change.After, mount.Descriptor(change.Path));
            }
        }

        DiskOracle.AssertNtfsClean(volume);
        AssertSecurityAudited(volume);

        using (var mount = NtfsMount.Open(volume, dir.File("mnt"), readOnly: false))
        {
            using (var target = TargetOpener.Open(mount.Path, writable: true))
            {
                RestoreRunner.Restore(target, backup, force: false);
            }

            foreach (var change in planned)
            {
                Assert.Equal(change.Before, mount.Descriptor(change.Path));
            }
        }
    }

    [Fact]
    public void Hive_files_alone_skip_the_repair_with_the_reason()
    {
        using var dir = new TemporaryDirectory();
        var system = TestData.Unpack("sample/SYSTEM.xz", dir);

        using var target = TargetOpener.Open(system);
        var report = FixRunner.Run(target, Request(MachineKeysMode.Article, dryRun: true, null));

        var skipped = Assert.Single(report.Skipped);
        Assert.Equal(MachineKeysRepair.RepairName, skipped.Repair);
        Assert.Contains("Windows volume", skipped.Reason, StringComparison.Ordinal);
    }

    private static FixRequest Request(MachineKeysMode mode, bool dryRun, string? backup) =>
        new([new MachineKeysRepair()], new RepairOptions { MachineKeys = mode }, dryRun, backup, ForceDirty: false, "test", FixedClock.Default);

    /// <summary>The Windows volume of a disk (raw or not) copied out as a file of its own.</summary>
    private static string Windows(string image, TemporaryDirectory dir, string tag)
    {
        var raw = image.EndsWith(".raw", StringComparison.Ordinal) ? image : DiskOracle.ToRaw(image, dir.File($"{tag}.raw"));
        var partitions = DiskOracle.Partitions(raw);
        foreach (var (partition, index) in partitions.Select((p, i) => (p, i)))
        {
            var file = DiskOracle.Extract(raw, partition, dir.File($"{tag}-{index}.part"));
            if (DiskOracle.FileSystemOf(file) == "NTFS" && DiskOracle.NtfsCat(file, WindowsPaths.SystemHive) is not null)
            {
                return file;
            }
        }

        throw new InvalidOperationException($"no Windows volume in {image}");
    }

    /// <summary><c>ntfssecaudit -a</c>: $Secure's streams and indexes consistent.</summary>
    private static void AssertSecurityAudited(string volume)
    {
        var audit = Tools.Run(Tools.Require("ntfssecaudit", "ntfs-3g"), ["-a", volume]);
        var output = audit.StandardOutput + audit.StandardError;
        Assert.True(audit.ExitCode == 0, $"ntfssecaudit -a exit {audit.ExitCode}: {output}");
        Assert.Contains("No errors were found", output, StringComparison.Ordinal);
        Assert.DoesNotContain("** ", output, StringComparison.Ordinal);
    }
}
