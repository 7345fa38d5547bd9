using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Repairs.Repairs;
using OfflineRepair.Repairs.Tests.Repairs.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Repairs;

public sealed class RdpCertificateRepairTests
{
    private const string Store = @"Microsoft\SystemCertificates\Remote Desktop\Certificates";

    [Theory]
    [InlineData(-30, "expired")]
    [InlineData(300, "not expired")]
    public void The_certificate_key_is_deleted_with_its_thumbprint_subject_and_expiry(int daysFromNow, string expiry)
    {
        using var folder = new TemporaryDirectory();
        using var certificate = SoftwareHive.Certificate("CN=vm-broken", FixedClock.Now.AddDays(daysFromNow));
        var path = SoftwareHive.Build(folder, [(certificate.Thumbprint, SoftwareHive.Blob(certificate))]);
        var repair = new RdpCertificateRepair(FixedClock.Default);

        using (var hive = SystemHives.OpenWritable(path))
        {
            var plan = repair.Plan(new RepairContext(null, hive, new RepairOptions()));

            var delete = Assert.IsType<DeleteKeyChange>(Assert.Single(plan.Changes));
            Assert.Equal((HiveKind.Software, $@"{Store}\{certificate.Thumbprint}"), (delete.Hive, delete.KeyPath));
            Assert.Contains(certificate.Thumbprint, delete.Detail, StringComparison.Ordinal);
            Assert.Contains("CN=vm-broken", delete.Detail, StringComparison.Ordinal);
            Assert.Contains(certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), delete.Detail, StringComparison.Ordinal);
            Assert.EndsWith(", " + expiry, delete.Detail, StringComparison.Ordinal);
            PlanApplier.Apply(hive, plan);
        }

        Assert.Equal([], Hivex.Subkeys(path, Store));
        using var reopened = Hive.Open(path);
        var second = repair.Plan(new RepairContext(null, reopened, new RepairOptions()));
        Assert.Empty(second.Changes);
        Assert.Equal(["no Remote Desktop certificate: Windows makes one at boot"], second.Notes);
    }

    [Fact]
    public void An_unreadable_blob_is_deleted_too_and_said_so()
    {
        using var folder = new TemporaryDirectory();
        const string thumbprint = "0123456789ABCDEF0123456789ABCDEF01234567";
        byte[] garbage = [0x20, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef];
        var path = SoftwareHive.Build(folder, [(thumbprint, garbage)]);
        using var hive = Hive.Open(path);

        var plan = new RdpCertificateRepair(FixedClock.Default).Plan(new RepairContext(null, hive, new RepairOptions()));

        var delete = Assert.IsType<DeleteKeyChange>(Assert.Single(plan.Changes));
        Assert.Equal($"thumbprint {thumbprint}, unreadable blob", delete.Detail);
    }

    [Fact]
    public void No_certificate_plans_nothing()
    {
        using var folder = new TemporaryDirectory();
        var path = SoftwareHive.Build(folder, []);
        using var hive = Hive.Open(path);

        var plan = new RdpCertificateRepair(FixedClock.Default).Plan(new RepairContext(null, hive, new RepairOptions()));

        Assert.True(plan.IsEmpty);
        Assert.Equal(["no Remote Desktop certificate: Windows makes one at boot"], plan.Notes);
    }

    [Fact]
    public void Without_a_software_hive_the_repair_says_so()
    {
        var error = Assert.Throws<RepairException>(() => new RdpCertificateRepair().Plan(new RepairContext(null, null, new RepairOptions())));

        Assert.Contains("SOFTWARE hive", error.Message, StringComparison.Ordinal);
    }
}
