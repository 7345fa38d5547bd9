using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Repairs;

/// <summary>
/// Step 2.1: remove the RDP listener's self-signed certificate from the "Remote Desktop" store so
/// that Remote Desktop Services makes a new one (with a fresh key) at the next boot. Each
/// thumbprint's key is deleted; what it held is named so the user can tell an expired certificate
/// from a pinned one. A blob that cannot be read is deleted too: a certificate Windows cannot load
/// is what breaks the listener.
/// </summary>
public sealed class RdpCertificateRepair : IRepair
{
    public const string RepairName = "rdp-cert";

    private readonly TimeProvider _clock;

    public RdpCertificateRepair()
        : this(TimeProvider.System)
    {
    }

    /// <summary>The clock decides what "expired" means in the plan's details.</summary>
    public RdpCertificateRepair(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
    }

    public string Name => RepairName;

    public string Summary => "remove the RDP self-signed certificate so Windows makes a new one at boot";

    public string ArticleStep => "step 2.1: renew the RDP self-signed certificate";

    public IReadOnlyList<HiveKind> Hives => [HiveKind.Software];

    public RepairPlan Plan(RepairContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var software = RepairInputs.RequireSoftware(context, Name);
        var plan = new PlanBuilder(Name, HiveKind.Software, software);
        var certificates = RdpCertificateEntry.ReadAll(software, _clock);
        if (certificates.Count == 0)
        {
            plan.Note("no Remote Desktop certificate: Windows makes one at boot");
            return plan.Build();
        }

        foreach (var certificate in certificates)
        {
            plan.DeleteKey(certificate.KeyPath, certificate.Describe());
        }

        plan.Note("Remote Desktop Services makes a new self-signed certificate at the next boot; an RDP client will ask to trust it once");
        return plan.Build();
    }
}
