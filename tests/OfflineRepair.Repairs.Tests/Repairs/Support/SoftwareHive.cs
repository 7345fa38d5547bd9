using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Repairs.Support;

/// <summary>
/// A SOFTWARE hive written by hivex, not by us: a copy of a real empty hive (yarp EmptyHive) given,
/// with hivexsh, the keys inspect and rdp-cert read and a Remote Desktop certificate made here.
/// </summary>
internal static class SoftwareHive
{
    public const string ProductName = "Windows Server 2022 Datacenter";
    public const string BuildNumber = "20348";
    public const string DisplayVersion = "21H2";
    public const string Edition = "ServerDatacenter";
    public const string MachineGuid = "3f2c6b1e-8f7a-4c55-9c1e-5d2f7b8a9e10";

    /// <summary>A self-signed RSA certificate like the RDP listener's, valid until the given time.</summary>
    public static X509Certificate2 Certificate(string subject, DateTimeOffset notAfter)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var withKey = request.CreateSelfSigned(notAfter.AddYears(-1), notAfter);
        return X509CertificateLoader.LoadCertificate(withKey.RawData);
    }

    /// <summary>CryptoAPI's serialized form: the SHA-1 hash property (0x03), then the certificate (0x20).</summary>
    public static byte[] Blob(X509Certificate2 certificate)
    {
        using var blob = new MemoryStream();
        void Record(uint property, byte[] data)
        {
            Span<byte> header = stackalloc byte[12];
            BinaryPrimitives.WriteUInt32LittleEndian(header, property);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 1);
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)data.Length);
            blob.Write(header);
            blob.Write(data);
        }

        Record(0x03, certificate.GetCertHash());
        Record(0x20, certificate.RawData);
        return blob.ToArray();
    }

    /// <summary>Builds the hive in the folder with hivexsh; each blob goes under its own thumbprint key.</summary>
    public static string Build(TemporaryDirectory folder, IReadOnlyList<(string Thumbprint, byte[] Blob)> certificates, bool withWindowsKeys = true)
    {
        var hivexsh = Tools.Require("hivexsh", "libhivex-bin");
        var path = Corpus.CopyTo(folder.Path, "yarp/EmptyHive", "SOFTWARE");
        var script = new StringBuilder();
        script.AppendLine("add Microsoft").AppendLine("cd Microsoft");
        if (certificates.Count > 0)
        {
            script.AppendLine("add SystemCertificates").AppendLine("cd SystemCertificates")
                .AppendLine("add Remote Desktop").AppendLine("cd Remote Desktop")
                .AppendLine("add Certificates").AppendLine("cd Certificates");
            foreach (var (thumbprint, blob) in certificates)
            {
                script.AppendLine($"add {thumbprint}").AppendLine($"cd {thumbprint}")
                    .AppendLine("setval 1").AppendLine("Blob")
                    .AppendLine("hex:3:" + string.Join(",", blob.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))))
                    .AppendLine("cd ..");
            }

            script.AppendLine(@"cd \Microsoft");
        }

        if (withWindowsKeys)
        {
            script.AppendLine("add Windows NT").AppendLine("cd Windows NT").AppendLine("add CurrentVersion").AppendLine("cd CurrentVersion")
                .AppendLine("setval 4")
                .AppendLine("ProductName").AppendLine("string:" + ProductName)
                .AppendLine("CurrentBuildNumber").AppendLine("string:" + BuildNumber)
                .AppendLine("DisplayVersion").AppendLine("string:" + DisplayVersion)
                .AppendLine("EditionID").AppendLine("string:" + Edition)
                .AppendLine(@"cd \Microsoft")
                .AppendLine("add Cryptography").AppendLine("cd Cryptography")
                .AppendLine("setval 1").AppendLine("MachineGuid").AppendLine("string:" + MachineGuid);
        }

        script.AppendLine("commit");
        var run = Tools.Run(hivexsh, ["-w", path], standardInput: script.ToString());
        Assert.True(run.ExitCode == 0, $"hivexsh failed: {run.StandardError}");
        return path;
    }
}
