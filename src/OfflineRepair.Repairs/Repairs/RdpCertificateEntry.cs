using System.Globalization;
using OfflineRepair.Registry;

namespace OfflineRepair.Repairs.Repairs;

/// <summary>
/// One certificate of the "Remote Desktop" store as read from SOFTWARE: the key name (its SHA-1
/// thumbprint), and what its Blob says, or null fields when the blob cannot be read.
/// </summary>
public sealed record RdpCertificateEntry(
    string KeyPath,
    string Thumbprint,
    string? Subject,
    DateTimeOffset? NotAfter,
    bool? Expired,
    string? CertificateThumbprint)
{
    public bool Readable => Subject is not null;

    /// <summary>The certificates under <see cref="RegistryPaths.RdpCertificates"/>, empty when there are none.</summary>
    public static IReadOnlyList<RdpCertificateEntry> ReadAll(Hive software, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(software);
        ArgumentNullException.ThrowIfNull(clock);
        var store = software.OpenKey(RegistryPaths.RdpCertificates);
        if (store is null)
        {
            return [];
        }

        var now = clock.GetUtcNow();
        var entries = new List<RdpCertificateEntry>();
        foreach (var key in store.GetSubkeys())
        {
            var path = RegistryPaths.RdpCertificates + "\\" + key.Name;
            var blob = key.GetValue("Blob");
            using var certificate = blob is null ? null : SerializedCertificate.TryLoad(blob.Data);
            if (certificate is null)
            {
                entries.Add(new RdpCertificateEntry(path, key.Name, null, null, null, null));
                continue;
            }

            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            entries.Add(new RdpCertificateEntry(path, key.Name, certificate.Subject, notAfter, notAfter < now, certificate.Thumbprint));
        }

        return entries;
    }

    /// <summary>One line for the user: thumbprint, subject, expiry.</summary>
    public string Describe()
    {
        if (!Readable)
        {
            return $"thumbprint {Thumbprint}, unreadable blob";
        }

        var text = $"thumbprint {Thumbprint}, subject {Subject}, NotAfter {NotAfter!.Value.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}, {(Expired == true ? "expired" : "not expired")}";
        if (CertificateThumbprint is not null && !string.Equals(CertificateThumbprint, Thumbprint, StringComparison.OrdinalIgnoreCase))
        {
            text += $" (the certificate's own SHA-1 thumbprint is {CertificateThumbprint})";
        }

        return text;
    }
}
