using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using OfflineRepair.Registry.Tests.Oracles;

namespace OfflineRepair.Registry.Tests.Properties;

/// <summary>
/// Runs an FsCheck property from a plain test, after the oracles it needs were found: a missing
/// oracle must skip the test (or fail it in CI), which a skip thrown inside a property cannot do
/// (FsCheck reports it as a falsified case). The seed is fixed, so every run checks the same cases.
/// </summary>
internal static class PropertyRun
{
    public static void Check<T>(Arbitrary<T> cases, int count, ulong seed, ulong gamma, Action<T> property)
    {
        HivexOracle.RequirePython();
        WindowsNames.Upcase('a');
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(count)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, gamma), FSharpOption<int>.None)));
        FsCheck.Check.One(config, Prop.ForAll(cases, property));
    }
}
