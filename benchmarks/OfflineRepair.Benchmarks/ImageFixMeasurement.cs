using System.Diagnostics;
using System.Globalization;
using System.Text;
using OfflineRepair.Repairs;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Targets.Images;

namespace OfflineRepair.Benchmarks;

/// <summary>
/// `image-fix IMAGE BACKUP [REG]`: a real `fix --all` written into a disk image, in wall time and in
/// bytes read from and written to the image file. With REG, also writes the SYSTEM edits it made as
/// a .reg file for `virt-win-reg --merge`, so the same edits can be timed there (scripts/bench-image-fix.sh).
/// </summary>
internal static class ImageFixMeasurement
{
    public static int Run(string image, string backup, string? regFile)
    {
        using var file = new ImageReadMeasurement.CountingStream(new FileStream(image, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1, FileOptions.RandomAccess));
        var clock = Stopwatch.StartNew();
        FixReport report;
        using (var target = ImageTarget.Open(file, image, writable: true))
        {
            report = FixRunner.Run(target, new FixRequest(RepairCatalog.AllSet, new RepairOptions(), DryRun: false, backup, ForceDirty: false, "benchmark", TimeProvider.System));
        }

        var elapsed = clock.Elapsed;
        Console.WriteLine($"fix --all              {elapsed.TotalMilliseconds,8:F0} ms {file.BytesRead / 1048576.0,10:F2} MiB read in {file.Reads} reads, {file.BytesWritten / 1048576.0:F2} MiB written in {file.Writes} writes, {report.ChangeCount} changes, verified: {report.Verified}");
        if (regFile is not null)
        {
            File.WriteAllText(regFile, RegFile(report), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        return report.Verified ? 0 : 1;
    }

    /// <summary>
    /// The SYSTEM values the fix set, as a .reg file under HKLM\SYSTEM. virt-win-reg creates a key
    /// only when its parent exists, so every ancestor gets its own section first.
    /// </summary>
    private static string RegFile(FixReport report)
    {
        var text = new StringBuilder("Windows Registry Editor Version 5.00\r\n\r\n");
        var sections = new List<string>();
        var values = new Dictionary<string, List<SetValueChange>>(StringComparer.OrdinalIgnoreCase);
        foreach (var set in report.Plans.SelectMany(p => p.Changes).OfType<SetValueChange>().Where(c => c.Hive == HiveKind.System))
        {
            var parts = set.KeyPath.Split('\\', StringSplitOptions.RemoveEmptyEntries);
            for (int i = 1; i <= parts.Length; i++)
            {
                var key = string.Join('\\', parts[..i]);
                if (!values.ContainsKey(key))
                {
                    values[key] = [];
                    sections.Add(key);
                }
            }

            values[string.Join('\\', parts)].Add(set);
        }

        foreach (var key in sections)
        {
            text.Append(CultureInfo.InvariantCulture, $"[HKEY_LOCAL_MACHINE\\SYSTEM\\{key}]\r\n");
            foreach (var set in values[key])
            {
                text.Append(CultureInfo.InvariantCulture, $"\"{set.ValueName}\"=");
                text.Append(set.NewType == Registry.RegistryValueType.DWord
                    ? $"dword:{BitConverter.ToUInt32(set.NewData):x8}"
                    : $"hex({(int)set.NewType:x}):{string.Join(',', set.NewData.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)))}");
                text.Append("\r\n");
            }

            text.Append("\r\n");
        }

        return text.ToString();
    }
}
