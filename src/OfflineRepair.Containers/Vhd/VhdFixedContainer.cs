namespace OfflineRepair.Containers.Vhd;

/// <summary>
/// A fixed VHD: the disk's bytes are the file's bytes, followed by the footer. Writes go in place;
/// the footer, past the virtual size, is never reached.
/// </summary>
internal sealed class VhdFixedContainer : DiskContainer
{
    private readonly ContainerFile file;
    private readonly VhdFooter footer;

    public VhdFixedContainer(ContainerFile file, VhdFooter footer, long footerOffset)
    {
        if (footer.CurrentSize > footerOffset)
        {
            throw new ContainerFormatException("VHD footer", footerOffset + VhdLayout.FooterCurrentSizeOffset, $"current size {footer.CurrentSize} is larger than the {footerOffset} data bytes before the footer (truncated file?)");
        }

        this.file = file;
        this.footer = footer;
    }

    public override ContainerKind Kind => ContainerKind.VhdFixed;

    public override long VirtualSize => footer.CurrentSize;

    /// <summary>The footer's unique id, which a differencing child records for its parent.</summary>
    internal Guid UniqueId => footer.UniqueId;

    public override string Describe() =>
        $"fixed VHD {file.Location}, virtual size {VirtualSize} bytes, creator \"{footer.CreatorApplication.TrimEnd()}\", id {footer.UniqueId}";

    protected override bool IsWritable => file.CanWrite;

    // Straight to the offset: a 127 GiB sparse image costs only the bytes asked for.
    protected override void ReadCore(long offset, Span<byte> buffer) => file.ReadExactly(offset, buffer, "fixed VHD data");

    protected override void WriteCore(long offset, ReadOnlySpan<byte> data) => file.Write(offset, data, "fixed VHD data");

    protected override void FlushCore() => file.Flush();

    protected override void ReleaseFiles() => file.Dispose();
}
