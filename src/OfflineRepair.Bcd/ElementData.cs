using OfflineRepair.Registry;

namespace OfflineRepair.Bcd;

/// <summary>An Element value ready to store: its registry type and bytes.</summary>
public sealed record ElementData(RegistryValueType Type, byte[] Data)
{
    public override string ToString() => $"{RegistryData.TypeName(Type)} {Convert.ToHexString(Data).ToLowerInvariant()}";
}
