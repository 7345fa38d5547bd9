using System.Buffers.Binary;
using System.Globalization;
using OfflineRepair.Registry;
using OfflineRepair.Repairs.ControlSets;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Inspection;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Repairs.Repairs;
using OfflineRepair.Targets;
using OfflineRepair.Targets.Images;

namespace OfflineRepair.Repairs.Diagnosis;

/// <summary>
/// Reads a disk for the known causes of "An internal error has occurred", most likely first (the
/// article's order): MachineKeys permissions, TLS, the RDP certificate and its key, the listener,
/// the services; then the state the next step needs (serial console, crash dump, volume, hives).
/// Read-only; every finding says what was read and which repair fixes it.
/// </summary>
public static class Diagnostician
{
    public static DiagnosisReport Diagnose(ITarget target, HiveSet hives, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(hives);
        var findings = new List<Finding>();
        var unread = new List<string>();
        foreach (var missing in hives.Unavailable)
        {
            unread.Add(missing.Absent ? $"{HivePaths.Name(missing.Kind)}: absent" : $"{HivePaths.Name(missing.Kind)}: {missing.Reason}");
        }

        var system = hives.System;
        var software = hives.Software;
        string? live = system is null ? null : LiveControlSet(system, unread);
        var machineGuid = MachineKeysInputs.MachineGuid(software);

        MachineKeys(target, machineGuid, findings, unread);
        if (system is not null && live is not null)
        {
            Tls(system, live, findings);
        }

        if (software is not null)
        {
            Certificate(target, software, system, live, machineGuid, clock, findings);
        }

        if (system is not null && live is not null)
        {
            Listener(system, live, findings);
            Services(system, live, findings);
            CrashDump(system, live, findings);
        }

        SerialConsole(hives, findings);
        Volume(target, findings);
        foreach (var opened in hives.Opened.Where(h => h.State != HiveState.Clean))
        {
            findings.Add(new Finding("hive-replayed-" + HivePaths.Name(opened.Kind).ToLowerInvariant(), FindingKind.Warning,
                $"the {HivePaths.Name(opened.Kind)} hive was dirty (Windows did not shut down cleanly)", [opened.Describe()], null,
                "fix writes the recovered hive; check the other findings against this state"));
        }

        var ordered = findings.OrderBy(f => f.Kind).ToList();
        return new DiagnosisReport(target.Description, ordered, unread);
    }

    private static string? LiveControlSet(Hive system, List<string> unread)
    {
        var select = SelectValues.Read(system);
        if (select?.Current is not { } current)
        {
            unread.Add("SYSTEM\\Select\\Current: absent, so the live control set is unknown");
            return null;
        }

        var name = ControlSetResolver.NameOf(current);
        if (system.OpenKey(name) is null)
        {
            unread.Add($"SYSTEM\\Select\\Current names {name}, which does not exist");
            return null;
        }

        return name;
    }

    private static void MachineKeys(ITarget target, string? machineGuid, List<Finding> findings, List<string> unread)
    {
        if (target.Kind == TargetKind.HiveFiles)
        {
            unread.Add("MachineKeys permissions: hive files carry none (give the volume or the disk image)");
            return;
        }

        var report = MachineKeysAccess.Read(target, machineGuid);
        if (report is null)
        {
            unread.Add($"MachineKeys permissions: no {WindowsPaths.MachineKeysFolder} folder");
            return;
        }

        if (report.Problem is { } problem)
        {
            unread.Add("MachineKeys permissions: " + problem);
            return;
        }

        if (report.FolderReading is { AllowsRemoteDesktop: false } folder)
        {
            findings.Add(new Finding("machine-keys-folder", FindingKind.Cause,
                "the MachineKeys folder's permissions keep Remote Desktop from its private key",
                [$"{folder.Path}: {folder.Sddl}", .. folder.Findings], MachineKeysRepair.RepairName));
        }

        foreach (var key in report.RdpKeyFiles.Where(k => !k.AllowsRemoteDesktop))
        {
            findings.Add(new Finding("machine-keys-rdp-key", FindingKind.Cause,
                "the RDP key file's permissions keep Remote Desktop from its private key (\"the local RSA keys cannot be read\")",
                [$"{key.Path}: {key.Sddl}", .. key.Findings], MachineKeysRepair.RepairName,
                "fix machine-keys --mode defaults gives the key file Windows' own permissions (the article's grants leave deny entries in place)"));
        }
    }

