using FsCheck;
using FsCheck.Fluent;

namespace OfflineRepair.Registry.Tests.Properties;

/// <summary>One random edit: create a key path, set a value (creating its key), delete a value, delete a key tree, or commit.</summary>
public abstract record Edit;

public sealed record CreateKeyEdit(string Path) : Edit
{
    public override string ToString() => $"CreateKey '{EditScripts.Show(Path)}'";
}

public sealed record SetValueEdit(string Path, string Name, uint Type, int Size, int Seed) : Edit
{
    public override string ToString() => $"SetValue '{EditScripts.Show(Path)}' : '{EditScripts.Show(Name)}' type 0x{Type:X} {Size} bytes (seed {Seed})";

    public byte[] Data()
    {
        var data = new byte[Size];
        new Random(Seed).NextBytes(data);
        return data;
    }
}

public sealed record DeleteValueEdit(string Path, string Name) : Edit
{
    public override string ToString() => $"DeleteValue '{EditScripts.Show(Path)}' : '{EditScripts.Show(Name)}'";
}

public sealed record DeleteKeyTreeEdit(string Path) : Edit
{
    public override string ToString() => $"DeleteKeyTree '{EditScripts.Show(Path)}'";
}

public sealed record CommitEdit : Edit
{
    public override string ToString() => "Commit";
}

/// <summary>A sequence of random edits.</summary>
public sealed record EditScript(IReadOnlyList<Edit> Edits)
{
    public override string ToString() => $"{Edits.Count} edits:\n  " + string.Join("\n  ", Edits);
}

/// <summary>
/// FsCheck generators: names from a small pool (so edits often hit existing keys and values) that
/// holds names equal or different only under Windows' table, punctuation between 'Z' and 'a',
/// non-Latin-1 and surrogate-pair names; data sizes around the inline, cell and big-data limits.
/// Shrinking drops edits.
/// </summary>
public static class EditScripts
{
    private static readonly string[] KeyNames =
        ["a", "A", "b", "Key", "KEY", "µ", "Μ", "ÿ", "Ÿ", "_", "[x", "Z", "zz", "Ключ", "ключ", "日本", "😀", new string('k', 255)];

    private static readonly string[] ValueNames =
        ["", "v", "V", "value", "VALUE", "значение", "µ", "Μ", "ÿ", "Ÿ", "😀", new string('n', 300)];

    private static readonly uint[] Types = [0, 1, 2, 3, 4, 7, 11, 0xFFFF0011, 0xFFFFFFFF];

    /// <summary>A name or path for messages: long runs of one letter shortened ("k×255").</summary>
    public static string Show(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"(\w)\1{9,}", m => $"{m.Value[0]}×{m.Length}");

    public static Arbitrary<EditScript> Scripts() => Arb.From(ScriptGen(), Shrink);

    private static Gen<EditScript> ScriptGen() =>
        from count in Gen.Choose(1, 30)
        from edits in Gen.ArrayOf(EditGen(), count)
        select new EditScript(edits);

    private static Gen<string> PathGen() =>
        from depth in Gen.Frequency((5, Gen.Constant(1)), (3, Gen.Constant(2)), (1, Gen.Constant(3)))
        from names in Gen.ArrayOf(Gen.Elements(KeyNames), depth)
        select string.Join('\\', names);

    private static Gen<int> SizeGen() =>
        Gen.Frequency(
            (4, Gen.Choose(0, 4)),
            (4, Gen.Choose(5, 200)),
            (2, Gen.Choose(1000, 5000)),
            (2, Gen.Elements(16343, 16344, 16345, 16346)),
            (2, Gen.Choose(16347, 60000)));

    private static Gen<Edit> EditGen() =>
        Gen.Frequency(
            (3, PathGen().Select(Edit (p) => new CreateKeyEdit(p))),
            (5, from p in PathGen()
                from n in Gen.Elements(ValueNames)
                from t in Gen.Elements(Types)
                from s in SizeGen()
                from seed in Gen.Choose(0, 1000)
                select (Edit)new SetValueEdit(p, n, t, s, seed)),
            (2, from p in PathGen()
                from n in Gen.Elements(ValueNames)
                select (Edit)new DeleteValueEdit(p, n)),
            (2, PathGen().Select(Edit (p) => new DeleteKeyTreeEdit(p))),
            (1, Gen.Constant<Edit>(new CommitEdit())));

    private static IEnumerable<EditScript> Shrink(EditScript script)
    {
        var edits = script.Edits;
        if (edits.Count > 1)
        {
            yield return new EditScript(edits.Take(edits.Count / 2).ToList());
            yield return new EditScript(edits.Skip(edits.Count / 2).ToList());
        }

        for (int i = 0; i < edits.Count && edits.Count > 1; i++)
        {
            yield return new EditScript(edits.Where((_, j) => j != i).ToList());
        }
    }
}
