using OfflineRepair.Security.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Security.Tests;

/// <summary>
/// The key security descriptors of the clean Windows-made hives of ../shared/corpus (XP to Windows 11):
/// another few hundred descriptors Windows wrote, in the same layout as $Secure's.
/// </summary>
public sealed class HiveCorpusTests
{
    [Theory]
    [InlineData("regipy/SYSTEM.xz")]
    [InlineData("regipy/NTUSER.DAT.xz")]
    [InlineData("regipy/SAM.xz")]
    [InlineData("winevt-kb/SYSTEM")]
    [InlineData("dfwinreg/NTUSER.DAT")]
    [InlineData("museum/Win11/SAM")]
    [InlineData("ezregistry/SAM")]
    [InlineData("hivex/special")]
    public void Key_security_descriptors_round_trip(string corpusFile)
    {
        var descriptors = HiveSecurityCells.Read(File.ReadAllBytes(Corpus.File(corpusFile)));
        Assert.NotEmpty(descriptors);
        var withSacl = 0;
        var beyondSddl = 0;
        foreach (var bytes in descriptors)
        {
            var descriptor = SecurityDescriptor.Parse(bytes);
            var where = $"{corpusFile}: {Convert.ToHexString(bytes)}";
            Assert.True(bytes.AsSpan().SequenceEqual(descriptor.ToBytes()), $"{where}: Parse → ToBytes differs");
            Assert.True(descriptor.HasWindowsLayout, $"{where}: not in Windows' layout");
            var sddl = descriptor.ToSddl();
            var reparsed = SecurityDescriptor.ParseSddl(sddl);
            var expected = SddlExpectation.Of(descriptor);
            Assert.Equal(expected, reparsed);
            Assert.True(expected.ToBytes().AsSpan().SequenceEqual(reparsed.ToBytes()), $"{where}: ParseSddl({sddl}) → ToBytes differs");
            Assert.Equal(sddl, reparsed.ToSddl());
            withSacl += descriptor.IsSaclPresent ? 1 : 0;
            beyondSddl += expected.ToBytes().AsSpan().SequenceEqual(bytes) ? 0 : 1;
        }

        TestContext.Current.SendDiagnosticMessage(
            $"{corpusFile}: {descriptors.Count} key descriptors, {withSacl} with a SACL, {beyondSddl} holding what SDDL cannot carry");
    }

    [Fact]
    public void Registry_rights_print_as_key_words()
    {
        // Windows 7's SYSTEM hive: its keys grant KA to SYSTEM and Administrators and KR to Users somewhere.
        var sddl = HiveSecurityCells.Read(File.ReadAllBytes(Corpus.File("regipy/SYSTEM.xz")))
            .Select(b => SecurityDescriptor.Parse(b).ToSddl())
            .ToList();
        Assert.Contains(sddl, s => s.Contains("(A;;KA;;;SY)", StringComparison.Ordinal) || s.Contains("(A;ID;KA;;;SY)", StringComparison.Ordinal));
        Assert.Contains(sddl, s => s.Contains(";KR;;;BU)", StringComparison.Ordinal));
    }
}
