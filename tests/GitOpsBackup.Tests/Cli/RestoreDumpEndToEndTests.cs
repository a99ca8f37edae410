using GitOpsBackup.Cli;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Rendering;
using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Rendering;
using GitOpsBackup.Tests.Specs;
using k8s.Models;
using Xunit.Abstractions;

namespace GitOpsBackup.Tests.Cli;

/// <summary>
/// A dump's whole road: a real PostgreSQL dumped by the rendered backup pod's script, the dump found
/// and planned by `restore --dump ... --apply`, and the Job that command created run as its pod
/// would (non-root, Secrets as env) into a fresh database: the same rows come back.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class RestoreDumpEndToEndTests(PostgresFixture pg, ITestOutputHelper output) : IDisposable
{
    private const string DbSecret = "db-credentials";
    private const string ResticPassword = "e2e-repo-password";
    private const string Digest = "SELECT count(*) || ' ' || md5(string_agg(id || ':' || customer || ':' || total, ',' ORDER BY id)) FROM orders";

    private readonly string _sfx = Guid.NewGuid().ToString("N")[..8];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gob-dump-e2e-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task PostgresDump_RestoredByTheJobTheCliCreates_HasTheSameRows()
    {
        var source = $"shop_{_sfx}";
        await pg.SqlAsync("postgres", $"CREATE DATABASE {source}");
        await pg.SqlAsync(source, "CREATE TABLE orders (id int PRIMARY KEY, customer text, total numeric); " +
            "INSERT INTO orders SELECT i, 'customer ' || i, i * 1.25 FROM generate_series(1, 3000) i");
        var config = WriteConfigRepo(source);

        // The repository is a local folder the pods' user may write, standing in for the S3 bucket:
        // `--local` then needs no S3 credentials in this process's environment.
        Directory.CreateDirectory(_root);
        UnixFiles.SetMode(_root, 777);
        var repo = Path.Combine(_root, "repo");
        var passwordFile = Path.Combine(_root, "restic-password");
        await File.WriteAllTextAsync(passwordFile, ResticPassword);

        // 1. The backup pod's script dumps the database into restic.
        var specs = new SpecLoader().Load(new DirectoryRepoTree(config));
        var rendered = TestSpecs.Render(specs.Apps, specs.Defaults);
        Assert.False(rendered.HasErrors, string.Join('\n', rendered.Diagnostics));
        var backupPod = ((V1CronJob)rendered.Objects.Single(o => o.Resource is V1CronJob c && c.Metadata.Name == "backup-shop").Resource).Spec.JobTemplate.Spec.Template.Spec;
        using (var backup = new PodSandbox(backupPod, Secrets(), new Dictionary<string, string>()))
        {
            backup.Environment["RESTIC_REPOSITORY"] = repo;
            var run = await backup.RunAsync();
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("OK dump=shop shop.sql", run.Stdout, StringComparison.Ordinal);
        }

        // 2. The CLI plans the restore from that repository and creates the Job in the (embedded) cluster.
        await using var cluster = await EmbeddedKubernetes.StartAsync(new EmbeddedClusterOptions());
        var kubeconfig = Path.Combine(_root, "kubeconfig");
        cluster.WriteKubeconfig(kubeconfig);
        cluster.State.Seed("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"apps"}}""");
        var target = $"shop_restored_{_sfx}";
        await pg.SqlAsync("postgres", $"CREATE DATABASE {target}");
        var applied = await CliRunner.RunAsync(["restore", "shop", config, "--dump", "shop", "--to-database", target, "--apply",
            "--local", "--repository", repo, "--restic-password-file", passwordFile, "--kubeconfig", kubeconfig]);
        Assert.True(applied.Exit == ExitCodes.Ok, applied.Stdout + applied.Stderr);
        Assert.DoesNotContain(pg.Password, applied.Stdout + applied.Stderr, StringComparison.Ordinal);
        var job = k8s.KubernetesJson.Deserialize<V1Job>(Assert.Single(cluster.State.List("batch/v1", "Job", "apps")).ToJsonString());

        // 3. That Job's pod, run as its non-root user, loads the dump into the fresh database.
        using (var restore = new PodSandbox(job.Spec.Template.Spec, Secrets(), new Dictionary<string, string>()))
        {
            restore.Environment["RESTIC_REPOSITORY"] = repo;
            var run = await restore.RunAsync();
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("RESULT status=restored", run.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(pg.Password, run.Output, StringComparison.Ordinal);
        }

        var before = (await pg.SqlAsync(source, Digest)).Stdout.Trim();
        Assert.StartsWith("3000 ", before, StringComparison.Ordinal);
        Assert.Equal(before, (await pg.SqlAsync(target, Digest)).Stdout.Trim());
        output.WriteLine($"FIGURES restore --dump: 3000 rows dumped by the backup script, restored by the Job `restore --apply` created, same digest {before}");
    }

    // A config repo with BackupDefaults and one app whose only backup is the dump of the given database.
    private string WriteConfigRepo(string database)
    {
        var config = Path.Combine(_root, "config");
        Directory.CreateDirectory(Path.Combine(config, "apps", "shop"));
        File.WriteAllText(Path.Combine(config, "backup-defaults.yaml"), SpecTexts.Defaults);
        File.WriteAllText(Path.Combine(config, "apps", "shop", "backup.yaml"), $"""
            apiVersion: backup.homelab.dev/v1alpha1
            kind: HomelabBackup
            metadata:
              name: shop
              namespace: apps
            spec:
              backupBucket: shop-backup-{_sfx}
              schedule: "0 2 * * *"
              dumps:
                - name: shop
                  engine: postgres
                  host: 127.0.0.1
                  port: {pg.Port}
                  database: {database}
                  user: {PostgresFixture.User}
                  passwordSecret: {"{"}name: {DbSecret}, key: password{"}"}
                  timeout: 5m

            """);
        return config;
    }

    // The Secrets SpecTexts.Defaults and the app name, with this test's values.
    private Dictionary<(string, string), string> Secrets() => new()
    {
        [("s3-credentials", "AWS_ACCESS_KEY_ID")] = "unused-here",
        [("s3-credentials", "AWS_SECRET_ACCESS_KEY")] = "unused-here",
        [("restic", "password")] = ResticPassword,
        [(DbSecret, "password")] = pg.Password,
    };
}
