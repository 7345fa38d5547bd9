using System.Buffers.Binary;
using System.Diagnostics;
using FsCheck;
using FsCheck.Xunit;

namespace OfflineRepair.Security.Tests;

/// <summary>
/// Bad input never crashes: mutated descriptors and SDDL strings give a clean result or a named
/// refusal (<see cref="SecurityFormatException"/> for bytes, <see cref="FormatException"/> for SDDL),
/// nothing else and no hang. And whatever parses writes back exactly what was read.
/// </summary>
public sealed class FuzzTests
{
    private const int Iterations = 6000;

    private static readonly string[] SeedSddl =
    [
        "O:BAG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)",
        "O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)",
        "O:S-1-5-21-311151722-437878493-4115995562-1000G:S-1-5-21-311151722-437878493-4115995562-513D:AI(A;OICIID;FA;;;BA)(A;OICIID;FA;;;SY)(A;ID;0x1200a9;;;BU)S:AI(ML;OICIIOID;NW;;;LW)",
        "O:BAD:P(D;;FA;;;BG)(A;;FA;;;SY)S:PAI(AU;SAFA;FA;;;WD)",
        "D:(OA;CI;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)(OD;;WP;;bf967aba-0de6-11d0-a285-00aa003049e2;AN)",
        "O:SYD:NO_ACCESS_CONTROL",
        "D:(A;OICIIO;SDGXGWGR;;;AU)(A;;CCLCSWRPWPDTLOCRRC;;;S-1-5-80-4022436659-1090538466-1613889075-870485073-3428993833)",
    ];

