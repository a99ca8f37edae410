using GitOpsBackup.Specs;
using GitOpsBackup.Tests.Specs;

namespace GitOpsBackup.Tests.Security;

/// <summary>
/// What a per-app spec cannot ask for: another namespace's PVC or Secret, a hostPath, an image, a command or
/// more privilege. The schema knows no such field, so each is an error at its place with a fix, and the app
/// is not loaded (nothing is rendered for it).
/// </summary>
public sealed class SpecConfinementTests
{
    private const string File = "apps/app/backup.yaml";

    public static TheoryData<string, string> Forbidden => new()
    {
        { "an image", "  backupBucket: app-backup\n  image: evil/shell:latest\n  volumes:\n    - name: data" },
        { "a command", "  backupBucket: app-backup\n  command: [sh, -c, \"cat /etc/shadow\"]\n  volumes:\n    - name: data" },
        { "a hostPath for the app", "  backupBucket: app-backup\n  hostPath: {path: /}\n  volumes:\n    - name: data" },
        { "a hostPath volume", "  backupBucket: app-backup\n  volumes:\n    - name: data\n      hostPath: /var/lib/kubelet" },
        { "another namespace's PVC", "  backupBucket: app-backup\n  volumes:\n    - name: data\n      namespace: other-app" },
        { "a claim by another name", "  backupBucket: app-backup\n  volumes:\n    - name: data\n      claimName: other-app-data" },
        { "a Secret in another namespace", "  backupBucket: app-backup\n  resticPasswordSecret: {name: restic, namespace: kube-system, key: password}\n  volumes:\n    - name: data" },
        { "S3 credentials of its own choosing", "  backupBucket: app-backup\n  s3: {credentialsSecret: {name: admin-keys, namespace: kube-system}}\n  volumes:\n    - name: data" },
        { "a privileged pod", "  backupBucket: app-backup\n  securityContext: {privileged: true}\n  volumes:\n    - name: data" },
        { "privilege through podSecurity", "  backupBucket: app-backup\n  podSecurity: {privileged: true, runAsUser: 1000}\n  volumes:\n    - name: data" },
        { "root without readAllFiles (found here: the schema allowed uid 0, which the kubelet refuses under runAsNonRoot)", "  backupBucket: app-backup\n  podSecurity: {runAsUser: 0}\n  volumes:\n    - name: data" },
        { "the external clone's device", "  backupBucket: app-backup\n  device: {path: /dev/sda}\n  volumes:\n    - name: data" },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void ASpec_CannotAskFor(string what, string body)
    {
        var set = Findings.Load(SpecTexts.Repo(SpecTexts.App(body)));

        var error = Assert.Single(set.Diagnostics, d => d.Severity == Severity.Error);
        Assert.True(error.Code is not ("yaml" or "encoding"), $"{what}: {error}");
        Assert.Equal(File, error.Location.File);
        Assert.True(error.Location.Line >= 9 && !string.IsNullOrEmpty(error.Hint), $"{what}: {error}");
        Assert.Empty(set.Apps);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("other-app/data")]
    [InlineData("kube-system:data")]
    [InlineData("/var/lib/data")]
    public void AVolumeName_CannotReachOutOfTheNamespace(string name)
    {
        var set = Findings.Load(SpecTexts.Repo(SpecTexts.App($"  backupBucket: app-backup\n  volumes:\n    - name: \"{name}\"")));

        var error = Assert.Single(set.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(new SourceLocation(File, 11, 13), error.Location);
        Assert.Empty(set.Apps);
    }
}
