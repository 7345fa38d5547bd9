using System.Buffers.Binary;
using System.Numerics;

namespace OfflineRepair.Registry.Logs;

/// <summary>
/// Marvin32, the keyed checksum Windows uses to protect new-format (HvLE) log entries. Written from
/// the published description of the algorithm: two 32-bit lanes, each little-endian input word added
/// to the low lane and mixed by a four-step add/rotate/xor round; the tail is padded with a 0x80
/// marker byte and two more rounds finish the state. The 64-bit result is (high lane, low lane).
/// </summary>
internal static class Marvin32
{
    /// <summary>
    /// The seed of registry log entries. Windows stores it as the bytes 82 EF 4D 88 7A 4E 55 C5,
    /// read here as a big-endian 64-bit number whose low half seeds the low lane.
    /// </summary>
    public const ulong RegistryLogSeed = 0x82EF4D887A4E55C5;

    public static ulong Compute(ReadOnlySpan<byte> data, ulong seed)
    {
        uint low = (uint)seed;
        uint high = (uint)(seed >> 32);

        while (data.Length >= 4)
        {
            low += BinaryPrimitives.ReadUInt32LittleEndian(data);
            Mix(ref low, ref high);
            data = data[4..];
        }

        // The marker byte sits right after the last data byte, so inputs that differ only by
        // trailing zero bytes still hash differently.
        uint tail = data.Length switch
        {
            0 => 0x80u,
            1 => 0x8000u | data[0],
            2 => 0x80_0000u | BinaryPrimitives.ReadUInt16LittleEndian(data),
            _ => 0x8000_0000u | BinaryPrimitives.ReadUInt16LittleEndian(data) | ((uint)data[2] << 16),
        };
        low += tail;
        Mix(ref low, ref high);
        Mix(ref low, ref high);

        return ((ulong)high << 32) | low;
    }

    private static void Mix(ref uint low, ref uint high)
    {
        high ^= low;
        low = BitOperations.RotateLeft(low, 20);
        low += high;
        high = BitOperations.RotateLeft(high, 9);
        high ^= low;
        low = BitOperations.RotateLeft(low, 27);
        low += high;
        high = BitOperations.RotateLeft(high, 19);
    }
}
