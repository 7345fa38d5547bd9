using System.Buffers.Binary;
using G = OfflineRepair.Ntfs.NtfsLayout.LogFile;

namespace OfflineRepair.Ntfs;

/// <summary>What $LogFile's restart area says about the last shutdown.</summary>
public sealed record LogFileState(bool IsClean, int MajorVersion, int MinorVersion, string Detail);

/// <summary>
/// The $LogFile (file 2) restart pages ("RSTR", two copies: at 0 and at the system page size). Our rule, the
/// same as ntfs-3g's <c>ntfs_is_logfile_clean</c>: a log that is all 0xFF (emptied) is clean; otherwise take
/// the valid restart page with the higher current LSN and call it clean when no log client is in use
/// (client_in_use_list = 0xFFFF) or the restart area's RESTART_VOLUME_IS_CLEAN flag (0x0002) is set. A log
/// without a valid restart page, or with a "CHKD" page, is not clean.
/// </summary>
public static class LogFile
{
    private const int MaxPageSize = 64 * 1024;

    internal static LogFileState Read(Stream log)
    {
        var head = new byte[(int)Math.Min(log.Length, 2 * MaxPageSize)];
        log.Position = 0;
        log.ReadExactly(head);
        return Inspect(head);
    }

    /// <summary>Judges the first pages of a $LogFile.</summary>
    public static LogFileState Inspect(ReadOnlySpan<byte> head)
    {
        var probe = head[..Math.Min(head.Length, 4096)];
        if (probe.Length == 0)
        {
            return new LogFileState(false, 0, 0, "$LogFile is empty");
        }

        if (probe.IndexOfAnyExcept((byte)0xFF) < 0)
        {
            return new LogFileState(true, 0, 0, "$LogFile is emptied (all 0xFF)");
        }

        Page? best = null;
        var pageSize = head.Length >= 4 + G.SystemPageSize ? (int)BinaryPrimitives.ReadUInt32LittleEndian(head[G.SystemPageSize..]) : 0;
        if (pageSize < 512 || pageSize > MaxPageSize || (pageSize & (pageSize - 1)) != 0)
        {
            pageSize = 4096;
        }

        string? checkDisk = null;
        foreach (var at in new[] { 0, pageSize })
        {
            if (at + pageSize > head.Length)
            {
                continue;
            }

            var page = head.Slice(at, pageSize).ToArray();
            var magic = BinaryPrimitives.ReadUInt32LittleEndian(page);
            if (magic == G.CheckDiskMagic)
            {
                checkDisk = "a restart page is marked \"CHKD\" (chkdsk found it damaged)";
                continue;
            }

            if (magic != G.RestartMagic || UpdateSequence.TryApply(page) is not null)
            {
                continue;
            }

            int areaOffset = BinaryPrimitives.ReadUInt16LittleEndian(page.AsSpan(G.RestartAreaOffset));
            if (areaOffset % 8 != 0 || areaOffset + G.AreaFlags + 2 > page.Length)
            {
                continue;
            }

            var area = page.AsSpan(areaOffset);
            var candidate = new Page(
                BinaryPrimitives.ReadUInt64LittleEndian(area[G.AreaCurrentLsn..]),
                BinaryPrimitives.ReadUInt16LittleEndian(area[G.AreaClientInUseList..]),
                BinaryPrimitives.ReadUInt16LittleEndian(area[G.AreaFlags..]),
                BinaryPrimitives.ReadInt16LittleEndian(page.AsSpan(G.MajorVersion)),
                BinaryPrimitives.ReadInt16LittleEndian(page.AsSpan(G.MinorVersion)));
            if (best is null || candidate.CurrentLsn > best.CurrentLsn)
            {
                best = candidate;
            }
        }

        if (best is null)
        {
            return new LogFileState(false, 0, 0, checkDisk ?? "no valid restart page");
        }

        var clean = best.ClientInUse == G.NoClient || (best.Flags & G.FlagVolumeIsClean) != 0;
        var detail = clean
            ? $"restart area clean (in-use client list 0x{best.ClientInUse:X4}, flags 0x{best.Flags:X4})"
            : $"restart area has a client in use (0x{best.ClientInUse:X4}) and no clean flag (flags 0x{best.Flags:X4}): Windows did not shut down cleanly";
        return new LogFileState(clean, best.Major, best.Minor, detail);
    }

    private sealed record Page(ulong CurrentLsn, ushort ClientInUse, ushort Flags, short Major, short Minor);
}
