using System.Buffers.Binary;
using System.Text;

namespace OfflineRepair.Containers.Vhd;

/// <summary>One of the eight parent locator entries of a differencing VHD's dynamic header.</summary>
internal sealed record VhdParentLocator(string PlatformCode, int DataLength, long DataOffset, long EntryOffset)
{
    public static VhdParentLocator Parse(ReadOnlySpan<byte> entry, long entryOffset)
    {
        var code = Encoding.ASCII.GetString(entry[..4]);
        var length = BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
        var offset = BinaryPrimitives.ReadUInt64BigEndian(entry[16..]);
        return new VhdParentLocator(code, (int)Math.Min(length, int.MaxValue), (long)Math.Min(offset, long.MaxValue), entryOffset);
    }

    /// <summary>Whether this entry is one of the Windows UTF-16LE path locators we follow.</summary>
    public bool IsWindowsPath =>
        PlatformCode is VhdLayout.PlatformRelativeWindows or VhdLayout.PlatformAbsoluteWindows;

    /// <summary>Reads the path this locator stores (UTF-16LE, trailing NULs dropped).</summary>
    public string ReadPath(ContainerFile file)
    {
        if (DataLength <= 0 || DataLength > VhdLayout.MaxLocatorBytes)
        {
            throw new ContainerFormatException("VHD parent locator", EntryOffset, $"platform data length {DataLength} is not between 1 and {VhdLayout.MaxLocatorBytes}");
        }

        var bytes = file.ReadBytes(DataOffset, DataLength & ~1, $"VHD parent locator {PlatformCode} data");
        return Encoding.Unicode.GetString(bytes).TrimEnd('\0');
    }
}
