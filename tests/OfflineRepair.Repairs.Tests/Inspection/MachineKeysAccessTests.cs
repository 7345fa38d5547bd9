using OfflineRepair.Repairs.Inspection;
using OfflineRepair.Security;

namespace OfflineRepair.Repairs.Tests.Inspection;

public sealed class MachineKeysAccessTests
{
    [Theory]
    [InlineData("O:SYG:SYD:P(A;;FA;;;SY)(A;;FR;;;NS)", true)]
    [InlineData("O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)", true)]
    [InlineData("O:SYG:SYD:(A;;GR;;;AU)", true)]
    [InlineData("O:SYG:SYD:P(D;;FA;;;NS)(A;;FA;;;SY)(A;;FR;;;NS)", false)]
    [InlineData("O:SYG:SYD:P(D;;FR;;;WD)(A;;FA;;;NS)", false)]
    [InlineData("O:SYG:SYD:P(A;OICIIO;FA;;;NS)", false)]
    [InlineData("O:SYG:SYD:P(A;;0x120080;;;NS)", false)]
    [InlineData("O:SYG:SY", true)]
    public void Network_service_reads_as_windows_would_grant_it(string sddl, bool reads)
    {
        var descriptor = SecurityDescriptor.ParseSddl(sddl);

        var granted = MachineKeysAccess.Effective(descriptor, WellKnownSids.NetworkService);

        Assert.Equal(reads, (granted & MachineKeysAccess.ReadAccess) == MachineKeysAccess.ReadAccess);
    }
}
