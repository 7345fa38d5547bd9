using OfflineRepair.Security.Tests.Support;

namespace OfflineRepair.Security.Tests;

/// <summary>
/// Every security descriptor Windows wrote into the NTFS volumes of ../shared/corpus ($Secure:$SDS,
/// read with our NTFS reader): the codec, the layout and the SDDL writer against real Windows data.
/// </summary>
public sealed class CorpusTests
{
    // What Windows prints for the DACL it gives the root of a freshly formatted data volume: the same
    // string appears in Windows tools' output across the web (e.g. Get-Acl of a drive root). The corpus
    // volumes hold this very DACL, so it checks our rights words and flag order against Windows' own.
    private const string WindowsRootDacl =
        "D:(A;;FA;;;BA)(A;OICIIO;GA;;;BA)(A;;FA;;;SY)(A;OICIIO;GA;;;SY)(A;;0x1301bf;;;AU)(A;OICIIO;SDGXGWGR;;;AU)(A;;0x1200a9;;;BU)(A;OICIIO;GXGR;;;BU)";

    public static TheoryData<string> Volumes => [.. CorpusVolumes.Files];

    [Theory]
    [MemberData(nameof(Volumes))]
    public void Every_descriptor_round_trips_through_bytes_and_sddl(string corpusFile)
    {
        CorpusVolumes.With(corpusFile, volume =>
        {
            var sds = CorpusVolumes.ReadSds(volume);
            var entries = SdsEntries.Read(sds);
            Assert.NotEmpty(entries);

            // None missed: Windows numbers descriptors from 0x100 up and never deletes one, and the stream
            // ends with the mirror copy of the last one written (research/ntfs_vhd.md §2.1).
            Assert.Equal(Enumerable.Range(0x100, entries.Count).Select(i => (uint)i), entries.Select(e => e.SecurityId).Order());
            var last = entries.MaxBy(e => e.Offset)!;
            Assert.Equal(sds.Length, last.Offset + 0x40000 + 20 + last.Descriptor.Length);
            var padded = 0;
            foreach (var entry in entries)
            {
                var where = $"{corpusFile} security id 0x{entry.SecurityId:X}";

                // The hash NTFS stored proves these are the descriptor's bytes, no more, no less.
                Assert.True(entry.Hash == SecurityDescriptorHash.Compute(entry.Descriptor), $"{where}: hash");
                padded += CheckDescriptor(entry.Descriptor, where);
            }

            TestContext.Current.SendDiagnosticMessage($"{corpusFile}: {entries.Count} descriptors in $SDS, {padded} holding what SDDL cannot carry");
        });
    }

    [Theory]
    [MemberData(nameof(Volumes))]
    public void Every_security_descriptor_attribute_round_trips(string corpusFile)
    {
        // Windows' format leaves a few system files (the root among them) with the old per-file
        // $SECURITY_DESCRIPTOR attribute: more Windows-written descriptors, outside $Secure.
        CorpusVolumes.With(corpusFile, volume =>
        {
            var found = 0;
            for (long r = 0; r < Math.Min(volume.MftRecordCount, 64); r++)
            {
                Ntfs.MftRecord record;
                try
                {
                    record = volume.ReadRecord(r);
                }
                catch (Ntfs.NtfsFormatException)
                {
                    continue; // records 16-23 are reserved and left zeroed by format
                }

                foreach (var attribute in record.Attributes.Where(a => a.Type == Ntfs.AttributeType.SecurityDescriptor && a.IsResident))
                {
                    CheckDescriptor(attribute.Value.ToArray(), $"{corpusFile} record {r} $SECURITY_DESCRIPTOR");
                    found++;
                }
            }

            TestContext.Current.SendDiagnosticMessage($"{corpusFile}: {found} $SECURITY_DESCRIPTOR attributes");
            Assert.InRange(found, 1, 64);
        });
    }

