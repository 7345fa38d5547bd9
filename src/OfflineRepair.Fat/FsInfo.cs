using System.Buffers.Binary;

namespace OfflineRepair.Fat;

/// <summary>
/// The FAT32 FSInfo sector: hints only (the FAT is the truth), reported so a writer can keep them
/// exact and a checker can notice when they are stale.
/// </summary>
public sealed record FsInfo(long Offset, bool SignaturesValid, uint? FreeClusterCount, uint? NextFreeCluster)
{
    internal static FsInfo Parse(ReadOnlySpan<byte> sector, long offset)
    {
        bool valid = BinaryPrimitives.ReadUInt32LittleEndian(sector[FatLayout.FsInfoLeadSignatureOffset..]) == FatLayout.FsInfoLeadSignature
            && BinaryPrimitives.ReadUInt32LittleEndian(sector[FatLayout.FsInfoStructSignatureOffset..]) == FatLayout.FsInfoStructSignature
            && BinaryPrimitives.ReadUInt32LittleEndian(sector[FatLayout.FsInfoTrailSignatureOffset..]) == FatLayout.FsInfoTrailSignature;
        uint free = BinaryPrimitives.ReadUInt32LittleEndian(sector[FatLayout.FsInfoFreeCountOffset..]);
        uint next = BinaryPrimitives.ReadUInt32LittleEndian(sector[FatLayout.FsInfoNextFreeOffset..]);

        // 0xFFFFFFFF means "not known"; values from a sector with bad signatures are not worth reporting.
        return new FsInfo(
            offset,
            valid,
            valid && free != FatLayout.FsInfoUnknown ? free : null,
            valid && next != FatLayout.FsInfoUnknown ? next : null);
    }
}
