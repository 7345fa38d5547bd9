using System.Text;

namespace OfflineRepair.Fat;

/// <summary>The 8.3 name of a directory entry, as Windows shows it.</summary>
internal static class ShortName
{
    /// <summary>
    /// Short names are in the OEM code page of the system that wrote them; 437 is the one US-English
    /// Windows (and so Azure images) uses. Bytes outside ASCII are rare on an ESP.
    /// </summary>
    private static readonly Encoding Oem = CodePagesEncodingProvider.Instance.GetEncoding(437) ?? Encoding.Latin1;

    public static string DecodeOem(ReadOnlySpan<byte> bytes) => Oem.GetString(bytes);

    /// <summary>
    /// "NAME.EXT" from the 11 name bytes, lowercasing base and extension where the NT case bits
    /// (byte 0x0C) say so: Windows stores "boot.ini" as BOOT    INI plus flags instead of a long name.
    /// </summary>
    public static string Format(ReadOnlySpan<byte> raw, byte ntCase)
    {
        Span<byte> name = stackalloc byte[FatLayout.ShortNameLength];
        raw[..FatLayout.ShortNameLength].CopyTo(name);
        if (name[0] == FatLayout.KanjiE5Substitute)
        {
            name[0] = FatLayout.DeletedMarker;
        }

        var baseName = DecodeOem(name[..FatLayout.BaseNameLength]).TrimEnd(' ');
        var extension = DecodeOem(name[FatLayout.BaseNameLength..]).TrimEnd(' ');
        if ((ntCase & FatLayout.NtLowercaseBase) != 0)
        {
            baseName = baseName.ToLowerInvariant();
        }

        if ((ntCase & FatLayout.NtLowercaseExtension) != 0)
        {
            extension = extension.ToLowerInvariant();
        }

        return extension.Length == 0 ? baseName : baseName + "." + extension;
    }
}
