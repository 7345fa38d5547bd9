namespace OfflineRepair.Containers;

/// <summary>A raw image or block device: the file is the disk.</summary>
internal sealed class RawContainer : DiskContainer
{
    private readonly FileReader file;

    public RawContainer(FileReader file)
    {
        this.file = file;
    }

    public override ContainerKind Kind => ContainerKind.Raw;

    public override long VirtualSize => file.Length;

    public override string Describe() => $"raw image {file.Location}, {VirtualSize} bytes";

    protected override void ReadCore(long offset, Span<byte> buffer) => file.ReadExactly(offset, buffer, "raw disk");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }
}
