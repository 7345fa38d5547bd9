using L = OfflineRepair.Ntfs.NtfsLayout;

namespace OfflineRepair.Ntfs;

/// <summary>
/// Writing: a volume opened with <see cref="OpenForWriting"/> lets existing files be rewritten in place
/// (<see cref="NtfsFile.OpenWrite"/>). It is opened only when nothing says Windows left work behind (see
/// <see cref="WritePreflight"/>), and the writer, like ntfs-3g, leaves $LogFile and the dirty flag alone.
/// </summary>
public sealed partial class NtfsVolume
{
    private readonly HashSet<long> filesOpenForWriting = [];
    private MftRecordWriter? records;
    private ClusterAllocator? clusters;
    private TimeProvider clock = TimeProvider.System;

    /// <summary>True when the volume was opened with <see cref="OpenForWriting"/>.</summary>
    public bool CanWrite => records is not null;

    /// <summary>
    /// Opens a volume for rewriting existing files. <paramref name="volume"/> must be readable, writable and
    /// seekable. Before anything is written, refuses with <see cref="NtfsWriteRefusedException"/> a volume that is
    /// BitLocker-encrypted, marked dirty, hibernated (Fast Startup), whose $LogFile is not clean or is version 2.0,
    /// or whose $MFTMirr does not match $MFT. <paramref name="clock"/> gives the times written into the changed
    /// files (default: the system clock). When the open fails and <paramref name="leaveOpen"/> is false, the
    /// stream is disposed.
    /// </summary>
    public static NtfsVolume OpenForWriting(Stream volume, TimeProvider? clock = null, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(volume);
        NtfsVolume? result = null;
        try
        {
            if (!volume.CanRead || !volume.CanWrite || !volume.CanSeek)
            {
                throw new ArgumentException("the volume stream must be readable, writable and seekable", nameof(volume));
            }

            if (Identify(volume) == VolumeKind.BitLocker)
            {
                throw new NtfsWriteRefusedException(
                    "the volume is BitLocker-encrypted: unlock it on the recovery VM (manage-bde -unlock, or Azure Disk Encryption's unlock steps) and work on the unlocked volume");
            }

            result = Open(volume, leaveOpen);
            var mft = result.OpenFile(L.SystemFiles.Mft).JoinedRuns(AttributeType.Data, "");
            var mirrorFile = result.OpenFile(L.SystemFiles.MftMirror);
            var mirror = mirrorFile.JoinedRuns(AttributeType.Data, "");
            var writer = new MftRecordWriter(result, mft, mirror, MirroredRecords(result.BootSector, mirrorFile.Length, result.MftRecordCount));
            WritePreflight.Check(result, writer);
            result.clock = clock ?? TimeProvider.System;
            result.records = writer;
            return result;
        }
        catch
        {
            if (result is not null)
            {
                result.Dispose();
            }
            else if (!leaveOpen)
            {
                volume.Dispose();
            }

            throw;
        }
    }

    /// <summary>The unnamed $DATA of the file at <paramref name="path"/>, opened for writing (see <see cref="NtfsFile.OpenWrite"/>).</summary>
    public Stream OpenWrite(string path) => OpenPath(path).OpenWrite();

    /// <summary>Writes what the stream buffers to the medium.</summary>
    public void Flush()
    {
        lock (gate)
        {
            stream.Flush();
        }
    }

    internal TimeProvider Clock => clock;

    internal MftRecordWriter Records => records ?? throw ReadOnly();

    /// <summary>The cluster bitmap, loaded on the first allocation or release.</summary>
    internal ClusterAllocator Clusters => clusters ??= CanWrite ? new ClusterAllocator(this) : throw ReadOnly();

    internal void WriteAt(long offset, ReadOnlySpan<byte> buffer)
    {
        lock (gate)
        {
            if (records is null)
            {
                throw ReadOnly();
            }

            // A write past the end of the stream would grow the image instead of changing the volume: refuse it.
            if (offset < 0 || offset > stream.Length - buffer.Length)
            {
                throw new NtfsFormatException("volume", $"offset {offset}", $"a write of {buffer.Length} bytes runs past the end of the volume ({stream.Length} bytes): truncated image?");
            }

            stream.Position = offset;
            stream.Write(buffer);
        }
    }

    /// <summary>Claims a file for one writer at a time: two writers would each rebuild the record from their own view.</summary>
    internal void ClaimForWriting(long recordNumber, string name)
    {
        lock (filesOpenForWriting)
        {
            if (!filesOpenForWriting.Add(recordNumber))
            {
                throw new IOException($"\"{name}\" (record {recordNumber}) is already open for writing on this volume");
            }
        }
    }

    internal void ReleaseForWriting(long recordNumber)
    {
        lock (filesOpenForWriting)
        {
            filesOpenForWriting.Remove(recordNumber);
        }
    }

    /// <summary>Records from 0 that $MFTMirr holds: four, or one cluster's worth when a cluster holds more than four
    /// (ntfs-3g's rule), never more than the mirror's data or the MFT has.</summary>
    private static int MirroredRecords(NtfsBootSector boot, long mirrorLength, long mftRecords)
    {
        var byRule = boot.ClusterSize <= L.Boot.MinimumMirroredRecords * boot.MftRecordSize
            ? L.Boot.MinimumMirroredRecords
            : boot.ClusterSize / boot.MftRecordSize;
        return (int)Math.Min(Math.Min(byRule, mirrorLength / boot.MftRecordSize), mftRecords);
    }

    private static InvalidOperationException ReadOnly() =>
        new("the NTFS volume was opened read-only: open it with NtfsVolume.OpenForWriting to write");
}
