namespace OfflineRepair.Ntfs;

/// <summary>An MFT reference: record number in the low 48 bits, the record's sequence number in the high 16.</summary>
public static class FileReference
{
    public static long RecordOf(ulong reference) => (long)(reference & 0x0000_FFFF_FFFF_FFFFUL);

    public static ushort SequenceOf(ulong reference) => (ushort)(reference >> 48);
}
