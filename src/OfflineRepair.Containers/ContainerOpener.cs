using OfflineRepair.Containers.Vhd;
using OfflineRepair.Containers.Vhdx;

namespace OfflineRepair.Containers;

/// <summary>
/// Opens a disk image or block device, read-only or for writing, and recognises its format from
/// its content: "vhdxfile" at offset 0 is VHDX, a "conectix" footer at the end (or its copy at
/// offset 0) is VHD, anything else is raw. A differencing VHD's parents are always opened
/// read-only: writes go to the child.
/// </summary>
public static class ContainerOpener
{
    /// <summary>How many differencing parents deep a chain may go before we call it a loop or an attack.</summary>
    public const int MaxParentDepth = 32;

    /// <summary>Opens a file or a block device (/dev/sdX, \\.\PhysicalDriveN) read-only.</summary>
    public static DiskContainer Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Open(path, new ParentChain(), writable: false);
    }

    /// <summary>
    /// Opens a file or a block device for reading and writing. Throws
    /// <see cref="ContainerWriteRefusedException"/> for an image this tool will not write at all
    /// (a VHDX with a pending log); writes it declines later are refused one by one.
    /// </summary>
    public static DiskContainer OpenForWriting(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Open(path, new ParentChain(), writable: true);
    }

    /// <summary>
    /// Opens an already open stream (readable, seekable, and writable when writable is true).
    /// location is used in messages and, for differencing images, as the child's path against
    /// which relative parent paths are resolved.
    /// </summary>
    public static DiskContainer Open(Stream stream, string location, bool leaveOpen = false, bool writable = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var chain = new ParentChain();
        chain.Enter(Path.GetFullPath(location));
        return Open(new ContainerFile(stream, location, leaveOpen, writable), chain);
    }

    private static DiskContainer Open(string path, ParentChain chain, bool writable)
    {
        var full = Path.GetFullPath(path);
        chain.Enter(full);
        // A device is in use by the OS (and on Windows could not be opened otherwise): others may
        // keep it open, for writing too; that is their risk, not a corruption we cause. An image
        // file we write may be read by others but not written while we hold it. No buffering:
        // reads and writes go straight to the offsets asked for, so nothing sits in a buffer
        // between a write and the flush that is meant to make it durable.
        var share = IsDevice(full) ? FileShare.ReadWrite : FileShare.Read;
        var access = writable ? FileAccess.ReadWrite : FileAccess.Read;
        var stream = new FileStream(full, FileMode.Open, access, share, bufferSize: 0);
        try
        {
            return Open(new ContainerFile(stream, full, leaveOpen: false, writable), chain);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static bool IsDevice(string path) =>
        path.StartsWith("/dev/", StringComparison.Ordinal) || path.StartsWith(@"\\.\", StringComparison.Ordinal);

    private static DiskContainer Open(ContainerFile file, ParentChain chain)
    {
        Span<byte> head = stackalloc byte[VhdLayout.FooterSize];
        var headLength = (int)Math.Min(head.Length, file.Length);
        file.ReadExactly(0, head[..headLength], "file start");
        head = head[..headLength];

        if (head.Length >= 8 && head[..8].SequenceEqual(VhdxLayout.FileIdentifierSignature))
        {
            return VhdxContainer.Open(file);
        }

        if (file.Length >= VhdLayout.FooterSize)
        {
            var footerOffset = file.Length - VhdLayout.FooterSize;
            var tail = file.ReadBytes(footerOffset, VhdLayout.FooterSize, "VHD footer");
            if (VhdFooter.HasCookie(tail))
            {
                return OpenVhd(file, VhdFooter.Parse(tail, footerOffset), footerOffset, chain);
            }
        }

        if (VhdFooter.HasCookie(head))
        {
            // No footer at the end but its copy at 0: a dynamic VHD cut short (or whose footer was
            // damaged). The copy describes the same disk; any missing data is reported when reached.
            return OpenVhd(file, VhdFooter.Parse(head, 0), footerOffset: -1, chain);
        }

        return new RawContainer(file);
    }

    private static DiskContainer OpenVhd(ContainerFile file, VhdFooter footer, long footerOffset, ParentChain chain)
    {
        if (footer.DiskType == VhdLayout.DiskTypeFixed)
        {
            if (footerOffset < 0)
            {
                throw new ContainerFormatException("VHD footer", 0, "a fixed VHD's footer must be at the end of the file");
            }

            return new VhdFixedContainer(file, footer, footerOffset);
        }

        if (footer.DataOffset > (ulong)Math.Max(0, file.Length - VhdLayout.DynamicHeaderSize))
        {
            throw new ContainerFormatException("VHD footer", Math.Max(footerOffset, 0) + VhdLayout.FooterDataOffsetOffset, $"dynamic header offset 0x{footer.DataOffset:X} is past the end of the file ({file.Length} bytes)");
        }

        var headerOffset = (long)footer.DataOffset;
        var header = VhdDynamicHeader.Parse(file.ReadBytes(headerOffset, VhdLayout.DynamicHeaderSize, "VHD dynamic header"), headerOffset);
        DiskContainer? parent = null;
        if (footer.DiskType == VhdLayout.DiskTypeDifferencing)
        {
            parent = OpenVhdParent(file, header, headerOffset, chain);
        }

        try
        {
            return new VhdDynamicContainer(file, footer, footerOffset, header, parent);
        }
        catch
        {
            parent?.Dispose();
            throw;
        }
    }

    private static DiskContainer OpenVhdParent(ContainerFile file, VhdDynamicHeader header, long headerOffset, ParentChain chain)
    {
        var candidates = new List<string>();
        foreach (var locator in header.ParentLocators.Where(l => l.PlatformCode == VhdLayout.PlatformRelativeWindows))
        {
            candidates.Add(ParentPaths.Relative(file.Location, locator.ReadPath(file)));
        }

        foreach (var locator in header.ParentLocators.Where(l => l.PlatformCode == VhdLayout.PlatformAbsoluteWindows))
        {
            candidates.Add(ParentPaths.Absolute(locator.ReadPath(file)));
        }

        var parentName = header.ParentName.Length > 0
            ? ParentPaths.FileName(header.ParentName)
            : candidates.Select(ParentPaths.FileName).FirstOrDefault() ?? "";
        var found = ParentPaths.FirstExisting(candidates);
        if (found is null)
        {
            throw new ParentNotFoundException("VHD parent locator", headerOffset + VhdLayout.DynamicParentLocatorsOffset, parentName, candidates);
        }

        // Read-only whatever the child: a parent may be shared by other children, and writes to a
        // differencing disk belong in the child.
        var parent = Open(found, chain.Child(), writable: false);
        if (parent is not (VhdFixedContainer or VhdDynamicContainer))
        {
            parent.Dispose();
            throw new ContainerFormatException("VHD parent", 0, $"parent {found} is a {parent.Kind} image, not a VHD");
        }

        var parentId = parent is VhdFixedContainer fixedParent ? fixedParent.UniqueId : ((VhdDynamicContainer)parent).UniqueId;
        if (parentId != header.ParentUniqueId)
        {
            parent.Dispose();
            throw new ContainerFormatException("VHD dynamic header", headerOffset + VhdLayout.DynamicParentUniqueIdOffset, $"parent {found} has unique id {parentId} but the child expects {header.ParentUniqueId} (the parent was replaced or modified)");
        }

        return parent;
    }
}
