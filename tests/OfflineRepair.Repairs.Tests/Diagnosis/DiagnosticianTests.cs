using System.Text;
using OfflineRepair.Repairs.Diagnosis;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Repairs.Repairs;
using OfflineRepair.Repairs.Tests.Repairs.Support;
using OfflineRepair.Targets;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Diagnosis;

using Support = OfflineRepair.Repairs.Tests.Targets.Support;

/// <summary>
/// Each finding on a disk built to show it and nothing else: the sample SYSTEM hive changed with
/// hivexregedit (libhivex-bin, not our writer), a SOFTWARE hive made by hivexsh with a Remote
/// Desktop certificate, the RDP key file in MachineKeys; and the fixture disk images, whose
/// MachineKeys permissions testdata/make-images.sh set wrong.
/// </summary>
public sealed class DiagnosticianTests
{
    private const string Set = @"HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001";

    public static TheoryData<string, string, string> OneCauseEach() => new()
    {
        { "tls-disabled", "tls", $"[{Set}\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0]\n\n[{Set}\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server]\n\"Enabled\"=dword:00000000\n\n[{Set}\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.1]\n\n[{Set}\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.1\\Server]\n\"DisabledByDefault\"=dword:00000001\n" },
        { "rdp-port", "rdp-port", $"[{Set}\\Control\\Terminal Server\\WinStations\\RDP-Tcp]\n\"PortNumber\"=dword:00000d3e\n" },
        { "rdp-security-layer", "nla", $"[{Set}\\Control\\Terminal Server\\WinStations\\RDP-Tcp]\n\"UserAuthentication\"=dword:00000001\n" },
        { "termservice-disabled", "", $"[{Set}\\Services\\TermService]\n\"Start\"=dword:00000004\n" },
        { "sessionenv-disabled", "", $"[{Set}\\Services\\SessionEnv]\n\"Start\"=dword:00000004\n" },
    };

