using System.Globalization;
using OfflineRepair.Registry;
using OfflineRepair.Repairs.ControlSets;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Repairs.Repairs;

namespace OfflineRepair.Repairs.Inspection;

/// <summary>
/// Reads, never writes: what Windows is on the disk and the current value of every setting the
/// repairs touch, in each control set they would edit. A hive the target lacks gives no section
/// (and a note) rather than an error, so inspect works on a lone SYSTEM or SOFTWARE file.
/// </summary>
public static class Inspector
{
    public static InspectReport Inspect(Hive? system, Hive? software, RepairOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        clock ??= TimeProvider.System;
        var notes = new List<string>();

        WindowsInstallation? windows = null;
        IReadOnlyList<RdpCertificateReport>? certificates = null;
        if (software is null)
        {
            notes.Add("no SOFTWARE hive: Windows version and RDP certificate not read");
        }
        else
        {
            windows = ReadWindows(software);
            certificates = RdpCertificateEntry.ReadAll(software, clock)
                .Select(c => new RdpCertificateReport(c.Thumbprint, c.Subject, c.NotAfter, c.Expired, c.Describe()))
                .ToList();
            if (certificates.Count == 0)
            {
                notes.Add("no Remote Desktop certificate: Windows makes one at boot");
            }
        }

        ControlSetReport? controlSets = null;
        var settings = new List<ControlSetSettings>();
        if (system is null)
        {
            notes.Add("no SYSTEM hive: control sets and settings not read");
        }
        else
        {
            try
            {
                var choice = ControlSetResolver.Resolve(system, options.ControlSets);
                var select = choice.Select;
                controlSets = new ControlSetReport(select.Current, select.Default, select.LastKnownGood, select.Failed, choice.Present, choice.ControlSets, choice.Note);
                settings.AddRange(choice.ControlSets.Select(set => new ControlSetSettings(set, ReadSettings(system, set))));
            }
            catch (RepairException e)
            {
                notes.Add(e.Message);
                var select = SelectValues.Read(system);
                controlSets = new ControlSetReport(select?.Current, select?.Default, select?.LastKnownGood, select?.Failed, ControlSetResolver.PresentSets(system), [], e.Message);
            }
        }

        return new InspectReport(windows, controlSets, settings, certificates, notes);
    }

    private static WindowsInstallation ReadWindows(Hive software)
    {
        var version = software.OpenKey(RegistryPaths.CurrentVersion);
        string? Text(string name) => version?.GetValue(name) is { } v && IsText(v.Type) ? v.AsString() : null;
        var machineGuid = software.OpenKey(RegistryPaths.Cryptography)?.GetValue("MachineGuid");
        return new WindowsInstallation(
            Text("ProductName"),
            Text("CurrentBuildNumber") ?? Text("CurrentBuild"),
            version?.GetValue("UBR")?.AsUInt32(),
            Text("DisplayVersion") ?? Text("ReleaseId"),
            Text("EditionID"),
            machineGuid is not null && IsText(machineGuid.Type) ? machineGuid.AsString() : null);
    }

    private static List<SettingReading> ReadSettings(Hive system, string set)
    {
        var readings = new List<SettingReading>();
        void Read(string setting, string path, string valueName)
        {
            var keyPath = RegistryPaths.Under(set, path);
            var value = system.OpenKey(keyPath)?.GetValue(valueName);
            readings.Add(value is null
                ? new SettingReading(setting, keyPath, valueName, null, SettingReading.Absent)
                : new SettingReading(setting, keyPath, valueName, RegistryData.TypeName(value.Type), Describe(value)));
        }

        foreach (var version in TlsRepair.KnownVersions)
        {
            Read($"TLS {version} Server Enabled", RegistryPaths.SchannelServer(version), "Enabled");
            Read($"TLS {version} Server DisabledByDefault", RegistryPaths.SchannelServer(version), "DisabledByDefault");
        }

        foreach (var name in new[] { "SecurityLayer", "UserAuthentication", "fAllowSecProtocolNegotiation" })
        {
            Read(name, RegistryPaths.RdpTcp, name);
        }

        foreach (var name in new[] { "CrashDumpEnabled", "DumpFile", "NMICrashDump" })
        {
            Read(name, RegistryPaths.CrashControl, name);
        }

        Read("PortNumber", RegistryPaths.RdpTcp, "PortNumber");
        readings.AddRange(RdpPortRepair.ExpectedRules.Select(rule => ReadRulePort(system, set, rule)));
        Read("gpsvc Start", RegistryPaths.GroupPolicyService, "Start");
        return readings;
    }

    /// <summary>A firewall rule's LPort: the port, "absent" (no rule), or "no LPort" (a rule without the field).</summary>
    private static SettingReading ReadRulePort(Hive system, string set, string rule)
    {
        var keyPath = RegistryPaths.Under(set, RegistryPaths.FirewallRules);
        var value = system.OpenKey(keyPath)?.GetValue(rule);
        var setting = $"firewall {rule} LPort";
        if (value is null)
        {
            return new SettingReading(setting, keyPath, rule, null, SettingReading.Absent);
        }

        var ports = FirewallRule.LocalPorts(value.Data);
        return new SettingReading(setting, keyPath, rule, RegistryData.TypeName(value.Type), ports.Count == 0 ? "no LPort" : string.Join(",", ports));
    }

    private static bool IsText(RegistryValueType type) => type is RegistryValueType.String or RegistryValueType.ExpandString;

    private static string Describe(RegistryValue value) => value.Type switch
    {
        RegistryValueType.DWord or RegistryValueType.DWordBigEndian when value.AsUInt32() is { } n => n.ToString(CultureInfo.InvariantCulture),
        RegistryValueType.String or RegistryValueType.ExpandString => value.AsString(),
        _ => Convert.ToHexString(value.Data),
    };
}
