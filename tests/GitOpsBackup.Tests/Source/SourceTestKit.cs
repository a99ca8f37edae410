using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using GitOpsBackup.Tests.Fixtures;
using LibGit2Sharp;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsBackup.Tests.Source;

/// <summary>Shared helpers for the source tests: a cache folder, a fake clock, a spec file.</summary>
internal sealed class SourceTestKit : IDisposable
{
    static SourceTestKit()
    {
        // libgit2 in this process must not read the machine's or the user's git config: point it at a
        // folder that does not exist (nothing to clean up).
        var empty = Path.Combine(Path.GetTempPath(), $"gob-no-gitconfig-{Guid.NewGuid():N}");
        GlobalSettings.SetConfigSearchPaths(ConfigurationLevel.Global, empty);
        GlobalSettings.SetConfigSearchPaths(ConfigurationLevel.Xdg, empty);
        GlobalSettings.SetConfigSearchPaths(ConfigurationLevel.System, empty);
    }

    public string CacheRoot { get; } = GitPorts.NewTempDirectory("gob-cache");

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));

    /// <summary>The back-off's jitter draw: 0 adds none, so tests can pin exact waits.</summary>
    public Func<double> Jitter { get; set; } = () => 0;

    public GitSource Source(string url, GitRef? gitRef = null, GitAuth? auth = null, string? subPath = null) =>
        new(Options(url, gitRef, auth, subPath), Time, Jitter);

    public GitSourceOptions Options(string url, GitRef? gitRef = null, GitAuth? auth = null, string? subPath = null) => new()
    {
        Url = url,
        Ref = gitRef ?? GitRef.Branch("main"),
        CacheRoot = CacheRoot,
        Auth = auth ?? GitAuth.None,
        SubPath = subPath,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static string Spec(string name, string schedule = "30 2 * * *") => $"""
        apiVersion: backup.homelab.dev/v1alpha1
        kind: HomelabBackup
        metadata:
          name: {name}
          namespace: {name}
        spec:
          backupBucket: {name}-backup
          schedule: "{schedule}"
          volumes:
            - name: {name}-data
        """;

    public static SourceResult.Updated AssertUpdated(SourceResult result) =>
        result as SourceResult.Updated ?? throw new Xunit.Sdk.XunitException($"expected Updated, got {result}");

    public static Dictionary<string, string> ReadAll(IRepoTree tree) =>
        tree.EnumerateFiles().ToDictionary(f => f.Path, f => System.Text.Encoding.UTF8.GetString(f.ReadAllBytes()));

    public void Dispose() => GitPorts.DeleteDirectory(CacheRoot);
}
