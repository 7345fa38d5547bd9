namespace OfflineRepair.Containers.Vhd;

/// <summary>
/// The VHD checksum: the one's complement of the sum of all bytes with the checksum field taken as
/// zero. Computed over the raw bytes as read (not a re-serialised struct) so non-zero reserved
/// bytes written by other tools still verify.
/// </summary>
internal static class VhdChecksum
{
    public static uint Compute(ReadOnlySpan<byte> structure, int checksumOffset)
    {
        uint sum = 0;
        for (var i = 0; i < structure.Length; i++)
        {
            if (i < checksumOffset || i >= checksumOffset + 4)
            {
                sum += structure[i];
            }
        }

        return ~sum;
    }
}
