using System.Text.Json;
using OfflineRepair.Registry;
using OfflineRepair.Repairs.Inspection;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Repairs.Tests.Repairs.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Inspection;

public sealed class InspectorTests
{
    [Fact]
    public void Reads_windows_and_the_rdp_certificate_from_a_hive_hivex_wrote()
    {
        using var folder = new TemporaryDirectory();
        using var certificate = SoftwareHive.Certificate("CN=vm-broken", FixedClock.Now.AddDays(-2));
        var path = SoftwareHive.Build(folder, [(certificate.Thumbprint, SoftwareHive.Blob(certificate))]);
        using var software = Hive.Open(path);

        var report = Inspector.Inspect(null, software, null, new RepairOptions(), FixedClock.Default);

        Assert.Equal(new WindowsInstallation(SoftwareHive.ProductName, SoftwareHive.BuildNumber, null, SoftwareHive.DisplayVersion, SoftwareHive.Edition, SoftwareHive.MachineGuid), report.Windows);
        var found = Assert.Single(report.RdpCertificates!);
        Assert.Equal(certificate.Thumbprint, found.Thumbprint);
        Assert.Equal("CN=vm-broken", found.Subject);
        Assert.Equal(new DateTimeOffset(certificate.NotAfter.ToUniversalTime()), found.NotAfter);
        Assert.True(found.Expired);
        Assert.Null(report.ControlSets);
        Assert.Contains(report.Notes, n => n.StartsWith("no SYSTEM hive", StringComparison.Ordinal));
    }

    [Fact]
    public void A_future_certificate_is_not_expired()
    {
        using var folder = new TemporaryDirectory();
        using var certificate = SoftwareHive.Certificate("CN=vm-fine", FixedClock.Now.AddDays(200));
        var path = SoftwareHive.Build(folder, [(certificate.Thumbprint, SoftwareHive.Blob(certificate))], withWindowsKeys: false);
        using var software = Hive.Open(path);

        var report = Inspector.Inspect(null, software, null, new RepairOptions(), FixedClock.Default);

        Assert.False(Assert.Single(report.RdpCertificates!).Expired);
        Assert.Equal(new WindowsInstallation(null, null, null, null, null, null), report.Windows);
    }

    [Fact]
    public void Reports_select_and_every_setting_of_each_chosen_control_set()
    {
        using var system = Hive.Open(Corpus.File("regipy/SYSTEM.xz"));

        var report = Inspector.Inspect(system, null, null, new RepairOptions(), FixedClock.Default);

        var sets = report.ControlSets!;
        Assert.Equal((1u, 1u, 2u, 0u), (sets.Current!.Value, sets.Default!.Value, sets.LastKnownGood!.Value, sets.Failed!.Value));
        Assert.Equal(["ControlSet001", "ControlSet002"], sets.Chosen);
        Assert.Equal(["ControlSet001", "ControlSet002"], report.Settings.Select(s => s.ControlSet));
        var first = report.Settings[0].Settings.ToDictionary(s => s.Setting);
        Assert.Equal(16, first.Count); // 6 SCHANNEL, 3 listener, 3 crash, port, 2 rule LPorts, gpsvc
        Assert.Equal("absent", first["TLS 1.2 Server Enabled"].Value);
        Assert.True(first["TLS 1.0 Server DisabledByDefault"].IsAbsent);
        Assert.Equal(("REG_DWORD", "1"), (first["SecurityLayer"].Type, first["SecurityLayer"].Value));
        Assert.Equal("0", first["UserAuthentication"].Value);
        Assert.Equal("2", first["CrashDumpEnabled"].Value);
        Assert.Equal(("REG_EXPAND_SZ", @"%SystemRoot%\MEMORY.DMP"), (first["DumpFile"].Type, first["DumpFile"].Value));
        Assert.Equal("absent", first["NMICrashDump"].Value);
        Assert.Equal("3389", first["PortNumber"].Value);
        Assert.Equal("3389", first["firewall RemoteDesktop-UserMode-In-TCP LPort"].Value);
        Assert.Equal("absent", first["firewall RemoteDesktop-UserMode-In-UDP LPort"].Value);
        Assert.Equal("2", first["gpsvc Start"].Value);
        Assert.Null(report.RdpCertificates);
    }

    [Fact]
    public void All_control_sets_and_the_report_serializes()
    {
        using var system = Hive.Open(Corpus.File("winevt-kb/SYSTEM"));

        var report = Inspector.Inspect(system, null, null, new RepairOptions { ControlSets = ControlSetSelection.All }, FixedClock.Default);

        Assert.Equal(["ControlSet001", "ControlSet003"], report.Settings.Select(s => s.ControlSet));
        var json = JsonSerializer.Serialize(report);
        Assert.Contains("\"LastKnownGood\":3", json, StringComparison.Ordinal);
        Assert.Contains("\"Setting\":\"gpsvc Start\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_system_hive_without_select_is_reported_not_thrown()
    {
        using var folder = new TemporaryDirectory();
        var path = SystemHives.Copy(folder, SystemHives.Winevt);
        using (var writable = SystemHives.OpenWritable(path))
        {
            writable.Root.DeleteSubkeyTree("Select");
            writable.Commit();
        }

        using var system = Hive.Open(path);
        var report = Inspector.Inspect(system, null, null, new RepairOptions(), FixedClock.Default);

        Assert.Empty(report.Settings);
        Assert.Equal(["ControlSet001", "ControlSet003"], report.ControlSets!.Present);
        Assert.Contains(report.Notes, n => n.Contains("no Select key", StringComparison.Ordinal));
    }
}
