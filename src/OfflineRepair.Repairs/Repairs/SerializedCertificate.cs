using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OfflineRepair.Repairs.Repairs;

/// <summary>
/// The <c>Blob</c> value of a registry certificate store entry: CryptoAPI's serialized certificate,
/// a run of property records <c>{u32 property id, u32 reserved (1), u32 length, bytes}</c>. Property
/// 0x20 (CERT_CERT_PROP_ID) holds the DER certificate; others (0x03, the SHA-1 hash; 0x02, the key
/// provider) are skipped.
/// </summary>
internal static class SerializedCertificate
{
    private const uint EncodedCertificateProperty = 0x20;
    private const int RecordHeaderSize = 12;

    /// <summary>The certificate in the blob, or null when the blob has none or it does not parse.</summary>
    public static X509Certificate2? TryLoad(ReadOnlySpan<byte> blob)
    {
        int at = 0;
        while (blob.Length - at >= RecordHeaderSize)
        {
            uint property = BinaryPrimitives.ReadUInt32LittleEndian(blob[at..]);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(blob[(at + 8)..]);
            at += RecordHeaderSize;
            if (length > (uint)(blob.Length - at))
            {
                return null; // a record running past the end: the blob is damaged
            }

            if (property == EncodedCertificateProperty)
            {
                try
                {
                    return X509CertificateLoader.LoadCertificate(blob.Slice(at, (int)length));
                }
                catch (CryptographicException)
                {
                    return null;
                }
            }

            at += (int)length;
        }

        return null;
    }
}
