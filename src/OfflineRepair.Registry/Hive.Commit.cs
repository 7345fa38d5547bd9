using OfflineRepair.Registry.Format;

namespace OfflineRepair.Registry;

public sealed partial class Hive
{
    /// <summary>
    /// Writes the changes: base block with primary sequence + 1 (flush), the dirty pages (flush), then
    /// the base block with the secondary sequence equal (flush). Interrupted at any point, the file is
    /// either the old hive or a dirty one that is refused or replayed, never a silently wrong clean hive.
    /// Writes nothing when nothing changed.
    /// </summary>
    public CommitResult Commit()
    {
        EnsureWritable();
        if (!HasUncommittedChanges)
        {
            return CommitResult.Nothing;
        }

        var stream = _stream!;
        var header = _image.BaseBlockBytes;
        uint next = unchecked(Math.Max(BaseBlock.PrimarySequence(header), BaseBlock.SecondarySequence(header)) + 1);
        BaseBlock.SetFileType(header, BaseBlock.FileTypePrimary);
        BaseBlock.SetHiveBinsSize(header, (uint)_image.BinsSize);

        BaseBlock.SetPrimarySequence(header, next);
        BaseBlock.UpdateChecksum(header);
        long bytes = WriteAt(stream, 0, header);
        Flush(stream);

        if (stream.Length < _image.RequiredLength)
        {
            stream.SetLength(_image.RequiredLength);
        }

        var pages = _image.DirtyPages.Where(p => p > 0).Order().ToList();
        var file = _image.FileBytes;
        const int pageSize = HiveBinHeader.PageSize;
        for (int i = 0; i < pages.Count;)
        {
            int run = 1;
            while (i + run < pages.Count && pages[i + run] == pages[i] + run)
            {
                run++;
            }

            int start = pages[i] * pageSize;
            int length = Math.Min(run * pageSize, file.Length - start);
            if (length > 0)
            {
                bytes += WriteAt(stream, start, file.Slice(start, length));
            }

            i += run;
        }

        Flush(stream);

        BaseBlock.SetSecondarySequence(header, next);
        BaseBlock.UpdateChecksum(header);
        bytes += WriteAt(stream, 0, header);
        Flush(stream);

        _image.ClearDirtyPages();
        return new CommitResult(pages.Count + 1, bytes, next);
    }

    private static long WriteAt(Stream stream, long offset, ReadOnlySpan<byte> data)
    {
        stream.Position = offset;
        stream.Write(data);
        return data.Length;
    }

    private static void Flush(Stream stream)
    {
        if (stream is FileStream file)
        {
            file.Flush(flushToDisk: true);
        }
        else
        {
            stream.Flush();
        }
    }
}
