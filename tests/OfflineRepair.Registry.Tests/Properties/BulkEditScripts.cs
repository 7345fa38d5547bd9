using FsCheck;
using FsCheck.Fluent;

namespace OfflineRepair.Registry.Tests.Properties;

/// <summary>A bulk edit of one key's subkeys: insert many names, delete the subkeys at some positions, or commit.</summary>
public abstract record BulkEdit;

/// <summary>Inserts the names <c>string.Format(Style, n)</c> for each number (names that exist already just open).</summary>
public sealed record InsertMany(string Style, int[] Numbers) : BulkEdit
{
    public IEnumerable<string> Names() => Numbers.Select(n => string.Format(System.Globalization.CultureInfo.InvariantCulture, Style, n));

    public override string ToString() => $"InsertMany {{ Style = {Style}, {Numbers.Length} numbers: {string.Join(",", Numbers.Take(8))}... }}";
}

/// <summary>Deletes the subkeys found at these fractions of the current list (0 = first, 1 = past the last).</summary>
public sealed record DeleteAt(double[] Fractions) : BulkEdit
{
    public override string ToString() => $"DeleteAt {{ {Fractions.Length} positions: {string.Join(",", Fractions.Take(8).Select(f => f.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)))}... }}";
}

public sealed record BulkCommit : BulkEdit;

public sealed record BulkScript(IReadOnlyList<BulkEdit> Edits)
{
    public override string ToString() => $"{Edits.Count} bulk edits:\n  " + string.Join("\n  ", Edits);
}

/// <summary>Generators of bulk scripts: hundreds of names per insert in several styles, so leaves fill, split and empty.</summary>
public static class BulkEditScripts
{
    private static readonly string[] Styles = ["{0}", "k{0:D5}", "_{0}", "Ä{0}", "Ж{0}", "{0}z", "[{0}]", "µ{0}", "Μ{0}"];

    public static Arbitrary<BulkScript> Scripts() => Create(maxInserts: 700, maxDeletes: 600);

    internal static Arbitrary<BulkScript> Create(int maxInserts, int maxDeletes) => Arb.From(ScriptGen(maxInserts, maxDeletes), Shrink);

    private static Gen<BulkScript> ScriptGen(int maxInserts, int maxDeletes) =>
        from count in Gen.Choose(1, 8)
        from edits in Gen.ArrayOf(EditGen(maxInserts, maxDeletes), count)
        select new BulkScript(edits);

    private static Gen<BulkEdit> EditGen(int maxInserts, int maxDeletes) =>
        Gen.Frequency(
            (5, from style in Gen.Elements(Styles)
                from size in Gen.Choose(1, maxInserts)
                from numbers in Gen.ArrayOf(Gen.Choose(0, 20000), size)
                select (BulkEdit)new InsertMany(style, numbers)),
            (3, from size in Gen.Choose(1, maxDeletes)
                from fractions in Gen.ArrayOf(Gen.Choose(0, 9999).Select(i => i / 10000.0), size)
                select (BulkEdit)new DeleteAt(fractions)),
            (1, Gen.Constant<BulkEdit>(new BulkCommit())));

    private static IEnumerable<BulkScript> Shrink(BulkScript script)
    {
        var edits = script.Edits;
        for (int i = 0; i < edits.Count && edits.Count > 1; i++)
        {
            yield return new BulkScript(edits.Where((_, j) => j != i).ToList());
        }

        for (int i = 0; i < edits.Count; i++)
        {
            BulkEdit? smaller = edits[i] switch
            {
                InsertMany { Numbers.Length: > 1 } insert => insert with { Numbers = insert.Numbers[..(insert.Numbers.Length / 2)] },
                DeleteAt { Fractions.Length: > 1 } delete => delete with { Fractions = delete.Fractions[..(delete.Fractions.Length / 2)] },
                _ => null,
            };
            if (smaller is not null)
            {
                var copy = edits.ToList();
                copy[i] = smaller;
                yield return new BulkScript(copy);
            }
        }
    }
}

/// <summary>
/// Smaller bulk scripts (at most 150 inserts or deletes per edit), for a start hive whose lists
/// already hold thousands of entries: each lookup there costs a comparison per entry.
/// </summary>
public static class SmallBulkEditScripts
{
    public static Arbitrary<BulkScript> Scripts() => BulkEditScripts.Create(maxInserts: 150, maxDeletes: 150);
}
