using System.Diagnostics;
using System.Runtime.InteropServices;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Cli.Tests.EndToEnd;

/// <summary>
/// The linux-x64 release executable, published once per test run by <c>dotnet publish</c> with the
/// release profile (Properties/PublishProfiles/linux-x64.pubxml: self-contained, single file) into a
/// temporary folder. To keep the publish to seconds it is neither trimmed nor precompiled
/// (ReadyToRun recompiles the whole framework: minutes); scripts/publish.sh builds and checks those.
/// The libraries are the ones the test build already made, not rebuilt. Published on first use, so
/// that a test skipped off linux-x64 publishes nothing.
/// </summary>
public sealed class PublishedExecutable : IDisposable
{
    private const int PublishTimeoutSeconds = 600;

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly TemporaryDirectory _directory = new();
    private readonly Lazy<string> _path;

    public PublishedExecutable()
    {
        // Publishing throws at most once: a failed publish fails every test that needs it, with its log.
        _path = new Lazy<string>(Publish, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>How long the one publish took.</summary>
    public TimeSpan PublishTime { get; private set; }

    /// <summary>
    /// The executable. Skips the test (fails it under OFFLINEREPAIR_REQUIRE_ORACLES=1) where the
    /// release cannot run: anywhere but linux-x64, or without the dotnet SDK.
    /// </summary>
    public string Path
    {
        get
        {
            if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
            {
                Requirement.Missing($"a linux-x64 machine to run the published linux-x64 executable (this is {RuntimeInformation.RuntimeIdentifier})");
            }

            return _path.Value;
        }
    }

    /// <summary>Runs the executable (not <c>dotnet run</c>) in <paramref name="workingDirectory"/>.</summary>
    public ToolResult Run(string workingDirectory, params string[] arguments) =>
        Tools.Run(Path, arguments, timeoutSeconds: 120, workingDirectory: workingDirectory);

    public void Dispose() => _directory.Dispose();

    private string Publish()
    {
        var dotnet = Tools.Find("dotnet");
        if (dotnet is null)
        {
            Requirement.Missing("the dotnet SDK on PATH, to publish the executable");
        }

        var project = System.IO.Path.Combine(RepositoryRoot.Find(), "src", "OfflineRepair.Cli", "OfflineRepair.Cli.csproj");
        var output = _directory.File("publish");
        var clock = Stopwatch.StartNew();
        var result = Tools.Run(
            dotnet!,
            [
                "publish", project, "-c", Configuration, "-p:PublishProfile=linux-x64",
                "-p:PublishTrimmed=false", "-p:PublishReadyToRun=false", "-p:BuildProjectReferences=false",
                "-o", output, "--nologo", "--disable-build-servers",
            ],
            timeoutSeconds: PublishTimeoutSeconds);
        PublishTime = clock.Elapsed;
        if (result.ExitCode != 0)
        {
            var log = (result.StandardOutput + result.StandardError).Split('\n');
            Assert.Fail($"dotnet publish failed with exit code {result.ExitCode}:\n{string.Join('\n', log.TakeLast(40))}");
        }

        var executable = System.IO.Path.Combine(output, "offline-repair");
        Assert.True(File.Exists(executable), $"dotnet publish made no {executable}");
        return executable;
    }
}
