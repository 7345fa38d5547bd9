using System.Globalization;
using OfflineRepair.Cli.Json;
using OfflineRepair.Cli.Output;
using OfflineRepair.Repairs.Inspection;
using OfflineRepair.Targets.Images;

namespace OfflineRepair.Cli.Repairs;

/// <summary>inspect's human output: sections of aligned tables.</summary>
internal static class InspectPrinter
{
    private const string Indent = "  ";

    public static void Print(TextWriter output, string target, DiskImageInfo? disk, IReadOnlyList<HiveJson> hives, InspectReport report)
    {
        output.WriteLine($"Target: {target}");
        output.WriteLine();
        if (disk is not null)
        {
            PrintDisk(output, disk);
        }

        output.WriteLine("Hives");
        foreach (var hive in hives)
        {
            output.WriteLine(Indent + hive.Description);
        }

        output.WriteLine();
        output.WriteLine("Windows");
        if (report.Windows is { } windows)
        {
            var table = new TextTable("", "");
            table.Add("product", windows.ProductName ?? ValueText.Absent);
            table.Add("build", windows.Build is null ? ValueText.Absent : windows.Build + (windows.UpdateBuildRevision is { } ubr ? "." + ubr.ToString(CultureInfo.InvariantCulture) : ""));
            table.Add("version", windows.DisplayVersion ?? ValueText.Absent);
            table.Add("edition", windows.Edition ?? ValueText.Absent);
            table.WriteTo(output, Indent);
        }
        else
        {
            output.WriteLine(Indent + "(not read: no SOFTWARE hive)");
        }

        if (report.ControlSets is { } sets)
        {
            output.WriteLine();
            output.WriteLine("Control sets");
            var table = new TextTable("", "");
            table.Add("Select", $"Current={Number(sets.Current)} Default={Number(sets.Default)} LastKnownGood={Number(sets.LastKnownGood)} Failed={Number(sets.Failed)}");
            table.Add("present", sets.Present.Count == 0 ? "(none)" : string.Join(", ", sets.Present));
            table.Add("repairs edit", sets.Note);
            table.WriteTo(output, Indent);
        }

        if (report.Settings.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Settings the repairs touch");
            PrintSettings(output, report.Settings);
        }

        if (report.RdpCertificates is { } certificates)
        {
            output.WriteLine();
            output.WriteLine("RDP certificate (SOFTWARE Microsoft\\SystemCertificates\\Remote Desktop\\Certificates)");
            if (certificates.Count == 0)
            {
                output.WriteLine(Indent + "(none: Windows makes a self-signed one at boot)");
            }
            else
            {
                var table = new TextTable("THUMBPRINT", "SUBJECT", "NOT AFTER", "EXPIRED");
                foreach (var certificate in certificates)
                {
                    table.Add(
                        certificate.Thumbprint,
                        certificate.Subject ?? "(unreadable)",
                        certificate.NotAfter?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "(unreadable)",
                        certificate.Expired switch { true => "yes", false => "no", null => "?" });
                }

                table.WriteTo(output, Indent);
            }
        }

        if (report.BootStore is { } boot)
        {
            output.WriteLine();
            output.WriteLine("Boot store (BCD)");
            var loader = new TextTable("", "");
            loader.Add("default loader", boot.DefaultLoader is null ? "(none: see the notes)" : boot.DefaultLoader + (boot.DefaultLoaderDescription is { } d ? $" \"{d}\"" : ""));
            loader.WriteTo(output, Indent);
            output.WriteLine();
            var table = new TextTable("SETTING", "OBJECT", "ELEMENT", "VALUE", "DATA");
            foreach (var setting in boot.Settings)
            {
                table.Add(setting.Setting, setting.Object ?? "(missing)", setting.Element, setting.Value, setting.Data ?? "");
            }

            table.WriteTo(output, Indent);
        }

        if (report.MachineKeys is { } keys)
        {
            PrintMachineKeys(output, keys);
        }

        if (report.Notes.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Notes");
            foreach (var note in report.Notes)
            {
                output.WriteLine(Indent + note);
            }
        }
    }

    /// <summary>One row per setting, one column per control set: the sets read side by side.</summary>
    private static void PrintMachineKeys(TextWriter output, MachineKeysReport keys)
    {
        output.WriteLine();
        output.WriteLine($"MachineKeys ({keys.Folder})");
        if (keys.Problem is { } problem)
        {
            output.WriteLine($"{Indent}permissions not read: {problem}");
            return;
        }

        var readings = new List<(string What, PermissionReading Reading)>();
        if (keys.FolderReading is { } folder)
        {
            readings.Add(("folder", folder));
        }

        readings.AddRange(keys.RdpKeyFiles.Select(k => ("RDP key " + k.Path[(k.Path.LastIndexOf('\\') + 1)..], k)));
        if (keys.RdpKeyFiles.Count == 0)
        {
            output.WriteLine($"{Indent}no RDP key file (f686aace6942fb7f7ceb231212eef4a4_*): Windows makes one with a new certificate");
        }

        foreach (var (what, reading) in readings)
        {
            output.WriteLine($"{Indent}{what}: {reading.Sddl ?? "(unreadable)"}");
            output.WriteLine($"{Indent}{Indent}{(reading.AllowsRemoteDesktop ? "allows what Remote Desktop needs" : "DOES NOT allow what Remote Desktop needs")}{(reading.Findings.Count > 0 ? ": " + string.Join("; ", reading.Findings) : "")}");
        }
    }

    private static void PrintSettings(TextWriter output, IReadOnlyList<ControlSetSettings> settings)
    {
        var table = new TextTable(["SETTING", .. settings.Select(s => s.ControlSet)]);
        var names = settings.SelectMany(s => s.Settings.Select(r => r.Setting)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            var cells = new List<string> { name };
            foreach (var set in settings)
            {
                var reading = set.Settings.FirstOrDefault(r => r.Setting == name);
                cells.Add(reading is null ? "" : SettingText.Show(reading));
            }

            table.Add([.. cells]);
        }

        table.WriteTo(output, Indent);
    }

    private static string Number(uint? value) => value?.ToString(CultureInfo.InvariantCulture) ?? ValueText.Absent;

    private static void PrintDisk(TextWriter output, DiskImageInfo disk)
    {
        output.WriteLine("Disk");
        output.WriteLine($"{Indent}{disk.Container}, {disk.VirtualSize.ToString("N0", CultureInfo.InvariantCulture)} bytes, partition table: {disk.PartitionStyle}");
        var table = new TextTable("#", "OFFSET", "SIZE", "TYPE", "FS", "LABEL", "HOLDS", "STATE");
        foreach (var volume in disk.Volumes)
        {
            var holds = string.Join(", ", new[] { volume.HoldsWindows ? "Windows" : null, volume.HoldsBcd ? "BCD" : null, volume.IsActive ? "active" : null }.OfType<string>());
            table.Add(
                volume.Index.ToString(CultureInfo.InvariantCulture),
                volume.Offset.ToString(CultureInfo.InvariantCulture),
                volume.Length.ToString("N0", CultureInfo.InvariantCulture),
                volume.Type,
                volume.FileSystem,
                volume.Label ?? "",
                holds,
                volume.State);
        }

        table.WriteTo(output, Indent);
        foreach (var warning in disk.Warnings)
        {
            output.WriteLine($"{Indent}warning: {warning}");
        }

        output.WriteLine();
    }
}
