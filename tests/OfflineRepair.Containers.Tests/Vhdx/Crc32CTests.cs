using OfflineRepair.Containers.Vhdx;

namespace OfflineRepair.Containers.Tests.Vhdx;

public sealed class Crc32CTests
{
    [Fact]
    public void Check_value_of_the_Castagnoli_polynomial()
    {
        // The catalogue check value for CRC-32/ISCSI.
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    [Fact]
    public void Empty_input()
    {
        Assert.Equal(0u, Crc32C.Compute([]));
    }
}
