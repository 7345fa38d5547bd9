namespace OfflineRepair.Partitions;

/// <summary>Reads whole structures at absolute disk offsets; a structure the disk is too short for is a format error.</summary>
internal static class DiskReader
{
    public static void ReadAt(Stream disk, long offset, Span<byte> buffer, string structure)
    {
        var diskLength = disk.Length;
        if (offset < 0 || offset > diskLength || buffer.Length > diskLength - offset)
        {
            throw new PartitionTableException(structure, offset, $"{buffer.Length} bytes needed but the disk is only {diskLength} bytes long");
        }

        disk.Position = offset;
        int total = 0;
        while (total < buffer.Length)
        {
            var read = disk.Read(buffer[total..]);
            if (read == 0)
            {
                throw new PartitionTableException(structure, offset, $"the disk ended after {total} of {buffer.Length} bytes");
            }

            total += read;
        }
    }
}
