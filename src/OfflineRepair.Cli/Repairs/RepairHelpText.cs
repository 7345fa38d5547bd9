namespace OfflineRepair.Cli.Repairs;

/// <summary>The help texts of fix, restore, check and inspect.</summary>
internal static class RepairHelpText
{
    public const string Diagnose =
        "Reads the disk, writes nothing, and lists the likely causes of \"An internal error has occurred\", most likely first:\n" +
        "MachineKeys folder and RDP key file permissions, every TLS version disabled, the RDP certificate missing or expired or\n" +
        "its private key file gone, the listener's port and security layer, TermService/SessionEnv disabled; then warnings\n" +
        "(dirty or hibernated volume, dirty hives, gpsvc paused) and the state for the next step (serial console, crash dump).\n" +
        "Each finding has an id, its evidence and the repair that fixes it; `fix TARGET --from-diagnosis` makes those repairs.\n\n" +
        "Examples:\n" +
        "  offline-repair diagnose F:\n" +
        "  offline-repair diagnose osdisk.vhd --json\n" +
        "  offline-repair fix osdisk.vhd --from-diagnosis --dry-run";

    public const string Fix =
        "Makes the repairs of the RDP \"An internal error has occurred\" article on the OS disk's hives and boot store, offline.\n" +
        "First prints the plan: a table of every value to set (old -> new), key to create or delete, with notes and\n" +
        "the repairs skipped and why. With --dry-run it stops there and writes nothing. Otherwise it backs up every file it\n" +
        "changes, writes, reads back and verifies, prints what changed, the backup folder and the command that undoes it.\n" +
        "A repair already in place plans nothing: a second run says 'nothing to change'.\n" +
        "On a disk image (raw, VHD, VHDX) the files are written in place inside it; the backup folder also gets an undo\n" +
        "journal holding the original bytes of every block overwritten, and a fix that fails part-way puts them back at once.\n" +
        "A dirty or hibernated Windows volume is refused before anything is written (run chkdsk or boot Windows once).\n\n" +
        "Repairs: tls (TLS 1.0-1.2 server enabled), nla (Network Level Authentication), crash-dump (full memory dump),\n" +
        "serial-console (boot menu and EMS/SAC on COM1 at 115200 in the BCD store: the volume's Boot\\BCD or --bcd FILE),\n" +
        "rdp-port (RDP port and its firewall rules), rdp-cert (remove the RDP certificate so Windows makes a new one; SOFTWARE hive),\n" +
        "group-policy (pause gpsvc; --resume puts it back), machine-keys (owner and permissions of ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\n" +
        "and its key files: the article's takeown/icacls, or Windows' defaults with --mode defaults; needs a drive letter, an\n" +
        "ntfs-3g mount or a disk image). --all = tls nla crash-dump serial-console machine-keys.\n\n" +
        "Examples:\n" +
        "  offline-repair fix F: --all --dry-run\n" +
        "  offline-repair fix osdisk.vhd --all\n" +
        "  offline-repair fix osdisk.vhd machine-keys --mode defaults\n" +
        "  offline-repair fix /mnt/osdisk tls nla\n" +
        "  offline-repair fix SYSTEM crash-dump --control-sets all\n" +
        "  offline-repair fix F: --all --bcd S:\\EFI\\Microsoft\\Boot\\BCD\n" +
        "  offline-repair fix BCD serial-console --boot-timeout 10\n" +
        "  offline-repair fix /mnt/osdisk rdp-port --port 3390\n" +
        "  offline-repair fix /mnt/osdisk group-policy --resume --from ./offline-repair-backup-20250101-120000";

    public const string Restore =
        "Puts back the files a fix backed up (the folder fix printed), after checking each against the backup's\n" +
        "manifest: a file changed since that fix is refused unless --force. On a disk image it applies the backup's undo\n" +
        "journal, which gives back every byte the fix changed (file-system records and bitmaps too), then checks the files.\n\n" +
        "Examples:\n" +
        "  offline-repair restore osdisk.vhd --from ./offline-repair-backup-20250101-120000\n" +
        "  offline-repair restore /mnt/osdisk --from ./offline-repair-backup-20250101-120000\n" +
        "  offline-repair restore SYSTEM --from /tmp/backups/offline-repair-backup-20250101-120000 --force";

    public const string Check =
        "Checks, without writing, that the hives are sound and that the repairs are in place. Exit 0: sound and in place;\n" +
        "1: some repair is not in place (the changes that remain are listed); 2: a hive is corrupt or unreadable.\n" +
        "With no REPAIR it checks tls, nla, crash-dump, serial-console and machine-keys. --junit writes a JUnit XML report for CI systems.\n\n" +
        "Examples:\n" +
        "  offline-repair check /mnt/osdisk\n" +
        "  offline-repair check SYSTEM --junit check.xml\n" +
        "  offline-repair check F: tls nla --json\n" +
        "  offline-repair check BCD serial-console";

    public const string Inspect =
        "Shows, without writing, what the repairs look at: Windows' product name and build, the control sets and Select,\n" +
        "the current value of every setting the repairs touch in each control set, the RDP port and the ports its\n" +
        "firewall rules open, the RDP certificate (subject, thumbprint, expiry), the boot store's default loader and\n" +
        "serial-console settings, and each hive's state (logs replayed or not).\n\n" +
        "Examples:\n" +
        "  offline-repair inspect /mnt/osdisk\n" +
        "  offline-repair inspect SYSTEM --json\n" +
        "  offline-repair inspect /mnt/osdisk --bcd /mnt/esp/EFI/Microsoft/Boot/BCD";

    public const string RepairNames = "Repairs to make: tls, nla, crash-dump, serial-console, rdp-port, rdp-cert, group-policy, machine-keys.";
}