    [Theory]
    [InlineData("dissect.ntfs/ntfs.bin.gz")]
    [InlineData("ntfs-samples/ntfs.tgz")]
    public void Root_directory_dacl_prints_as_windows_prints_it(string corpusFile)
    {
        CorpusVolumes.With(corpusFile, volume =>
        {
            var rootDirectory = volume.RootDirectory;
            var attribute = rootDirectory.Attributes.FirstOrDefault(a => a.Type == Ntfs.AttributeType.SecurityDescriptor);
            byte[] bytes;
            if (attribute is not null)
            {
                bytes = attribute.Value.ToArray();
            }
            else
            {
                var rootId = rootDirectory.StandardInformation!.SecurityId!.Value;
                bytes = SdsEntries.Read(CorpusVolumes.ReadSds(volume)).Single(e => e.SecurityId == rootId).Descriptor;
            }

            var root = SecurityDescriptor.Parse(bytes);
            var sddl = root.ToSddl();
            TestContext.Current.SendDiagnosticMessage($"{corpusFile} root: {sddl}");
            Assert.EndsWith(WindowsRootDacl, sddl, StringComparison.Ordinal);
            Assert.True(Icacls.IsCanonical(root.Dacl!));
            Assert.Equal("M", IcaclsRights.Format(root.Dacl!.Entries.Single(e => e.Sid == WellKnownSids.AuthenticatedUsers && e.Flags == AceFlags.None).Mask));
            Assert.Equal("RX", IcaclsRights.Format(root.Dacl!.Entries.Single(e => e.Sid == WellKnownSids.Users && e.Flags == AceFlags.None).Mask));
        });
    }

    // Checks one Windows-made descriptor; returns 1 when SDDL cannot carry all of it, else 0.
    private static int CheckDescriptor(byte[] bytes, string where)
    {
        var descriptor = SecurityDescriptor.Parse(bytes);
        Assert.True(bytes.AsSpan().SequenceEqual(descriptor.ToBytes()), $"{where}: Parse → ToBytes differs");

        // Windows' layout is what our writer produces from scratch: every corpus descriptor is in it.
        Assert.True(descriptor.HasWindowsLayout, $"{where}: not in Windows' layout");

        // SDDL has no way to say that an ACL's size field covers more than its ACEs; Windows leaves such
        // padding behind (one corpus DACL declares 8 bytes more than its ACEs use). See SddlExpectation.
        var expected = SddlExpectation.Of(descriptor);
        var sddl = descriptor.ToSddl();
        var reparsed = SecurityDescriptor.ParseSddl(sddl);
        Assert.Equal(expected, reparsed);
        Assert.True(expected.ToBytes().AsSpan().SequenceEqual(reparsed.ToBytes()), $"{where}: ParseSddl({sddl}) → ToBytes differs");
        Assert.Equal(sddl, reparsed.ToSddl());
        return expected.ToBytes().AsSpan().SequenceEqual(bytes) ? 0 : 1;
    }

    [Fact]
    public void Descriptors_with_a_sacl_put_it_first_then_dacl_owner_group()
    {
        // research/ntfs_vhd.md §2.5 left Windows' order with a SACL open; the corpus settles it.
        CorpusVolumes.With("dissect.ntfs/ntfs.bin.gz", volume =>
        {
            var withSacl = SdsEntries.Read(CorpusVolumes.ReadSds(volume))
                .Select(e => e.Descriptor)
                .Where(d => SecurityDescriptor.Parse(d).IsSaclPresent)
                .ToList();
            Assert.NotEmpty(withSacl);
            foreach (var bytes in withSacl)
            {
                var owner = BitConverter.ToUInt32(bytes, 4);
                var group = BitConverter.ToUInt32(bytes, 8);
                var sacl = BitConverter.ToUInt32(bytes, 12);
                var dacl = BitConverter.ToUInt32(bytes, 16);
                Assert.Equal(20u, sacl);
                Assert.True(sacl < dacl && dacl < owner && owner < group);

                // A low mandatory label ("S:AI(ML;ID;NW;;;LW)" or its inheritable form) is what these SACLs hold.
                var descriptor = SecurityDescriptor.Parse(bytes);
                Assert.Equal(AceType.SystemMandatoryLabel, descriptor.Sacl!.Entries.Single().Type);
                Assert.Contains(";NW;;;LW)", descriptor.ToSddl(), StringComparison.Ordinal);
            }
        });
    }
}
