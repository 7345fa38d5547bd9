namespace OfflineRepair.Containers;

/// <summary>A raw image or block device: the file is the disk, and a write goes straight to its offset.</summary>
internal sealed class RawContainer : DiskContainer
{
    private readonly ContainerFile file;

    public RawContainer(ContainerFile file)
    {
        this.file = file;
    }

    public override ContainerKind Kind => ContainerKind.Raw;

    public override long VirtualSize => file.Length;

    public override string Describe() => $"raw image {file.Location}, {VirtualSize} bytes";

    protected override bool IsWritable => file.CanWrite;

    protected override void ReadCore(long offset, Span<byte> buffer) => file.ReadExactly(offset, buffer, "raw disk");

    protected override void WriteCore(long offset, ReadOnlySpan<byte> data) => file.Write(offset, data, "raw disk");

    protected override void FlushCore() => file.Flush();

    protected override void ReleaseFiles() => file.Dispose();
}