    [Fact]
    public void Mutated_descriptors_give_only_security_format_errors()
    {
        var seeds = SeedSddl.Select(s => SecurityDescriptor.ParseSddl(s).ToBytes()).ToList();
        var outcomes = new Dictionary<string, int>();
        var watch = Stopwatch.StartNew();
        for (var seed = 0; seed < Iterations; seed++)
        {
            var rng = new Random(seed);
            var bytes = Mutate(seeds[rng.Next(seeds.Count)], rng);
            var outcome = Check(bytes);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        TestContext.Current.SendDiagnosticMessage(string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")));
        Assert.True(outcomes.GetValueOrDefault("parsed") > Iterations / 20, "too few mutations parse: the fuzzer only tests the header checks");
        Assert.True(outcomes.Keys.Count(k => k.StartsWith("refused", StringComparison.Ordinal)) >= 4, "too few kinds of refusal");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Property(MaxTest = 1000)]
    public void Random_bytes_behind_a_valid_header_give_only_security_format_errors(byte[] body, byte ownerSlot, byte daclSlot, ushort control)
    {
        // A plausible header, so the random bytes reach the SID and ACL parsers.
        var bytes = new byte[20 + body.Length];
        bytes[0] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), (ushort)(control | 0x8000));
        if (body.Length > 0)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(20 + (ownerSlot % body.Length)));
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)(20 + (daclSlot % body.Length)));
        }

        body.CopyTo(bytes, 20);
        Check(bytes);
    }

    [Property(MaxTest = 1000)]
    public void Random_bytes_as_sid_ace_or_acl_give_only_security_format_errors(byte[] bytes)
    {
        Refused(() => SecurityIdentifier.Read(bytes, out _).ToBytes(), bytes);
        Refused(() => AccessControlEntry.Read(bytes, out _).ToBytes(), bytes);
        Refused(() => AccessControlList.Read(bytes, out _).ToBytes(), bytes);
    }

    [Fact]
    public void Mutated_sddl_gives_only_format_errors()
    {
        const string alphabet = "OGDS:()P;AIRCFXWNLUKYB0x123456789-abcdefQ ";
        var outcomes = new Dictionary<string, int>();
        var watch = Stopwatch.StartNew();
        for (var seed = 0; seed < Iterations; seed++)
        {
            var rng = new Random(seed);
            var text = SeedSddl[rng.Next(SeedSddl.Length)].ToCharArray().ToList();
            for (var n = rng.Next(1, 4); n > 0; n--)
            {
                var at = rng.Next(text.Count + 1);
                switch (rng.Next(5))
                {
                    case 0 when text.Count > 0:
                        text.RemoveAt(Math.Min(at, text.Count - 1));
                        break;
                    case 1:
                        text.Insert(at, alphabet[rng.Next(alphabet.Length)]);
                        break;
                    case 2 when at < text.Count:
                        text[at] = alphabet[rng.Next(alphabet.Length)];
                        break;
                    case 3:
                        text.RemoveRange(at, text.Count - at);
                        break;
                    default:
                        var from = rng.Next(text.Count + 1);
                        var length = rng.Next(0, Math.Min(12, text.Count - from) + 1);
                        text.InsertRange(at, text.GetRange(from, length));
                        break;
                }
            }

            var sddl = new string([.. text]);
            string outcome;
            try
            {
                var parsed = SecurityDescriptor.ParseSddl(sddl);
                var written = parsed.ToSddl();
                var again = SecurityDescriptor.ParseSddl(written);
                Assert.True(parsed.Equals(again), $"'{sddl}' → '{written}' does not parse back to the same descriptor");
                Assert.Equal(written, again.ToSddl());
                Assert.Equal(parsed.ToBytes(), again.ToBytes());
                outcome = "parsed";
            }
            catch (FormatException)
            {
                outcome = "refused";
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        TestContext.Current.SendDiagnosticMessage(string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));
        Assert.True(outcomes.GetValueOrDefault("parsed") > Iterations / 20);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Property(MaxTest = 500)]
    public void Random_text_gives_only_format_errors(string? text)
    {
        foreach (var candidate in new[] { text ?? "", "O:" + text, "D:(" + text + ")", "D:(A;;" + text + ";;;SY)" })
        {
            try
            {
                SecurityDescriptor.ParseSddl(candidate).ToSddl();
            }
            catch (FormatException)
            {
            }

            try
            {
                SecurityIdentifier.Parse(candidate);
            }
            catch (FormatException)
            {
            }
        }
    }

    // Parses, and checks what a parse promises; returns "parsed" or "refused: <structure that failed>".
    private static string Check(byte[] bytes)
    {
        SecurityDescriptor descriptor;
        try
        {
            descriptor = SecurityDescriptor.Parse(bytes);
        }
        catch (SecurityFormatException e)
        {
            return $"refused: {e.Structure}";
        }

        Assert.True(bytes.AsSpan().SequenceEqual(descriptor.ToBytes()), "a parsed descriptor must write back exactly what was read");
        Assert.NotNull(descriptor.ToString());
        try
        {
            var sddl = descriptor.ToSddl();
            var reparsed = SecurityDescriptor.ParseSddl(sddl);
            Assert.Equal(sddl, reparsed.ToSddl());
        }
        catch (NotSupportedException)
        {
            // An ACE SDDL has no words for (unknown type or flag bits): refused by name, which is the contract.
        }

        return "parsed";
    }

    private static void Refused(Action action, byte[] bytes)
    {
        try
        {
            action();
        }
        catch (SecurityFormatException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{Convert.ToHexString(bytes)}: {e.GetType().Name}: {e.Message}");
        }
    }

    private static byte[] Mutate(byte[] seed, Random rng)
    {
        var bytes = seed.ToList();
        for (var n = rng.Next(1, 4); n > 0; n--)
        {
            var at = rng.Next(Math.Max(1, bytes.Count));
            switch (rng.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = (byte)rng.Next(256);
                    break;
                case 2 when bytes.Count > 0:
                    bytes[at] = rng.Next(2) == 0 ? (byte)0 : (byte)0xFF;
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    bytes.InsertRange(Math.Min(at, bytes.Count), Enumerable.Range(0, rng.Next(1, 9)).Select(_ => (byte)rng.Next(256)));
                    break;
                case 5 when bytes.Count >= 20:
                    // Point owner, group, SACL or DACL somewhere else.
                    var field = 4 * rng.Next(1, 5);
                    var value = (uint)rng.Next(0, bytes.Count + 8);
                    for (var i = 0; i < 4; i++)
                    {
                        bytes[field + i] = (byte)(value >> (8 * i));
                    }

                    break;
                default:
                    // A size or count field of an ACL or ACE (they are 16-bit, little-endian).
                    if (bytes.Count > 2)
                    {
                        var pos = rng.Next(bytes.Count - 1);
                        var size = (ushort)rng.Next(0, 80);
                        bytes[pos] = (byte)size;
                        bytes[pos + 1] = (byte)(size >> 8);
                    }

                    break;
            }
        }

        return [.. bytes];
    }
}
