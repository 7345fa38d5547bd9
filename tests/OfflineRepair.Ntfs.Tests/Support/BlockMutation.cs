namespace OfflineRepair.Ntfs.Tests.Support;

/// <summary>
/// One damaged copy of an MFT record or index block for the fuzz tests: one to three bytes flipped,
/// zeroed, set or made random. With <c>refix</c> the fixups are taken off first and put back after,
/// so the damage reaches the parser instead of stopping at the update sequence check (the header
/// with the update sequence array is then left alone).
/// </summary>
internal static class BlockMutation
{
    public static void Mutate(Span<byte> block, bool refix, Random rng)
    {
        if (refix)
        {
            Fixups.Remove(block);
        }

        for (var n = rng.Next(1, 4); n > 0; n--)
        {
            var at = refix ? rng.Next(8, block.Length) : rng.Next(block.Length);
            block[at] = rng.Next(4) switch
            {
                0 => (byte)(block[at] ^ (1 << rng.Next(8))),
                1 => 0,
                2 => 0xFF,
                _ => (byte)rng.Next(256),
            };
        }

        if (refix)
        {
            Fixups.Protect(block);
        }
    }
}
