using GitOpsBackup.Tests.Fixtures;
using k8s.Models;

namespace GitOpsBackup.Tests.Deploy;

/// <summary>
/// The Dockerfiles agree with the Deployment and with <c>make image-check</c> (tests/tools/image-check.sh),
/// which runs the Dockerfile's publish line itself and starts the result as uid 65532: a full Release
/// publish is too slow for every test run, so this test only pins what the check and the manifests rely on.
/// </summary>
public sealed class DockerfileTests
{
    private static string Read(string image) => File.ReadAllText(Path.Combine(CheckoutPaths.Root, "reconciler", "images", image, "Dockerfile"));

    [Fact]
    public async Task GitOpsBackupImage_PublishesTheCli_AndRunsAsTheDeploymentsUser()
    {
        var lines = Read("gitops-backup").Split('\n').Select(l => l.Trim()).ToList();
        var deployment = (await DeployManifests.BuildAsync()).Single<V1Deployment>("Deployment");
        var uid = deployment.Spec.Template.Spec.SecurityContext.RunAsUser;

        // Precompiled for the builder's own platform (multi-arch builds run one builder per platform), one JIT tier.
        Assert.Contains("RUN dotnet publish reconciler/GitOpsBackup.Cli -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true -o /app", lines);
        Assert.Contains($"USER {uid}:{uid}", lines);
        Assert.Contains("""ENTRYPOINT ["/app/gitops-backup"]""", lines);
        Assert.Contains("""CMD ["run"]""", lines);
        Assert.Equal(2, lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
        Assert.Equal("run", deployment.Spec.Template.Spec.Containers[0].Args[0]);
        var check = await File.ReadAllTextAsync(Path.Combine(CheckoutPaths.Root, "tests", "tools", "image-check.sh"));
        Assert.Contains("setpriv --reuid=\"$user\" --regid=\"$user\" --clear-groups", check, StringComparison.Ordinal);
    }

    [Fact]
    public void BackupToolsImage_InstallsWhatThePodScriptsCall()
    {
        var dockerfile = Read("backup-tools");
        var scripts = string.Concat(new[] { "backup.sh", "clone.sh" }.Select(s => File.ReadAllText(Path.Combine(CheckoutPaths.Root, "reconciler", "GitOpsBackup", "Rendering", "Scripts", s))));

        // command the scripts call → the Alpine package that provides it
        foreach (var (command, package) in new[]
        {
            ("restic ", "restic"), ("rclone ", "rclone"), ("grep ", "grep"), ("sed ", "sed"), ("head ", "coreutils"),
            ("ls ", "coreutils"), ("mkdir ", "coreutils"), ("mount ", "util-linux"), ("umount ", "util-linux"),
        })
        {
            Assert.Contains(command, scripts, StringComparison.Ordinal);
            Assert.Matches($@"(?m)^\s+{package} \\$", dockerfile);
        }

        Assert.Matches(@"(?m)^\s+ca-certificates \\$", dockerfile);
        Assert.Contains("USER 65532:65532", dockerfile, StringComparison.Ordinal);
    }
}
