using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Tests.Repairs;

public sealed class RepairCatalogTests
{
    [Fact]
    public void Lists_the_repairs_in_the_design_order()
    {
        Assert.Equal(["tls", "nla", "crash-dump", "serial-console", "rdp-port", "rdp-cert", "group-policy", "machine-keys"], RepairCatalog.Names);
        Assert.Equal(RepairCatalog.Names, RepairCatalog.All.Select(r => r.Name));
    }

    [Fact]
    public void All_set_is_the_articles_steps_tls_nla_crash_dump_serial_console_machine_keys()
    {
        Assert.Equal(["tls", "nla", "crash-dump", "serial-console", "machine-keys"], RepairCatalog.AllSet.Select(r => r.Name));
        Assert.Equal("machine-keys", RepairCatalog.Find("Machine-Keys")?.Name);
    }

    [Theory]
    [InlineData("TLS", "tls")]
    [InlineData("Rdp-Cert", "rdp-cert")]
    [InlineData("group-policy", "group-policy")]
    public void Finds_a_repair_in_any_letter_case(string asked, string name)
    {
        Assert.Equal(name, RepairCatalog.Find(asked)?.Name);
    }

    [Fact]
    public void Only_rdp_cert_needs_software_machine_keys_reads_it_when_there_and_only_serial_console_needs_the_BCD()
    {
        Assert.Equal(["rdp-cert"], RepairCatalog.All.Where(r => r.Hives.Contains(HiveKind.Software)).Select(r => r.Name));
        Assert.Equal(["machine-keys"], RepairCatalog.All.Where(r => r.OptionalHives.Contains(HiveKind.Software)).Select(r => r.Name));
        Assert.Equal(["serial-console"], RepairCatalog.All.Where(r => r.Hives.Contains(HiveKind.Bcd)).Select(r => r.Name));
        Assert.Null(RepairCatalog.Find("nope"));
    }
}