    [Fact]
    public void A_healthy_disk_shows_no_cause()
    {
        using var disk = DiskTree.Create(systemEdits: null, certificateExpired: false, withKeyFile: true);

        var report = Diagnose(disk.Root);

        Assert.Empty(report.Causes);
        Assert.Contains(report.Findings, f => f.Id == "crash-dump-off" && f.Kind == FindingKind.Information && f.Repair == "crash-dump");
        Assert.Contains(report.Unread, u => u.StartsWith("MachineKeys permissions", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(OneCauseEach))]
    public void Each_registry_cause_is_found_alone_with_its_repair(string id, string repair, string edits)
    {
        using var disk = DiskTree.Create(edits, certificateExpired: false, withKeyFile: true);

        var report = Diagnose(disk.Root);

        var finding = Assert.Single(report.Causes);
        Assert.Equal(id, finding.Id);
        Assert.Equal(repair.Length == 0 ? null : repair, finding.Repair);
        Assert.NotEmpty(finding.Evidence);
        Assert.True(finding.Repair is not null || finding.Advice is not null);
    }

    [Fact]
    public void An_expired_certificate_is_found_alone()
    {
        using var disk = DiskTree.Create(systemEdits: null, certificateExpired: true, withKeyFile: true);

        var finding = Assert.Single(Diagnose(disk.Root).Causes);

        Assert.Equal("rdp-cert-expired", finding.Id);
        Assert.Equal(RdpCertificateRepair.RepairName, finding.Repair);
    }

    [Fact]
    public void A_missing_rdp_key_file_is_found_alone()
    {
        using var disk = DiskTree.Create(systemEdits: null, certificateExpired: false, withKeyFile: false);

        var finding = Assert.Single(Diagnose(disk.Root).Causes);

        Assert.Equal("rdp-key-missing", finding.Id);
        Assert.Contains(SoftwareHive.MachineGuid, finding.Evidence[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_paused_group_policy_client_is_a_warning_not_a_cause()
    {
        using var disk = DiskTree.Create($"[{Set}\\Services\\gpsvc]\n\"Start\"=dword:00000004\n", certificateExpired: false, withKeyFile: true);

        var report = Diagnose(disk.Root);

        Assert.Empty(report.Causes);
        Assert.Contains(report.Findings, f => f.Id == "gpsvc-paused" && f.Kind == FindingKind.Warning);
    }

    [Fact]
    public void The_fixture_disks_wrong_machine_keys_permissions_are_found_and_gone_after_the_repair()
    {
        using var dir = new TemporaryDirectory();
        var image = TestData.Unpack("images/gen1.img.xz", dir);

        DiagnosisReport before;
        using (var target = TargetOpener.Open(image))
        using (var hives = HiveSet.Open(target))
        {
            before = Diagnostician.Diagnose(target, hives, TimeProvider.System);
        }

        Assert.Equal(["machine-keys-folder", "machine-keys-rdp-key"], before.Causes.Select(f => f.Id));
        Assert.Equal(["machine-keys"], before.Repairs.Where(r => r != "crash-dump" && r != "serial-console"));
        Assert.Contains(before.Findings, f => f.Id == "serial-console-off" && f.Kind == FindingKind.Information);

        using (var target = TargetOpener.Open(image, writable: true))
        {
            var request = new FixRequest([new MachineKeysRepair()], new RepairOptions { MachineKeys = MachineKeysMode.Defaults }, DryRun: false, dir.File("backup"), ForceDirty: false, "test", TimeProvider.System);
            Assert.True(FixRunner.Run(target, request).Verified);
        }

        using (var target = TargetOpener.Open(image))
        using (var hives = HiveSet.Open(target))
        {
            Assert.Empty(Diagnostician.Diagnose(target, hives, TimeProvider.System).Causes);
        }
    }

    [Fact]
    public void A_missing_rdp_listener_key_is_a_cause_with_advice_and_no_repair()
    {
        using var disk = DiskTree.Create($"[-{Set}\\Control\\Terminal Server\\WinStations\\RDP-Tcp]\n", certificateExpired: false, withKeyFile: true);

        var finding = Assert.Single(Diagnose(disk.Root).Causes);

        Assert.Equal("rdp-listener-missing", finding.Id);
        Assert.Null(finding.Repair);
        Assert.Contains("healthy VM", finding.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dirty_hive_replayed_from_its_logs_is_a_warning()
    {
        using var volume = OfflineRepair.Repairs.Tests.Execution.TestVolume.WithSystem("regipy/SYSTEM_B.xz", false, "regipy/SYSTEM_B.LOG1.xz", "regipy/SYSTEM_B.LOG2.xz");

        var report = Diagnose(volume.Root);

        var warning = Assert.Single(report.Findings, f => f.Id == "hive-replayed-system");
        Assert.Equal(FindingKind.Warning, warning.Kind);
        Assert.Contains("replayed", warning.Evidence[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_dirty_windows_volume_in_an_image_is_a_warning_that_says_what_to_do()
    {
        using var dir = new TemporaryDirectory();
        var image = TestData.Unpack("images/gen1.img.xz", dir);
        var partition = Support.DiskOracle.Partitions(image)[1];
        var volume = Support.DiskOracle.Extract(image, partition, dir.File("windows.ntfs"));

        // ntfsfix (without -n) marks the volume dirty so that Windows runs chkdsk at the next boot.
        Assert.Equal(0, Tools.Run(Tools.Require("ntfsfix", "ntfs-3g"), [volume]).ExitCode);
        using (var disk = new FileStream(image, FileMode.Open, FileAccess.Write))
        {
            disk.Position = partition.Offset;
            disk.Write(File.ReadAllBytes(volume));
        }

        using var target = TargetOpener.Open(image);
        using var hives = HiveSet.Open(target);
        var report = Diagnostician.Diagnose(target, hives, TimeProvider.System);

        var warning = Assert.Single(report.Findings, f => f.Id == "volume-dirty");
        Assert.Equal(FindingKind.Warning, warning.Kind);
        Assert.Contains("chkdsk", warning.Advice, StringComparison.Ordinal);
        Assert.Equal(["machine-keys-folder", "machine-keys-rdp-key"], report.Causes.Select(f => f.Id));
    }

    private static DiagnosisReport Diagnose(string root)
    {
        using var target = TargetOpener.Open(root);
        using var hives = HiveSet.Open(target);
        return Diagnostician.Diagnose(target, hives, TimeProvider.System);
    }

    /// <summary>A Windows volume folder: the sample SYSTEM (with hivexregedit edits), a hivexsh SOFTWARE, MachineKeys.</summary>
    private sealed class DiskTree : IDisposable
    {
        private readonly TemporaryDirectory _dir = new();

        public string Root => _dir.Path;

        public static DiskTree Create(string? systemEdits, bool certificateExpired, bool withKeyFile)
        {
            var tree = new DiskTree();
            var config = Path.Combine(tree.Root, "Windows", "System32", "config");
            Directory.CreateDirectory(config);
            using (var samples = new TemporaryDirectory())
            {
                File.Copy(TestData.Unpack("sample/SYSTEM.xz", samples), Path.Combine(config, "SYSTEM"));
            }

            if (systemEdits is not null)
            {
                var reg = Path.Combine(tree.Root, "edits.reg");
                File.WriteAllText(reg, "Windows Registry Editor Version 5.00\n\n" + systemEdits, new UTF8Encoding(false));
                var hivexregedit = Tools.Require("hivexregedit", "libhivex-bin");
                var merge = Tools.Run(hivexregedit, ["--merge", "--prefix", @"HKEY_LOCAL_MACHINE\SYSTEM", Path.Combine(config, "SYSTEM"), reg]);
                Assert.True(merge.ExitCode == 0, $"hivexregedit --merge: {merge.StandardError}");
            }

            var notAfter = certificateExpired ? DateTimeOffset.UtcNow.AddDays(-3) : DateTimeOffset.UtcNow.AddYears(1);
            using var certificate = SoftwareHive.Certificate("CN=vm1", notAfter);
            using (var scratch = new TemporaryDirectory())
            {
                var software = SoftwareHive.Build(scratch, [(certificate.Thumbprint, SoftwareHive.Blob(certificate))]);
                File.Copy(software, Path.Combine(config, "SOFTWARE"));
            }

            var keys = Path.Combine(tree.Root, "ProgramData", "Microsoft", "Crypto", "RSA", "MachineKeys");
            Directory.CreateDirectory(keys);
            if (withKeyFile)
            {
                File.WriteAllText(Path.Combine(keys, MachineKeysRepair.RdpKeyPrefix + SoftwareHive.MachineGuid), "key");
            }

            return tree;
        }

        public void Dispose() => _dir.Dispose();
    }
}
