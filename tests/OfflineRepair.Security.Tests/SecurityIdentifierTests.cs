namespace OfflineRepair.Security.Tests;

public sealed class SecurityIdentifierTests
{
    [Theory]
    [InlineData("S-1-5-18", "SY", @"NT AUTHORITY\SYSTEM")]
    [InlineData("S-1-5-32-544", "BA", @"BUILTIN\Administrators")]
    [InlineData("S-1-5-32-545", "BU", @"BUILTIN\Users")]
    [InlineData("S-1-5-20", "NS", @"NT AUTHORITY\NETWORK SERVICE")]
    [InlineData("S-1-5-19", "LS", @"NT AUTHORITY\LOCAL SERVICE")]
    [InlineData("S-1-1-0", "WD", "Everyone")]
    [InlineData("S-1-3-0", "CO", "CREATOR OWNER")]
    [InlineData("S-1-3-1", "CG", "CREATOR GROUP")]
    [InlineData("S-1-5-11", "AU", @"NT AUTHORITY\Authenticated Users")]
    [InlineData("S-1-5-7", "AN", @"NT AUTHORITY\ANONYMOUS LOGON")]
    [InlineData("S-1-5-4", "IU", @"NT AUTHORITY\INTERACTIVE")]
    [InlineData("S-1-5-2", "NU", @"NT AUTHORITY\NETWORK")]
    [InlineData("S-1-5-6", "SU", @"NT AUTHORITY\SERVICE")]
    [InlineData("S-1-5-32-549", "SO", @"BUILTIN\Server Operators")]
    [InlineData("S-1-5-32-551", "BO", @"BUILTIN\Backup Operators")]
    [InlineData("S-1-5-32-547", "PU", @"BUILTIN\Power Users")]
    [InlineData("S-1-5-32-555", "RD", @"BUILTIN\Remote Desktop Users")]
    [InlineData("S-1-5-32-548", "AO", @"BUILTIN\Account Operators")]
    [InlineData("S-1-5-32-554", "RU", @"BUILTIN\Pre-Windows 2000 Compatible Access")]
    [InlineData("S-1-5-32-568", "IS", @"BUILTIN\IIS_IUSRS")]
    [InlineData("S-1-16-4096", "LW", @"Mandatory Label\Low Mandatory Level")]
    [InlineData("S-1-16-12288", "HI", @"Mandatory Label\High Mandatory Level")]
    public void Aliases_names_and_text_agree(string text, string alias, string name)
    {
        var sid = SecurityIdentifier.Parse(text);
        Assert.Equal(text, sid.ToString());
        Assert.Equal(alias, sid.SddlAlias);
        Assert.Equal(name, sid.AccountName);
        Assert.Equal(sid, SecurityIdentifier.Parse(alias));
        Assert.Equal(sid, SecurityIdentifier.Parse(alias.ToLowerInvariant()));
    }

