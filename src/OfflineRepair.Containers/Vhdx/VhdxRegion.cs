namespace OfflineRepair.Containers.Vhdx;

/// <summary>A region of the file named by the region table (the BAT or the metadata).</summary>
internal sealed record VhdxRegion(Guid Id, long FileOffset, uint Length);
