using System.CommandLine;
using GitOpsBackup.Cli;
using GitOpsBackup.Specs;
using GitOpsBackup.Tests.Fixtures;

namespace GitOpsBackup.Tests.Source;

/// <summary>
/// The CLI's shared source options, through a verb shaped like validate/render/plan: a PATH
/// argument plus <see cref="SourceOptions"/>, against a real git daemon.
/// </summary>
public sealed class SourceOptionsTests : IClassFixture<GitDaemonFixture>, IDisposable
{
    private readonly GitDaemonFixture _server;
    private readonly SourceTestKit _kit = new();

    public SourceOptionsTests(GitDaemonFixture server) => _server = server;

    public void Dispose() => _kit.Dispose();

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, _kit.Time);
        var path = new Argument<string>("PATH") { Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "." };
        var command = new Command("load") { path };
        var source = SourceOptions.AddTo(command, path);
        command.SetAction(async (parsed, ct) =>
        {
            using var resolved = await source.ResolveAsync(parsed, context, ct);
            if (resolved.Error is { } error)
            {
                await context.Error.WriteLineAsync($"error: {error}");
                return 2;
            }

            var specs = new SpecLoader().Load(resolved.Tree!);
            await context.Out.WriteLineAsync($"{resolved.Display}: {string.Join(",", specs.Apps.Select(a => a.Name))}");
            return 0;
        });
        var root = new RootCommand { command };
        var exit = await root.Parse(["load", .. args]).InvokeAsync();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Repo_Ref_Path_LoadTheRemoteSubFolder()
    {
        var repo = _server.CreateRepo("cli" + Guid.NewGuid().ToString("N")[..6]);
        repo.Commit(new Dictionary<string, string?> { ["clusters/home/a/backup.yaml"] = SourceTestKit.Spec("alpha"), ["other/b.yaml"] = SourceTestKit.Spec("beta") });
        repo.Tag("v1.0.0");

        var (exit, stdout, stderr) = await RunAsync("--repo", _server.Url(repo.Name), "--ref", "semver:^1", "--path", "clusters/home", "--cache-dir", _kit.CacheRoot);

        Assert.True(exit == 0, stderr);
        Assert.StartsWith($"{_server.Url(repo.Name)}@v1.0.0@sha1:", stdout, StringComparison.Ordinal);
        Assert.EndsWith(": alpha\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableRepo_IsAnIoErrorNamingTheReason()
    {
        var (exit, _, stderr) = await RunAsync("--repo", $"git://127.0.0.1:{GitPorts.Next()}/none.git", "--cache-dir", _kit.CacheRoot);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: Unreachable:", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--ref needs --repo", "--ref", "main")]
    [InlineData("not a semver range", "--repo", "git://127.0.0.1:1/x.git", "--ref", "semver:>=banana")]
    [InlineData("give either PATH or --repo", "somewhere", "--repo", "git://127.0.0.1:1/x.git")]
    [InlineData("carries a password", "--repo", "https://me:hunter2@example.invalid/x.git")]
    public async Task UsageErrors(string expected, params string[] args)
    {
        var (exit, _, stderr) = await RunAsync([.. args, "--cache-dir", _kit.CacheRoot]);

        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutRepo_PathAndSubPathAreLocal()
    {
        var dir = GitPorts.NewTempDirectory("gob-local");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "sub", "a"));
            await File.WriteAllTextAsync(Path.Combine(dir, "sub", "a", "backup.yaml"), SourceTestKit.Spec("local"));

            var (exit, stdout, stderr) = await RunAsync(dir, "--path", "sub");

            Assert.True(exit == 0, stderr);
            Assert.EndsWith(": local\n", stdout, StringComparison.Ordinal);
        }
        finally
        {
            GitPorts.DeleteDirectory(dir);
        }
    }
}