    [Theory]
    [InlineData("DA")]
    [InlineData("DU")]
    [InlineData("LA")]
    [InlineData("DG")]
    public void Domain_relative_aliases_are_refused_with_the_reason(string alias)
    {
        var error = Assert.Throws<FormatException>(() => SecurityIdentifier.Parse(alias));
        Assert.Contains("offline", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S-")]
    [InlineData("S-1")]
    [InlineData("S-2-5-18")]
    [InlineData("S-1-5-")]
    [InlineData("S-1-5--18")]
    [InlineData("S-1-5-4294967296")]
    [InlineData("S-1-281474976710656")]
    [InlineData("S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16")]
    [InlineData("S-1-5-18x")]
    [InlineData("ZZ")]
    [InlineData("SYSTEM")]
    public void Bad_text_is_a_format_exception(string text) =>
        Assert.Throws<FormatException>(() => SecurityIdentifier.Parse(text));

    [Fact]
    public void Binary_form_is_revision_count_big_endian_authority_little_endian_subs()
    {
        var sid = SecurityIdentifier.Parse("S-1-5-32-544");
        Assert.Equal(Convert.FromHexString("01020000000000052000000020020000"), sid.ToBytes());
        Assert.Equal(16, sid.BinaryLength);
        Assert.Equal(sid, SecurityIdentifier.Read(sid.ToBytes(), out var length));
        Assert.Equal(16, length);
    }

    [Fact]
    public void Large_authorities_print_in_hex_as_windows_does()
    {
        var sid = new SecurityIdentifier(0x0000_0001_0000_0000, 7);
        Assert.Equal("S-1-0x000100000000-7", sid.ToString());
        Assert.Equal(sid, SecurityIdentifier.Parse(sid.ToString()));
        Assert.Equal(sid, SecurityIdentifier.Read(sid.ToBytes(), out _));
    }

    [Fact]
    public void Fifteen_sub_authorities_is_the_limit()
    {
        var fifteen = "S-1-5" + string.Concat(Enumerable.Range(1, 15).Select(i => "-" + i));
        Assert.Equal(68, SecurityIdentifier.Parse(fifteen).BinaryLength);
        Assert.Throws<FormatException>(() => SecurityIdentifier.Parse(fifteen + "-16"));

        var bytes = new byte[8 + (4 * 16)];
        bytes[0] = 1;
        bytes[1] = 16;
        var error = Assert.Throws<SecurityFormatException>(() => SecurityIdentifier.Read(bytes, out _));
        Assert.Contains("16 sub-authorities", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("02010000000000051200000", "revision 2")]
    [InlineData("0101000000000005120000", "truncated")]
    [InlineData("01010000", "truncated")]
    public void Bad_bytes_say_what_is_wrong(string hex, string expected)
    {
        var bytes = Convert.FromHexString(hex.Length % 2 == 0 ? hex : hex + "0");
        var error = Assert.Throws<SecurityFormatException>(() => SecurityIdentifier.Read(bytes, out _));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("SID", error.Structure);
    }

    // Published values: the research brief (TrustedInstaller, SessionEnv) and a `whoami /groups` listing
    // of a Windows machine's service groups (SessionEnv, Schedule, wuauserv, Winmgmt, LanmanServer).
    [Theory]
    [InlineData("TrustedInstaller", "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464")]
    [InlineData("SessionEnv", "S-1-5-80-4022436659-1090538466-1613889075-870485073-3428993833")]
    [InlineData("Schedule", "S-1-5-80-4125092361-1567024937-842823819-2091237918-836075745")]
    [InlineData("wuauserv", "S-1-5-80-1014140700-3308905587-3330345912-272242898-93311788")]
    [InlineData("Winmgmt", "S-1-5-80-3750560858-172214265-3889451188-1914796615-4100997547")]
    [InlineData("LanmanServer", "S-1-5-80-879696042-2351668846-370232824-2524288904-4023536711")]
    public void Service_sids_match_published_values(string service, string expected)
    {
        Assert.Equal(expected, SecurityIdentifier.ForService(service).ToString());

        // The name is upper-cased first, so its case does not matter.
        Assert.Equal(expected, SecurityIdentifier.ForService(service.ToLowerInvariant()).ToString());
    }

    [Fact]
    public void Well_known_statics_are_the_expected_sids()
    {
        Assert.Equal("S-1-5-18", WellKnownSids.LocalSystem.ToString());
        Assert.Equal("S-1-5-32-544", WellKnownSids.Administrators.ToString());
        Assert.Equal("S-1-5-32-545", WellKnownSids.Users.ToString());
        Assert.Equal("S-1-5-20", WellKnownSids.NetworkService.ToString());
        Assert.Equal("S-1-5-19", WellKnownSids.LocalService.ToString());
        Assert.Equal("S-1-1-0", WellKnownSids.Everyone.ToString());
        Assert.Equal("S-1-3-0", WellKnownSids.CreatorOwner.ToString());
        Assert.Equal("S-1-5-11", WellKnownSids.AuthenticatedUsers.ToString());
        Assert.Equal("S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464", WellKnownSids.TrustedInstaller.ToString());
        Assert.Equal(@"NT SERVICE\TrustedInstaller", WellKnownSids.TrustedInstaller.AccountName);
        Assert.Equal(@"NT SERVICE\SessionEnv", WellKnownSids.SessionEnv.AccountName);
        Assert.Null(SecurityIdentifier.Parse("S-1-5-21-1-2-3-500").AccountName);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        var a = SecurityIdentifier.Parse("S-1-5-21-1-2-3-1000");
        var b = new SecurityIdentifier(5, 21, 1, 2, 3, 1000);
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new SecurityIdentifier(5, 21, 1, 2, 3, 1001));
        Assert.Equal(1000u, a.Rid);
    }
}
