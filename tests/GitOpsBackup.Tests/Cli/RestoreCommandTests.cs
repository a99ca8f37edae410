using GitOpsBackup.Cli;
using GitOpsBackup.Tests.Cluster.Contract;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Rendering;
using k8s.Models;

namespace GitOpsBackup.Tests.Cli;

/// <summary>
/// `snapshots --local` and `restore` against the embedded cluster: snapshots come from a real
/// restic repository (a local one, for speed), the facts from the cluster, where a pod mounts the PVC.
/// </summary>
public sealed class RestoreCommandTests(EmbeddedTarget cluster) : IClassFixture<EmbeddedTarget>, IDisposable
{
    private readonly string _kubeconfig = PlanCommandTests.WriteKubeconfig(cluster);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gob-restore-cli-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        File.Delete(_kubeconfig);
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task InPlace_IsRefusedWhileAPodMountsThePvc_ANewPvcIsPlannedAndCreated()
    {
        var (repo, passwordFile) = await SeedRepositoryAsync();
        var state = cluster.Embedded!.State;
        state.Seed("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"nextcloud"}}""");
        state.SeedVolume("nextcloud", "my-nextcloud-pvc", "node-1", size: "50Gi");
        state.SeedAppPod("nextcloud", "nextcloud-0", "node-1", "my-nextcloud-pvc");
        string[] local = ["--local", "--repository", repo, "--restic-password-file", passwordFile, "--kubeconfig", _kubeconfig];

        var listed = await CliRunner.RunAsync(["snapshots", "nextcloud", CheckoutPaths.SampleRepo, .. local]);
        Assert.True(listed.Exit == ExitCodes.Ok, listed.Stderr);
        Assert.Contains("my-nextcloud-pvc", listed.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("1 snapshot(s)\n", listed.Stdout, StringComparison.Ordinal);

        var inPlace = await CliRunner.RunAsync(["restore", "nextcloud", CheckoutPaths.SampleRepo, "--volume", "my-nextcloud-pvc", "--in-place", .. local]);
        Assert.Equal(ExitCodes.Findings, inPlace.Exit);
        Assert.Contains("refused: PVC nextcloud/my-nextcloud-pvc is mounted by pod nextcloud-0", inPlace.Stderr, StringComparison.Ordinal);
        Assert.Contains("flux suspend kustomization", inPlace.Stderr, StringComparison.Ordinal);
        Assert.Empty(state.List("batch/v1", "Job", "nextcloud"));

        var dryRun = await CliRunner.RunAsync(["restore", "nextcloud", CheckoutPaths.SampleRepo, "--volume", "my-nextcloud-pvc", .. local]);
        Assert.True(dryRun.Exit == ExitCodes.Ok, dryRun.Stderr);
        Assert.Contains("(dry run: nothing is created", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("(50Gi, storage class simulated, ReadWriteOnce); size as the live PVC my-nextcloud-pvc", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Empty(state.List("batch/v1", "Job", "nextcloud"));

        var applied = await CliRunner.RunAsync(["restore", "nextcloud", CheckoutPaths.SampleRepo, "--volume", "my-nextcloud-pvc", "--to-pvc", "nextcloud-restored", "--apply", .. local]);
        Assert.True(applied.Exit == ExitCodes.Ok, applied.Stderr);
        Assert.NotNull(state.Get("v1", "PersistentVolumeClaim", "nextcloud", "nextcloud-restored"));
        var job = Assert.Single(state.List("batch/v1", "Job", "nextcloud"));
        var pod = k8s.KubernetesJson.Deserialize<V1Job>(job.ToJsonString()).Spec.Template.Spec;
        RestrictedProfile.AssertRestricted(pod);
        Assert.Equal("nextcloud-restored", Assert.Single(pod.Volumes, v => v.PersistentVolumeClaim is not null).PersistentVolumeClaim.ClaimName);

        var again = await CliRunner.RunAsync(["restore", "nextcloud", CheckoutPaths.SampleRepo, "--volume", "my-nextcloud-pvc", "--to-pvc", "nextcloud-restored", .. local]);
        Assert.Equal(ExitCodes.Findings, again.Exit);
        Assert.Contains("PVC nextcloud/nextcloud-restored already exists", again.Stderr, StringComparison.Ordinal);
    }

    // A local restic repository holding one snapshot tagged as the backup script tags nextcloud's PVC.
    private async Task<(string Repo, string PasswordFile)> SeedRepositoryAsync()
    {
        var repo = Path.Combine(_root, "repo");
        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(data);
        TreeAssert.WriteRandom(data, seed: 21, count: 3, maxBytes: 2000);
        var passwordFile = Path.Combine(_root, "password");
        await File.WriteAllTextAsync(passwordFile, "cli-test-password");
        var env = new Dictionary<string, string> { ["RESTIC_PASSWORD_FILE"] = passwordFile, ["RESTIC_REPOSITORY"] = repo, ["HOME"] = _root };
        var init = await ProcessRunner.RunAsync("restic", ["init"], env);
        Assert.True(init.ExitCode == 0, init.ToString());
        var backup = await ProcessRunner.RunAsync("restic", ["backup", "--host", "nextcloud.nextcloud", "--tag", "app=nextcloud", "--tag", "volume=my-nextcloud-pvc", data], env);
        Assert.True(backup.ExitCode == 0, backup.ToString());
        return (repo, passwordFile);
    }
}
