using System.Buffers.Binary;

namespace OfflineRepair.Ntfs;

/// <summary>
/// The checks made before a volume is opened for writing. Each one guards against Windows later undoing or
/// tripping over our changes: a dirty volume gets chkdsk at boot, an unclean $LogFile is replayed over our
/// writes, a hibernated (Fast Startup) Windows resumes with its cached view of the metadata, a log of version
/// 2.0 means Windows 8+ kept metadata cached, and a mirror that differs from $MFT means damage already. Every
/// refusal says what to do; nothing has been written when one is thrown.
/// </summary>
internal static class WritePreflight
{
    public static void Check(NtfsVolume volume, MftRecordWriter records)
    {
        var state = volume.GetState();
        if (state.MajorVersion != 3)
        {
            throw new NtfsWriteRefusedException(
                $"the volume is NTFS version {state.MajorVersion}.{state.MinorVersion}; only version 3.x (Windows 2000 and later) is written");
        }

        if (state.IsDirty)
        {
            throw new NtfsWriteRefusedException(
                "the volume is marked dirty: run `chkdsk /f` on it from the recovery VM (or boot Windows once), then try again");
        }

        if (state.IsHibernated)
        {
            throw new NtfsWriteRefusedException(
                "Windows on this volume is hibernated (hiberfil.sys holds a saved session, e.g. from Fast Startup), and would resume over any change: start Windows and shut it down fully (not Fast Startup), or delete hiberfil.sys, then try again");
        }

        if (!state.LogFile.IsClean)
        {
            throw new NtfsWriteRefusedException(
                $"$LogFile holds changes Windows has not finished ({state.LogFile.Detail}), and Windows would replay them over any change: boot Windows once and shut it down cleanly, or run `chkdsk /f` on it from the recovery VM, then try again");
        }

        if (state.LogFile.MajorVersion == 2 && state.LogFile.MinorVersion == 0)
        {
            throw new NtfsWriteRefusedException(
                "$LogFile is version 2.0, which Windows 8 and later leave after Fast Startup, hibernation or a crash (metadata may still be cached): start Windows and shut it down fully (`shutdown /s /t 0`, not Fast Startup), or run `chkdsk /f` on it from the recovery VM, then try again");
        }

        CheckMirror(records);
    }

    /// <summary>$MFTMirr must hold the same bytes as $MFT over each mirrored record's used part. Only the first four
    /// are compared: Windows 10 keeps no more than those current, even where the mirror holds a whole cluster.</summary>
    private static void CheckMirror(MftRecordWriter records)
    {
        var count = Math.Min(NtfsLayout.Boot.MinimumMirroredRecords, records.MirroredRecords);
        if (count < NtfsLayout.Boot.MinimumMirroredRecords)
        {
            throw Mismatch($"$MFTMirr holds only {count} records");
        }

        for (var record = 0; record < count; record++)
        {
            var main = records.ReadOnDisk(record, mirror: false);
            var mirror = records.ReadOnDisk(record, mirror: true);
            var used = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(main.AsSpan(NtfsLayout.FileRecord.BytesInUse)), (uint)main.Length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(mirror) != NtfsLayout.FileRecord.Magic
                || !main.AsSpan(0, used).SequenceEqual(mirror.AsSpan(0, used)))
            {
                throw Mismatch($"record {record} differs between $MFT and $MFTMirr");
            }
        }
    }

    private static NtfsWriteRefusedException Mismatch(string what) =>
        new($"$MFTMirr does not match $MFT ({what}): the volume's metadata is damaged; run `chkdsk /f` on it from the recovery VM, then try again");
}
