using System.Globalization;

namespace OfflineRepair.Partitions;

/// <summary>
/// Partition type ids (MBR bytes and GPT GUIDs) and the names this tool shows for them. The GUIDs
/// are the UEFI specification's and Microsoft's (PARTITION_INFORMATION_GPT); Linux ones from the
/// Discoverable Partitions Specification, as sgdisk knows them.
/// </summary>
public static class PartitionTypes
{
    // Names shared by MBR and GPT, so callers can match one string whatever the disk's style.
    public const string BasicDataName = "NTFS/basic data";
    public const string EfiSystemName = "EFI System";
    public const string MicrosoftReservedName = "Microsoft reserved";
    public const string WindowsRecoveryName = "Windows Recovery";
    public const string ExtendedName = "Extended";
    public const string LinuxName = "Linux";
    public const string LinuxSwapName = "Linux swap";
    public const string LinuxLvmName = "Linux LVM";
    public const string LinuxRaidName = "Linux RAID";
    public const string GptProtectiveName = "GPT protective";
    public const string DynamicDiskName = "LDM dynamic disk";
    public const string DynamicDiskMetadataName = "LDM metadata";
    public const string DynamicDiskDataName = "LDM data";

    // MBR type bytes.
    public const byte MbrEmpty = 0x00;
    public const byte MbrFat12 = 0x01;
    public const byte MbrFat16Small = 0x04;
    public const byte MbrExtended = 0x05;
    public const byte MbrFat16 = 0x06;
    public const byte MbrNtfs = 0x07;
    public const byte MbrFat32 = 0x0B;
    public const byte MbrFat32Lba = 0x0C;
    public const byte MbrFat16Lba = 0x0E;
    public const byte MbrExtendedLba = 0x0F;
    public const byte MbrWindowsRecovery = 0x27;
    public const byte MbrDynamicDisk = 0x42;
    public const byte MbrLinuxSwap = 0x82;
    public const byte MbrLinux = 0x83;
    public const byte MbrLinuxExtended = 0x85;
    public const byte MbrLinuxLvm = 0x8E;
    public const byte MbrGptProtective = 0xEE;
    public const byte MbrEfiSystem = 0xEF;
    public const byte MbrLinuxRaid = 0xFD;

    // GPT type GUIDs.
    public static readonly Guid EfiSystem = new("c12a7328-f81f-11d2-ba4b-00a0c93ec93b");
    public static readonly Guid MicrosoftReserved = new("e3c9e316-0b5c-4db8-817d-f92df00215ae");
    public static readonly Guid BasicData = new("ebd0a0a2-b9e5-4433-87c0-68b6b72699c7");
    public static readonly Guid WindowsRecovery = new("de94bba4-06d1-4d40-a16a-bfd50179d6ac");
    public static readonly Guid DynamicDiskMetadata = new("5808c8aa-7e8f-42e0-85d2-e1e90434cfb3");
    public static readonly Guid DynamicDiskData = new("af9b60a0-1431-4f62-bc68-3311714a69ad");
    public static readonly Guid StorageSpaces = new("e75caf8f-f680-4cee-afa3-b001e56efc2d");
    public static readonly Guid BiosBoot = new("21686148-6449-6e6f-744e-656564454649");
    public static readonly Guid LinuxFileSystem = new("0fc63daf-8483-4772-8e79-3d69d8477de4");
    public static readonly Guid LinuxRootX64 = new("4f68bce3-e8cd-4db1-96e7-fbcaf984b709");
    public static readonly Guid LinuxHome = new("933ac7e1-2eb4-4f13-b844-0e14e2aef915");
    public static readonly Guid LinuxSwap = new("0657fd6d-a4ab-43c4-84e5-0933c84b4f4f");
    public static readonly Guid LinuxLvm = new("e6d6d379-f507-44c2-a23c-238f2a3df928");
    public static readonly Guid LinuxRaid = new("a19d880f-05fc-4d3b-a006-743f0f84911e");

    private static readonly Dictionary<byte, string> MbrNames = new()
    {
        [MbrFat12] = "FAT12",
        [MbrFat16Small] = "FAT16 <32M",
        [MbrExtended] = ExtendedName,
        [MbrFat16] = "FAT16",
        [MbrNtfs] = BasicDataName,
        [MbrFat32] = "FAT32",
        [MbrFat32Lba] = "FAT32 (LBA)",
        [MbrFat16Lba] = "FAT16 (LBA)",
        [MbrExtendedLba] = ExtendedName,
        [MbrWindowsRecovery] = WindowsRecoveryName,
        [MbrDynamicDisk] = DynamicDiskName,
        [MbrLinuxSwap] = LinuxSwapName,
        [MbrLinux] = LinuxName,
        [MbrLinuxExtended] = ExtendedName,
        [MbrLinuxLvm] = LinuxLvmName,
        [MbrGptProtective] = GptProtectiveName,
        [MbrEfiSystem] = EfiSystemName,
        [MbrLinuxRaid] = LinuxRaidName,
    };

    private static readonly Dictionary<Guid, string> GptNames = new()
    {
        [EfiSystem] = EfiSystemName,
        [MicrosoftReserved] = MicrosoftReservedName,
        [BasicData] = BasicDataName,
        [WindowsRecovery] = WindowsRecoveryName,
        [DynamicDiskMetadata] = DynamicDiskMetadataName,
        [DynamicDiskData] = DynamicDiskDataName,
        [StorageSpaces] = "Storage Spaces",
        [BiosBoot] = "BIOS boot",
        [LinuxFileSystem] = LinuxName,
        [LinuxRootX64] = "Linux root (x86-64)",
        [LinuxHome] = "Linux /home",
        [LinuxSwap] = LinuxSwapName,
        [LinuxLvm] = LinuxLvmName,
        [LinuxRaid] = LinuxRaidName,
    };

    /// <summary>Whether an MBR entry of this type holds a chain of extended boot records.</summary>
    public static bool IsExtended(byte mbrType) =>
        mbrType is MbrExtended or MbrExtendedLba or MbrLinuxExtended;

    /// <summary>The name of an MBR type, or its id as "0x07" when unknown.</summary>
    public static string NameOf(byte mbrType) =>
        MbrNames.TryGetValue(mbrType, out var name) ? name : "0x" + mbrType.ToString("X2", CultureInfo.InvariantCulture);

    /// <summary>The name of a GPT type, or the GUID itself when unknown.</summary>
    public static string NameOf(Guid gptType) =>
        GptNames.TryGetValue(gptType, out var name) ? name : gptType.ToString("D", CultureInfo.InvariantCulture);
}
