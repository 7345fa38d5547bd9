using System.Globalization;
using OfflineRepair.Bcd;
using OfflineRepair.Registry;
using OfflineRepair.Repairs.ControlSets;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Repairs.Repairs;

using OfflineRepair.Targets;

namespace OfflineRepair.Repairs.Inspection;

/// <summary>
/// Reads, never writes: what Windows is on the disk and the current value of every setting the
/// repairs touch, in each control set they would edit, and in the boot store. A hive the target
/// lacks gives no section (and a note) rather than an error, so inspect works on a lone SYSTEM,
/// SOFTWARE or BCD file.
/// </summary>
public static class Inspector
{
    /// <param name="target">The target, for the MachineKeys permissions; null to read the hives alone.</param>
    public static InspectReport Inspect(Hive? system, Hive? software, Hive? bcd, RepairOptions options, TimeProvider? clock = null, ITarget? target = null)
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

        BootStoreReport? bootStore = null;
        if (bcd is null)
        {
            notes.Add($"no BCD store: boot settings not read (give --bcd FILE: {HivePaths.BcdHint})");
        }
        else
        {
            bootStore = ReadBootStore(bcd, options, notes);
        }

        MachineKeysReport? machineKeys = null;
        if (target is not null)
        {
            machineKeys = MachineKeysAccess.Read(target, windows?.MachineGuid);
            if (machineKeys is null && target.Kind != TargetKind.HiveFiles)
            {
                notes.Add($"no {WindowsPaths.MachineKeysFolder} folder");
            }
        }

        return new InspectReport(windows, controlSets, settings, certificates, bootStore, notes, machineKeys);
    }

    /// <summary>
    /// The serial-console settings where the repair would write them. An object the store lacks is a
    /// note and a setting read as "no such object", not an error: inspect shows what is there.
    /// </summary>
    private static BootStoreReport? ReadBootStore(Hive bcd, RepairOptions options, List<string> notes)
    {
        if (!BcdStore.IsBcd(bcd))
        {
            notes.Add($"{bcd.DisplayName} is not a BCD store (no Objects and Description keys): boot settings not read");
            return null;
        }

        var store = new BcdStore(bcd);
        var objects = new Dictionary<BcdSettingObject, BcdObject?>();
        foreach (var which in Enum.GetValues<BcdSettingObject>())
        {
            try
            {
                objects[which] = SerialConsoleRepair.Find(store, which);
            }
            catch (BcdException e)
            {
                objects[which] = null;
                var note = "BCD: " + e.Message;
                if (!notes.Contains(note))
                {
                    notes.Add(note);
                }
            }
        }

        var readings = SerialConsoleRepair.Settings(options).Select(setting => ReadBootSetting(setting, objects[setting.Object])).ToList();
        var loader = objects[BcdSettingObject.DefaultLoader];
        var description = loader?.ElementValue(ElementTypes.Description) is { Type: RegistryValueType.String } text ? text.AsString() : null;
        return new BootStoreReport(loader?.Identifier, description, readings);
    }

    private static BootSettingReading ReadBootSetting(BcdSetting setting, BcdObject? owner)
    {
        var element = ElementTypes.KeyName(setting.Element);
        if (owner is null)
        {
            return new BootSettingReading(setting.Name, null, element, null, null, BootSettingReading.NoObject, null);
        }

        var keyPath = BcdStore.ElementKeyPath(owner.Id, setting.Element);
        var value = owner.ElementValue(setting.Element);
        if (value is null)
        {
            return new BootSettingReading(setting.Name, owner.Identifier, element, keyPath, null, SettingReading.Absent, null);
        }

        var meaning = BcdElementData.Decode(setting.Element, value);
        var shown = meaning is { } m ? BcdElementData.Show(setting.Element, m) : $"unreadable as {ElementTypes.Format(setting.Element).ToString().ToLowerInvariant()}";
        return new BootSettingReading(setting.Name, owner.Identifier, element, keyPath, RegistryData.TypeName(value.Type), shown, Convert.ToHexStringLower(value.Data));
    }

    private static WindowsInstallation ReadWindows(Hive software)
    {
        var version = software.OpenKey(RegistryPaths.CurrentVersion);
        string? Text(string name) => version?.GetValue(name) is { } v && IsText(v.Type) ? v.AsString() : null;
        return new WindowsInstallation(
            Text("ProductName"),
            Text("CurrentBuildNumber") ?? Text("CurrentBuild"),
            version?.GetValue("UBR")?.AsUInt32(),
            Text("DisplayVersion") ?? Text("ReleaseId"),
            Text("EditionID"),
            MachineKeysInputs.MachineGuid(software));
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
