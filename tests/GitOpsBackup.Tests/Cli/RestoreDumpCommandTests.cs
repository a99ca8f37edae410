using GitOpsBackup.Cli;
using GitOpsBackup.Tests.Cluster.Contract;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Rendering;
using k8s.Models;

namespace GitOpsBackup.Tests.Cli;

/// <summary>
/// `snapshots --dump` and `restore --dump` against the embedded cluster, with sample-repo's paperless
/// (a postgres dump) and a real local restic repository holding a dump tagged as the backup pod tags it.
/// </summary>
public sealed class RestoreDumpCommandTests(EmbeddedTarget cluster) : IClassFixture<EmbeddedTarget>, IDisposable
{
    private readonly string _kubeconfig = PlanCommandTests.WriteKubeconfig(cluster);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gob-restore-dump-cli-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        File.Delete(_kubeconfig);
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task DumpRestore_IsListed_Refused_Planned_AndItsJobCreated()
    {
        var (repo, passwordFile) = await SeedRepositoryAsync();
        var state = cluster.Embedded!.State;
        state.Seed("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"paperless"}}""");
        string[] local = ["--local", "--repository", repo, "--restic-password-file", passwordFile, "--kubeconfig", _kubeconfig];
        string[] restore = ["restore", "paperless", CheckoutPaths.SampleRepo, "--dump", "paperless-db", .. local];

        var listed = await CliRunner.RunAsync(["snapshots", "paperless", CheckoutPaths.SampleRepo, "--dump", "paperless-db", .. local]);
        Assert.True(listed.Exit == ExitCodes.Ok, listed.Stderr);
        Assert.Contains("dump paperless-db", listed.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("1 snapshot(s)\n", listed.Stdout, StringComparison.Ordinal);

        var unknown = await CliRunner.RunAsync(["restore", "paperless", CheckoutPaths.SampleRepo, "--dump", "paperless", .. local]);
        Assert.Equal(ExitCodes.Findings, unknown.Exit);
        Assert.Contains("refused: paperless/paperless has no dump 'paperless' (spec apps/paperless/backup.yaml:", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("give --dump one of: paperless-db", unknown.Stderr, StringComparison.Ordinal);

        var noTarget = await CliRunner.RunAsync(restore);
        Assert.Equal(ExitCodes.Findings, noTarget.Exit);
        Assert.Contains("createdb --host paperless-postgres.paperless.svc --port 5432 --username paperless paperless_restore", noTarget.Stderr, StringComparison.Ordinal);

        var dryRun = await CliRunner.RunAsync([.. restore, "--to-database", "paperless_restore"]);
        Assert.True(dryRun.Exit == ExitCodes.Ok, dryRun.Stderr);
        Assert.Contains("(dry run: nothing is created", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("(the latest; 1 snapshot(s) of this dump)", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("loads into database paperless_restore on paperless-postgres.paperless.svc:5432", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Empty(state.List("batch/v1", "Job", "paperless"));

        var applied = await CliRunner.RunAsync([.. restore, "--to-database", "paperless_restore", "--apply"]);
        Assert.True(applied.Exit == ExitCodes.Ok, applied.Stderr);
        var created = Assert.Single(state.List("batch/v1", "Job", "paperless"));
        var job = k8s.KubernetesJson.Deserialize<V1Job>(created.ToJsonString());
        Assert.Contains($"created Job paperless/{job.Metadata.Name}", applied.Stdout, StringComparison.Ordinal);
        var pod = job.Spec.Template.Spec;
        RestrictedProfile.AssertRestricted(pod);
        var env = pod.Containers.Single().Env;
        var snapshotId = dryRun.Stdout.Split('\n').Single(l => l.StartsWith("  id ", StringComparison.Ordinal))[5..].Trim();
        Assert.Equal(snapshotId, env.Single(e => e.Name == "RESTORE_SNAPSHOT").Value);
        Assert.Equal("paperless_restore", env.Single(e => e.Name == "RESTORE_DUMP_DATABASE").Value);
        var password = env.Single(e => e.Name == "RESTORE_DUMP_PASSWORD");
        Assert.Null(password.Value);
        Assert.Equal("paperless-postgres", password.ValueFrom.SecretKeyRef.Name);
    }

    // A local restic repository holding one dump snapshot tagged as the backup script tags paperless's dump.
    private async Task<(string Repo, string PasswordFile)> SeedRepositoryAsync()
    {
        var repo = Path.Combine(_root, "repo");
        Directory.CreateDirectory(_root);
        var passwordFile = Path.Combine(_root, "password");
        await File.WriteAllTextAsync(passwordFile, "cli-dump-test-password");
        var env = new Dictionary<string, string> { ["RESTIC_PASSWORD_FILE"] = passwordFile, ["RESTIC_REPOSITORY"] = repo, ["HOME"] = _root };
        var init = await ProcessRunner.RunAsync("restic", ["init"], env);
        Assert.True(init.ExitCode == 0, init.ToString());
        var backup = await ProcessRunner.RunAsync("/bin/sh", ["-c",
            "printf 'CREATE TABLE t (id int);\\n' | restic backup --stdin --stdin-filename paperless-db.sql --host paperless.paperless --tag app=paperless --tag dump=paperless-db"], env);
        Assert.True(backup.ExitCode == 0, backup.ToString());
        return (repo, passwordFile);
    }
}
