namespace OfflineRepair.Registry;

/// <summary>
/// The value types Windows names. Any other 32-bit number is a valid type too (device properties
/// use 0xFFFF00xx), so values carry the raw number and this enum only names the common ones.
/// </summary>
public enum RegistryValueType : uint
{
    None = 0,
    String = 1,
    ExpandString = 2,
    Binary = 3,
    DWord = 4,
    DWordBigEndian = 5,
    Link = 6,
    MultiString = 7,
    ResourceList = 8,
    FullResourceDescriptor = 9,
    ResourceRequirementsList = 10,
    QWord = 11,
}
