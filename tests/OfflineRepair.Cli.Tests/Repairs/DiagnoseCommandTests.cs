using System.Security.Cryptography;
using System.Text.Json;
using OfflineRepair.Cli.Tests.Support;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.Repairs;

/// <summary>diagnose and fix --from-diagnosis on a fixture disk whose MachineKeys permissions are wrong (testdata/make-images.sh).</summary>
public sealed class DiagnoseCommandTests
{
    [Fact]
    public void Diagnose_names_the_causes_with_their_evidence_and_repair_and_writes_nothing()
    {
        using var dir = new TemporaryDirectory();
        var image = TestData.Unpack("images/gen2-fixed.vhd.xz", dir);
        var before = SHA256.HashData(File.ReadAllBytes(image));

        var text = CliRun.Run("diagnose", image);
        var json = CliRun.Run("diagnose", image, "--json");

        text.AssertSuccess();
        Assert.Contains("Likely causes, most likely first:", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("[machine-keys-rdp-key]", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("NETWORK SERVICE (TermService) cannot read it", text.Stdout, StringComparison.Ordinal);
        Assert.Contains($"fix: offline-repair fix {image} machine-keys", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("[serial-console-off]", text.Stdout, StringComparison.Ordinal);
        json.AssertSuccess();
        using var document = JsonDocument.Parse(json.Stdout);
        var findings = document.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal("diagnose", document.RootElement.GetProperty("command").GetString());
        Assert.Equal("machine-keys-folder", findings[0].GetProperty("id").GetString());
        Assert.Equal("cause", findings[0].GetProperty("kind").GetString());
        Assert.Equal("machine-keys", findings[0].GetProperty("repair").GetString());
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(image)));
    }

    [Fact]
    public void Fix_from_diagnosis_makes_the_repairs_the_findings_name_and_then_diagnose_finds_no_cause()
    {
        using var dir = new TemporaryDirectory();
        var image = TestData.Unpack("images/gen1.img.xz", dir);

        var dryRun = CliRun.Run("fix", image, "--from-diagnosis", "--dry-run", "--mode", "defaults");
        var fix = CliRun.Run("fix", image, "--from-diagnosis", "--mode", "defaults", "--backup-dir", Path.Combine(dir.Path, "backup"));
        var after = CliRun.Run("diagnose", image, "--json");

        dryRun.AssertSuccess();
        Assert.Contains("Permissions to set", dryRun.Stdout, StringComparison.Ordinal);
        fix.AssertSuccess();
        Assert.Contains("read back and verified", fix.Stdout, StringComparison.Ordinal);
        Assert.Contains("machine-keys", fix.Stdout, StringComparison.Ordinal);
        Assert.Contains("serial-console", fix.Stdout, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(after.Stdout);
        Assert.DoesNotContain(document.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "cause");
        Assert.Contains("--from-diagnosis chooses the repairs itself", CliRun.Run("fix", image, "tls", "--from-diagnosis").AssertRefused(), StringComparison.Ordinal);
    }
}
