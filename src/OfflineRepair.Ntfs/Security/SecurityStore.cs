using OfflineRepair.Ntfs.ViewIndexes;
using C = OfflineRepair.Ntfs.NtfsLayout.Collation;
using S = OfflineRepair.Ntfs.NtfsLayout.Secure;

namespace OfflineRepair.Ntfs.Security;

/// <summary>
/// The volume's shared security descriptors ($Secure, file 9): <c>$SDS</c> holds them, <c>$SII</c> finds one by
/// security id, <c>$SDH</c> by hash. Files name theirs by id in $STANDARD_INFORMATION. A store is read fresh from
/// the disk for each request and used for that one request.
/// <para>
/// Adding follows Windows and ntfs-3g: an identical descriptor already stored is reused (same hash in $SDH, same
/// bytes in $SDS), so nothing in $Secure changes; otherwise the next id (one more than the highest in $SII, 0x100
/// for the first) gets an entry appended to $SDS, then a $SII entry, then a $SDH entry. Written in that order, a
/// crash leaves at worst an entry that nothing uses yet, which chkdsk tidies away.
/// </para>
/// </summary>
internal sealed class SecurityStore
{
    private readonly NtfsVolume volume;
    private readonly SecurityDescriptorStream stream;
    private readonly ViewIndex ids;
    private readonly ViewIndex hashes;

    private SecurityStore(NtfsVolume volume, NtfsFile secure)
    {
        this.volume = volume;
        stream = new SecurityDescriptorStream(volume, secure);
        ids = new ViewIndex(volume, secure, S.IdIndex, C.NtofsUlong);
        hashes = new ViewIndex(volume, secure, S.HashIndex, C.NtofsSecurityHash);
    }

    /// <summary>Reads $Secure as it is on disk now.</summary>
    public static SecurityStore Open(NtfsVolume volume)
    {
        var secure = volume.OpenFile(NtfsLayout.SystemFiles.Secure);
        if (!secure.HasAttribute(AttributeType.Data, S.DescriptorStream) || !secure.HasAttribute(AttributeType.IndexRoot, S.IdIndex))
        {
            throw new NtfsFormatException("$Secure", $"record {NtfsLayout.SystemFiles.Secure}", "has no $SDS stream or $SII index (not an NTFS 3.x $Secure)");
        }

        return new SecurityStore(volume, secure);
    }

    /// <summary>The descriptor stored under <paramref name="securityId"/>; a format error when $SII does not know it.</summary>
    public byte[] Read(uint securityId, long forRecord)
    {
        var entry = ids.Find(SecurityEntry.SiiKey(securityId))
            ?? throw new NtfsFormatException("$Secure", $"record {forRecord}", $"the file's security id 0x{securityId:X} is not in $SII");
        var found = SecurityEntry.FromIndexEntry(entry, $"$SII entry 0x{securityId:X}");
        if (found.SecurityId != securityId)
        {
            throw new NtfsFormatException("$SII entry", $"security id 0x{securityId:X}", $"its data names security id 0x{found.SecurityId:X}");
        }

        return stream.ReadDescriptor(found);
    }

    /// <summary>The id of a stored descriptor identical to <paramref name="descriptor"/>, or null.</summary>
    public uint? FindIdentical(ReadOnlySpan<byte> descriptor, uint hash)
    {
        var candidates = hashes.Range(SecurityEntry.SdhKey(hash, 0), SecurityEntry.SdhKey(hash, uint.MaxValue));
        foreach (var candidate in candidates)
        {
            var entry = SecurityEntry.FromIndexEntry(candidate, $"$SDH entry for hash 0x{hash:X8}");
            if (entry.DescriptorLength != descriptor.Length)
            {
                continue;
            }

            // $SII is the authority for where an id's descriptor lies; $SDH's copy of it only led us here.
            var stored = Read(entry.SecurityId, NtfsLayout.SystemFiles.Secure);
            if (stored.AsSpan().SequenceEqual(descriptor))
            {
                return entry.SecurityId;
            }
        }

        return null;
    }

    /// <summary>Every entry of $SII, in id order.</summary>
    public List<SecurityEntry> Entries() => [.. ids.Range(null, null).Select(e => SecurityEntry.FromIndexEntry(e, "$SII"))];

    /// <summary>Plans storing a new descriptor under a new id and returns the id. Nothing is written until the plan runs.</summary>
    public uint PlanAdd(ReadOnlySpan<byte> descriptor, uint hash, WritePlan plan)
    {
        var known = Entries();
        foreach (var outside in known.Where(e => e.Offset < 0 || e.Length < S.EntryHeaderSize || e.Offset > stream.DataSize - e.Length))
        {
            throw new NtfsFormatException("$SII entry", $"security id 0x{outside.SecurityId:X}",
                $"says its descriptor lies at 0x{outside.Offset:X} ({outside.Length} bytes), outside $SDS ({stream.DataSize} bytes)");
        }

        var highest = known.Count == 0 ? 0 : known.Max(e => e.SecurityId);
        if (highest == uint.MaxValue)
        {
            throw new NtfsWriteRefusedException("$Secure has used every security id; nothing was written");
        }

        var id = Math.Max(S.FirstSecurityId, highest + 1);
        var length = (uint)(S.EntryHeaderSize + descriptor.Length);
        var entry = new SecurityEntry(hash, id, stream.NextOffset(known, (int)length), length);

        var batch = new MftRecordBatch(volume);
        stream.PlanAppend(entry, descriptor, batch, plan);
        ids.Insert(entry.ToSiiEntry(), batch, plan);
        ids.Stage();
        hashes.Insert(entry.ToSdhEntry(), batch, plan);
        hashes.Stage();
        return id;
    }
}
