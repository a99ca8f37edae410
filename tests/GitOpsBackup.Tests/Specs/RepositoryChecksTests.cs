using GitOpsBackup.Specs;

namespace GitOpsBackup.Tests.Specs;

/// <summary>Rules across files and of the repository-wide kinds.</summary>
public sealed class RepositoryChecksTests
{
    [Fact]
    public void Rejects_DuplicateAppNames_InOneNamespace_AndAppliesNeither()
    {
        var tree = SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody))
            .Add("apps/copy/pvc.yaml", SpecTexts.Pvc)
            .Add("apps/copy/backup.yaml", SpecTexts.App(SpecTexts.MinimalBody));

        var set = Findings.Load(tree);

        Findings.Single(set, "duplicate-app", "apps/copy/backup.yaml", 1, 1, "app 'app' is defined twice in namespace 'apps' (also at apps/app/backup.yaml:1:1)");
        Assert.Empty(set.Apps);
        Assert.Contains(new GitOpsBackup.Specs.Model.AppKey("apps", "app"), set.BrokenApps);
    }

    [Fact]
    public void Accepts_SameAppName_InTwoNamespaces()
    {
        var tree = SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody))
            .Add("apps/copy/pvc.yaml", SpecTexts.Pvc)
            .Add("apps/copy/backup.yaml", SpecTexts.App(SpecTexts.MinimalBody, ns: "other"));

        var set = Findings.Load(tree);
        Findings.NoErrors(set);
        Assert.Equal(2, set.Apps.Count);
    }

    [Fact]
    public void Rejects_MissingBackupDefaults_AtTheRepoRoot_WithAnExample()
    {
        var set = Findings.Load(SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody)).Remove("infrastructure/defaults.yaml"));

        var error = Findings.Single(set, "defaults-missing", ".", 1, 1, "the repository has backup specs but no BackupDefaults");
        Assert.Contains("kind: BackupDefaults", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_SecondBackupDefaults_AndUsesNone()
    {
        var set = Findings.Load(SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody)).Add("z/defaults.yaml", SpecTexts.Defaults));

        Findings.Single(set, "one-per-repo", "z/defaults.yaml", 1, 1, "a second BackupDefaults (the first is at infrastructure/defaults.yaml:1:1)");
        Assert.Null(set.Defaults);
    }

    [Fact]
    public void Rejects_SecondExternalClone()
    {
        var set = Findings.Load(SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody)).Add("a/clone.yaml", SpecTexts.Clone).Add("b/clone.yaml", SpecTexts.Clone));

        Findings.Single(set, "one-per-repo", "b/clone.yaml", 1, 1, "a second ExternalClone (the first is at a/clone.yaml:1:1)");
        Assert.Null(set.ExternalClone);
    }

    public static TheoryData<string, string, string, int, int, string> DefaultsCases => new()
    {
        // replace what, with what, code, line, column, message
        { "backup: ghcr.io/homelab/backup:1.0@sha256:" + SpecTexts.Digest, "backup: ghcr.io/homelab/backup:1.0", "image-digest", 16, 13, "spec.images.backup 'ghcr.io/homelab/backup:1.0' is not pinned by digest" },
        { "clone: ghcr.io/homelab/clone:1.0@sha256:" + SpecTexts.Digest, "clone: ghcr.io/homelab/clone@sha256:abc", "image-digest", 17, 12, "spec.images.clone 'ghcr.io/homelab/clone@sha256:abc' is not pinned by digest" },
        { "endpoint: https://s3.lan", "endpoint: s3.lan", "endpoint", 9, 15, "spec.s3.endpoint: 's3.lan' is not an http:// or https:// URL" },
        { "endpoint: https://s3.lan", "endpoint: https://key:secret@s3.lan", "endpoint", 9, 15, "must not carry credentials" },
        { "    key: password", "    key: password\n  maxBackupsPerNode: 0", "schema", 15, 22, "spec.maxBackupsPerNode" },
        { "    key: password", "    key: password\n  timeZone: Europe/Atlantis", "timezone", 15, 13, "unknown time zone 'Europe/Atlantis'" },
        { "    key: password", "    key: password\n  schedule: \"0 25 * * *\"", "cron", 15, 13, "spec.schedule '0 25 * * *' is not a valid schedule" },
        { "    key: password", "    key: password\n  retention: {daily: 0}", "retention", 15, 14, "spec.retention keeps nothing" },
        { "    key: password", "    key: password\n  verify:\n    expectFiles: [data/x]", "verify", 16, 18, "spec.verify.expectFiles names one app's files" },
        { "    key: password", "    key: password\n  verify:\n    readDataSubset: \"150%\"", "verify", 16, 21, "spec.verify.readDataSubset '150%' is not a restic --read-data-subset value" },
        { "      name: s3-credentials", "      name: S3_Credentials", "name", 11, 13, "spec.s3.credentialsSecret.name 'S3_Credentials' must consist of lowercase letters" },
        { "  resticPasswordSecret:\n    name: restic\n    key: password\n", "", "schema", 8, 3, "missing required field 'resticPasswordSecret' in spec" },
    };

    [Theory]
    [MemberData(nameof(DefaultsCases))]
    public void Reports_BackupDefaultsRuleViolation(string find, string replace, string code, int line, int column, string message)
    {
        var text = SpecTexts.Defaults.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(SpecTexts.Defaults, text);
        var set = Findings.Load(new InMemoryRepoTree().Add("defaults.yaml", text));
        Findings.Single(set, code, "defaults.yaml", line, column, message);
        Assert.Null(set.Defaults);
    }

    public static TheoryData<string, string, string, int, int, string> CloneCases => new()
    {
        { "mode: device", "mode: usb", "schema", 10, 9, "spec.mode must be one of: device, volume" },
        { "  device:\n    path: /dev/sdb1\n", "", "clone-mode", 10, 9, "mode: device needs spec.device.path" },
        { "mode: device", "mode: volume", "clone-mode", 10, 9, "mode: volume needs spec.volume.claimName" },
        { "path: /dev/sdb1", "path: sdb1", "clone-device", 12, 11, "spec.device.path 'sdb1' is not an absolute path" },
        { "    path: /dev/sdb1", "    path: /dev/sdb1\n  cycle:\n    start: \"25:00\"", "clock-time", 14, 12, "spec.cycle.start '25:00' is not a time of day HH:mm" },
        { "    path: /dev/sdb1", "    path: /dev/sdb1\n  targetPath: ../etc", "clone-path", 13, 15, "spec.targetPath '../etc' must be a relative folder" },
        { "    path: /dev/sdb1", "    path: /dev/sdb1\n  buckets:\n    extra: [Home]", "bucket", 14, 13, "spec.buckets.extra[0]: bucket name 'Home'" },
        { "  namespace: backup-system\n", "", "namespace", 1, 1, "no namespace for the clone Job" },
    };

    [Theory]
    [MemberData(nameof(CloneCases))]
    public void Reports_ExternalCloneRuleViolation(string find, string replace, string code, int line, int column, string message)
    {
        var text = SpecTexts.Clone.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(SpecTexts.Clone, text);
        var set = Findings.Load(new InMemoryRepoTree().Add("clone.yaml", text));
        Findings.Single(set, code, "clone.yaml", line, column, message);
        Assert.Null(set.ExternalClone);
    }

    [Fact]
    public void ExternalClone_TakesItsNamespace_FromKustomize_WhenSpecNamespaceIsOmitted()
    {
        var text = SpecTexts.Clone.Replace("  namespace: backup-system\n", "", StringComparison.Ordinal);
        var tree = new InMemoryRepoTree().Add("infra/clone.yaml", text)
            .Add("infra/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: backup-system\nresources: []\n");

        var set = Findings.Load(tree);

        Findings.NoErrors(set);
        Assert.Equal("backup-system", set.ExternalClone!.Namespace);
    }

    [Fact]
    public void ExternalClone_WithAContradictedNamespace_IsNotUsed()
    {
        var text = SpecTexts.Clone.Replace("  namespace: backup-system\n", "", StringComparison.Ordinal)
            .Replace("  name: usb\n", "  name: usb\n  namespace: elsewhere\n", StringComparison.Ordinal);
        var tree = new InMemoryRepoTree().Add("infra/clone.yaml", text)
            .Add("infra/kustomization.yaml", "namespace: backup-system\nresources: []\n");

        var set = Findings.Load(tree);

        Findings.Single(set, "namespace", "infra/clone.yaml", 5, 14, "metadata.namespace 'elsewhere' contradicts infra/kustomization.yaml (namespace:), which puts the clone Job in 'backup-system'");
        Assert.Null(set.ExternalClone);
    }

    [Fact]
    public void Rejects_UnsupportedApiVersion()
    {
        var text = SpecTexts.Defaults.Replace("v1alpha1", "v2", StringComparison.Ordinal);
        var set = Findings.Load(new InMemoryRepoTree().Add("d.yaml", text));
        var error = Findings.Single(set, "kind", "d.yaml", 1, 13, "unsupported apiVersion 'backup.homelab.dev/v2'");
        Assert.Contains("backup.homelab.dev/v1alpha1", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Severity_OfEveryRepositoryFinding_IsError() =>
        Assert.All(Findings.Load(SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody)).Remove("infrastructure/defaults.yaml")).Diagnostics,
            d => Assert.Equal(Severity.Error, d.Severity));
}