    private static void Tls(Hive system, string live, List<Finding> findings)
    {
        var evidence = new List<string>();
        int disabled = 0;
        foreach (var version in TlsRepair.KnownVersions)
        {
            var path = RegistryPaths.Under(live, RegistryPaths.SchannelServer(version));
            var key = system.OpenKey(path);
            var enabled = key?.GetValue("Enabled");
            var byDefault = key?.GetValue("DisabledByDefault");
            bool off = (enabled is { Type: RegistryValueType.DWord } e && e.AsUInt32() == 0)
                || (byDefault is { Type: RegistryValueType.DWord } d && d.AsUInt32() != 0);
            if (off)
            {
                disabled++;
            }

            evidence.Add($"{path}: Enabled={Show(enabled)}, DisabledByDefault={Show(byDefault)}{(off ? " (off)" : "")}");
        }

        if (disabled == TlsRepair.KnownVersions.Count)
        {
            findings.Add(new Finding("tls-disabled", FindingKind.Cause, "every TLS version the RDP listener can use (1.0, 1.1, 1.2) is disabled", evidence, TlsRepair.RepairName));
        }
    }

    private static void Certificate(ITarget target, Hive software, Hive? system, string? live, string? machineGuid, TimeProvider clock, List<Finding> findings)
    {
        var certificates = RdpCertificateEntry.ReadAll(software, clock);
        if (certificates.Count == 0)
        {
            findings.Add(new Finding("rdp-cert-missing", FindingKind.Information, "there is no Remote Desktop certificate",
                [$"SOFTWARE\\{RegistryPaths.RdpCertificates}: no certificate"], null, "Windows makes a new one when Remote Desktop starts; nothing to repair"));
            return;
        }

        var lastShutdown = system is not null && live is not null ? ShutdownTime(system, live) : null;
        foreach (var certificate in certificates)
        {
            if (!certificate.Readable)
            {
                findings.Add(new Finding("rdp-cert-unreadable", FindingKind.Cause, "the Remote Desktop certificate cannot be read", [certificate.Describe()], RdpCertificateRepair.RepairName));
                continue;
            }

            var now = clock.GetUtcNow();
            if (certificate.NotAfter < now || (lastShutdown is { } shutdown && certificate.NotAfter < shutdown))
            {
                var evidence = new List<string> { certificate.Describe() };
                if (lastShutdown is { } when)
                {
                    evidence.Add($"last shutdown {when.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)} ({live}\\Control\\Windows ShutdownTime)");
                }

                findings.Add(new Finding("rdp-cert-expired", FindingKind.Cause, "the Remote Desktop certificate has expired", evidence, RdpCertificateRepair.RepairName));
            }
        }

        if (machineGuid is null)
        {
            return;
        }

        var keyFile = WindowsPaths.MachineKeysFolder + "\\" + MachineKeysRepair.RdpKeyPrefix + machineGuid;
        if (target.Kind != TargetKind.HiveFiles && !target.FileExists(keyFile))
        {
            findings.Add(new Finding("rdp-key-missing", FindingKind.Cause, "the RDP certificate's private key file is missing",
                [$"{keyFile}: absent (MachineGuid {machineGuid} from SOFTWARE\\{RegistryPaths.Cryptography})", .. certificates.Select(c => c.Describe())],
                RdpCertificateRepair.RepairName, "rdp-cert removes the certificate so Windows makes a new certificate and key"));
        }
    }

