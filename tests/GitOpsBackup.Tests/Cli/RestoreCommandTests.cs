using GitOpsBackup.Cli;
using GitOpsBackup.EmbeddedCluster;
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

    [Fact]
    public async Task InPlace_ScaleDown_StopsTheDeployment_RunsTheRestoreJob_AndPutsTheReplicasBack()
    {
        var (repo, passwordFile) = await SeedRepositoryAsync();
        // Its own cluster with the simulation on (real clock, short Jobs): the app's pods stop and the restore Job runs.
        await using var sim = await EmbeddedKubernetes.StartAsync(new EmbeddedClusterOptions { Simulate = true, SimulatedJobDuration = TimeSpan.FromSeconds(1) });
        var kubeconfig = Path.Combine(_root, "sim.kubeconfig");
        sim.WriteKubeconfig(kubeconfig);
        var state = sim.State;
        state.Seed("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"nextcloud"}}""");
        state.SeedVolume("nextcloud", "my-nextcloud-pvc", "node-1", size: "50Gi");
        state.SeedAppPod("nextcloud", "nextcloud", "node-1", "my-nextcloud-pvc");
        state.Seed("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"nextcloud","namespace":"nextcloud"},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"nextcloud"}},
               "template":{"metadata":{"labels":{"app":"nextcloud"}},"spec":{"containers":[{"name":"app","image":"registry.invalid/app"}],
                 "volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"my-nextcloud-pvc"}}]}}}}
            """);
        string[] restore = ["restore", "nextcloud", CheckoutPaths.SampleRepo, "--volume", "my-nextcloud-pvc", "--in-place",
            "--local", "--repository", repo, "--restic-password-file", passwordFile, "--kubeconfig", kubeconfig];

        var refused = await CliRunner.RunAsync([.. restore, "--apply"]);
        Assert.Equal(ExitCodes.Findings, refused.Exit);
        Assert.Contains("refused: PVC nextcloud/my-nextcloud-pvc is mounted by pod", refused.Stderr, StringComparison.Ordinal);
        Assert.Empty(state.List("batch/v1", "Job", "nextcloud"));

        var applied = await CliRunner.RunAsync([.. restore, "--scale-down", "--apply"]);

        Assert.True(applied.Exit == ExitCodes.Ok, applied.Stdout + applied.Stderr);
        Assert.Contains("scaled deployment/nextcloud to 0", applied.Stdout, StringComparison.Ordinal);
        Assert.Contains("restore finished", applied.Stdout, StringComparison.Ordinal);
        Assert.Contains("scaled deployment/nextcloud back to 2", applied.Stdout, StringComparison.Ordinal);
        Assert.Null(state.Get("v1", "Pod", "nextcloud", "nextcloud")); // stopped before the restore wrote over its volume
        var job = Assert.Single(state.List("batch/v1", "Job", "nextcloud"));
        Assert.Contains(job["status"]!["conditions"]!.AsArray(), c => c!["type"]!.ToString() == "Complete" && c["status"]!.ToString() == "True");
        var jobPod = k8s.KubernetesJson.Deserialize<V1Job>(job.ToJsonString()).Spec.Template.Spec;
        Assert.Equal("my-nextcloud-pvc", Assert.Single(jobPod.Volumes, v => v.PersistentVolumeClaim is not null).PersistentVolumeClaim.ClaimName);
        var deployment = state.Get("apps/v1", "Deployment", "nextcloud", "nextcloud")!;
        Assert.Equal(2, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(2, deployment["metadata"]!["generation"]!.GetValue<long>() - 1); // down and back up: two changes of spec

        // The simulated Deployment brings its pods back (bounded wait on the simulation's real clock).
        for (var tries = 0; tries < 100 && AppPods(state).Count < 2; tries++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(2, AppPods(state).Count);
    }

    private static List<System.Text.Json.Nodes.JsonObject> AppPods(ClusterState state) =>
        [.. state.List("v1", "Pod", "nextcloud").Where(p => p["metadata"]?["labels"]?["app"]?.ToString() == "nextcloud" && p["status"]?["phase"]?.ToString() == "Running")];

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