    private static void Listener(Hive system, string live, List<Finding> findings)
    {
        var rdpTcp = system.OpenKey(RegistryPaths.Under(live, RegistryPaths.RdpTcp));
        if (rdpTcp is null)
        {
            findings.Add(new Finding("rdp-listener-missing", FindingKind.Cause, "the RDP-Tcp listener key is missing", [RegistryPaths.Under(live, RegistryPaths.RdpTcp) + ": absent"], null,
                "the listener's settings must be restored from a healthy VM of the same version (export RDP-Tcp there, import it here)"));
            return;
        }

        var port = rdpTcp.GetValue("PortNumber") is { Type: RegistryValueType.DWord } p ? p.AsUInt32() : (uint?)null;
        var rules = system.OpenKey(RegistryPaths.Under(live, RegistryPaths.FirewallRules));
        var rulePorts = rules?.GetValues()
            .Where(v => v.Name.StartsWith(RegistryPaths.RdpFirewallRulePrefix, StringComparison.OrdinalIgnoreCase) && v.Type is RegistryValueType.String or RegistryValueType.ExpandString)
            .SelectMany(v => FirewallRule.LocalPorts(v.Data).Select(port => $"{v.Name}: LPort={port}"))
            .ToList() ?? [];
        if (port is { } listening && listening != RepairOptions.DefaultRdpPort)
        {
            bool matched = rulePorts.Count > 0 && rulePorts.All(r => r.EndsWith("LPort=" + listening.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            if (!matched)
            {
                findings.Add(new Finding("rdp-port", FindingKind.Cause, $"RDP listens on port {listening}, not 3389, and the firewall rules do not open it",
                    [$"RDP-Tcp PortNumber={listening}", .. rulePorts], RdpPortRepair.RepairName));
            }
        }

        var layer = rdpTcp.GetValue("SecurityLayer") is { Type: RegistryValueType.DWord } l ? l.AsUInt32() : (uint?)null;
        var nla = rdpTcp.GetValue("UserAuthentication") is { Type: RegistryValueType.DWord } u ? u.AsUInt32() : (uint?)null;
        if (layer == 0 && nla == 1)
        {
            findings.Add(new Finding("rdp-security-layer", FindingKind.Cause, "Network Level Authentication is required but the listener offers only the old RDP security layer",
                [$"RDP-Tcp SecurityLayer=0 (RDP security, no TLS)", "RDP-Tcp UserAuthentication=1 (NLA required)"], NlaRepair.RepairName));
        }
    }

    private static void Services(Hive system, string live, List<Finding> findings)
    {
        foreach (var (service, what) in new[] { ("TermService", "Remote Desktop Services"), ("SessionEnv", "Remote Desktop Configuration") })
        {
            var path = RegistryPaths.Under(live, $@"Services\{service}");
            if (system.OpenKey(path)?.GetValue("Start") is { Type: RegistryValueType.DWord } start && start.AsUInt32() == 4)
            {
                findings.Add(new Finding(service.ToLowerInvariant() + "-disabled", FindingKind.Cause, $"{service} ({what}) is disabled",
                    [$"{path}\\Start=4 (disabled)"], null, $"set it back to manual: offline-repair reg add TARGET-HIVE \"{path}\" /v Start /t REG_DWORD /d 3 /f"));
            }
        }

        var gpsvc = RegistryPaths.Under(live, RegistryPaths.GroupPolicyService);
        if (system.OpenKey(gpsvc)?.GetValue("Start") is { Type: RegistryValueType.DWord } gp && gp.AsUInt32() == 4)
        {
            findings.Add(new Finding("gpsvc-paused", FindingKind.Warning, "the Group Policy Client (gpsvc) is disabled, as group-policy leaves it to rule out a policy",
                [$"{gpsvc}\\Start=4"], null, "once Remote Desktop works: offline-repair fix TARGET group-policy --resume"));
        }
    }

    private static void CrashDump(Hive system, string live, List<Finding> findings)
    {
        var path = RegistryPaths.Under(live, RegistryPaths.CrashControl);
        var enabled = system.OpenKey(path)?.GetValue("CrashDumpEnabled");
        if (enabled is not { Type: RegistryValueType.DWord } e || e.AsUInt32() == 0)
        {
            findings.Add(new Finding("crash-dump-off", FindingKind.Information, "no memory dump is written when Windows stops", [$"{path}\\CrashDumpEnabled={Show(enabled)}"], CrashDumpRepair.RepairName));
        }
    }

    private static void SerialConsole(HiveSet hives, List<Finding> findings)
    {
        if (hives.Bcd is null)
        {
            return;
        }

        try
        {
            var plan = new SerialConsoleRepair().Plan(hives.ContextFor(new RepairOptions()));
            if (!plan.IsEmpty)
            {
                findings.Add(new Finding("serial-console-off", FindingKind.Information, "the Serial Console (EMS/SAC) is not fully on in the boot store",
                    plan.Changes.OfType<SetValueChange>().Select(c => $"{c.KeyPath}\\{c.ValueName}").ToList(), SerialConsoleRepair.RepairName));
            }
        }
        catch (RepairException e)
        {
            findings.Add(new Finding("boot-store-unusable", FindingKind.Warning, "the boot store cannot take the serial-console settings", [e.Message], null));
        }
    }

    private static void Volume(ITarget target, List<Finding> findings)
    {
        if (target is not ImageTarget image)
        {
            return;
        }

        foreach (var volume in image.Disk.Volumes.Where(v => v.HoldsWindows || v.HoldsBcd))
        {
            var state = volume.State;
            if (state.StartsWith("hibernated", StringComparison.Ordinal) || state.StartsWith("dirty", StringComparison.Ordinal) || state.StartsWith("$LogFile", StringComparison.Ordinal))
            {
                var id = state.StartsWith("hibernated", StringComparison.Ordinal) ? "volume-hibernated" : "volume-dirty";
                findings.Add(new Finding(id, FindingKind.Warning, $"partition {volume.Index} ({volume.Label ?? volume.FileSystem}) cannot be written as it is", [state], null,
                    "fix refuses to write it: " + state[(state.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()));
            }
        }
    }

    /// <summary>Control\Windows ShutdownTime: a FILETIME as REG_BINARY, written at each clean shutdown.</summary>
    private static DateTimeOffset? ShutdownTime(Hive system, string live)
    {
        var value = system.OpenKey(RegistryPaths.Under(live, @"Control\Windows"))?.GetValue("ShutdownTime");
        if (value is not { Type: RegistryValueType.Binary, Data.Length: 8 })
        {
            return null;
        }

        var ticks = BinaryPrimitives.ReadInt64LittleEndian(value.Data);
        return ticks is > 0 and < 2650467743999999999 ? DateTimeOffset.FromFileTime(ticks).ToUniversalTime() : null;
    }

    private static string Show(RegistryValue? value) =>
        value is null ? "absent" : value.Type == RegistryValueType.DWord ? value.AsUInt32()?.ToString(CultureInfo.InvariantCulture) ?? "?" : RegistryData.TypeName(value.Type);
}
