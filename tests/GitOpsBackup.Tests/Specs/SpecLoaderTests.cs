using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Tests.Fixtures;

namespace GitOpsBackup.Tests.Specs;

public sealed class SpecLoaderTests
{
    [Fact]
    public void SampleRepo_IsValid_WithFourApps_DefaultsAndClone()
    {
        var set = new SpecLoader().Load(new DirectoryRepoTree(CheckoutPaths.SampleRepo));

        Assert.Empty(set.Diagnostics);
        Assert.Equal(
            ["immich/immich", "nextcloud/nextcloud", "paperless/paperless", "vaultwarden/vaultwarden"],
            set.Apps.Select(a => a.Key.ToString()).Order(StringComparer.Ordinal));
        Assert.NotNull(set.Defaults);
        Assert.Equal("backup-system", set.ExternalClone!.Namespace);
        Assert.Equal(2, set.Apps.Single(a => a.Name == "paperless").Volumes.Count);
    }

    [Fact]
    public void SeedExample_MeansWhatItSays()
    {
        var set = new SpecLoader().Load(new DirectoryRepoTree(CheckoutPaths.SampleRepo));
        var nextcloud = set.Apps.Single(a => a.Name == "nextcloud");

        Assert.Equal("nextcloud", nextcloud.Namespace);
        Assert.Equal("my-nextcloud-backup-bucket", nextcloud.BackupBucket);
        Assert.Equal("30 2 * * *", nextcloud.Schedule);
        Assert.Equal([new BackupVolume("my-nextcloud-pvc", false), new BackupVolume("my-nextcloud-data-bucket", true)],
            nextcloud.Volumes.Select(v => new BackupVolume(v.Name, v.External)));
        Assert.Null(nextcloud.Retention); // the renderer applies BackupDefaults (the seed's 7/6/6/1)
        Assert.True(nextcloud.ExternalClone);
        Assert.Equal(new SourceLocation("apps/nextcloud/backup.yaml", 4, 1), nextcloud.Location);
    }

    [Fact]
    public void Defaults_AreFilled_WithDocumentedValues()
    {
        var set = Findings.Load(new InMemoryRepoTree().Add("d.yaml", SpecTexts.Defaults));

        var defaults = set.Defaults!;
        Assert.Equal("https://s3.lan", defaults.S3Endpoint);
        Assert.Equal("us-east-1", defaults.S3Region);
        Assert.Equal(new SecretKeys("s3-credentials", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"), defaults.S3Credentials);
        Assert.Equal(new SecretKeyRef("restic", "password"), defaults.ResticPassword);
        Assert.Equal(new RetentionPolicy(7, 6, 6, 1), defaults.Retention);
        Assert.Equal("H 2 * * *", defaults.Schedule);
        Assert.Equal(1, defaults.MaxBackupsPerNode);
    }

    [Fact]
    public void AppFields_AreRead_AsWritten()
    {
        var body = """
              backupBucket: app-backup
              schedule: "H H(1-4) * * *"
              timeZone: Europe/Berlin
              suspend: true
              externalClone: false
              volumes:
                - name: data
              retention: {daily: 3, yearly: 2}
              resources:
                requests: {cpu: 1, memory: 256Mi}
                limits: {memory: 1Gi}
              podSecurity: {runAsUser: 1000, readAllFiles: true}
            """;
        var app = Assert.Single(Findings.Load(SpecTexts.Repo(SpecTexts.App(body))).Apps);

        Assert.Equal("Europe/Berlin", app.TimeZone);
        Assert.True(app.Suspend);
        Assert.False(app.ExternalClone);
        Assert.Equal(new RetentionPolicy(3, 0, 0, 2), app.Retention);
        Assert.Equal(new ComputeResources("1", "256Mi", null, "1Gi"), app.Resources);
        Assert.Equal(new PodSecurity(1000, null, null, true), app.PodSecurity);
    }

    [Fact]
    public void BrokenApp_IsListed_AndOtherAppsStillLoad()
    {
        var tree = SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody))
            .Add("apps/bad/backup.yaml", SpecTexts.App("  backupBucket: Bad\n  volumes:\n    - name: data", name: "bad"));

        var set = Findings.Load(tree);

        Assert.Equal("app", Assert.Single(set.Apps).Name);
        Assert.Equal([new AppKey("apps", "bad")], set.BrokenApps);
        Assert.Equal(["apps/bad/backup.yaml"], set.FilesWithErrors);
    }

    [Fact]
    public void FindsSpecs_ByContent_NotByFileName_AndAcrossDocuments()
    {
        var tree = new InMemoryRepoTree()
            .Add("d.yaml", SpecTexts.Defaults)
            .Add("apps/app/all.yml", SpecTexts.Pvc + "---\n" + SpecTexts.App(SpecTexts.MinimalBody) + "\n---\n" + SpecTexts.App(SpecTexts.MinimalBody, name: "two"))
            .Add("apps/app/backup.json", SpecTexts.App(SpecTexts.MinimalBody, name: "ignored"));

        var set = Findings.Load(tree);

        Findings.NoErrors(set);
        Assert.Equal(["app", "two"], set.Apps.Select(a => a.Name));
    }

    [Fact]
    public void UnchangedFiles_AreNotParsedAgain_AndChangedOnesAre()
    {
        var tree = SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody));
        var loader = new SpecLoader();

        var first = loader.Load(tree);
        Assert.Equal(3, loader.FilesParsed);

        var second = loader.Load(tree);
        Assert.Equal(3, loader.FilesParsed);
        Assert.Equal(first.Apps, second.Apps);

        tree.Add("apps/app/backup.yaml", SpecTexts.App("  backupBucket: changed-backup\n  volumes:\n    - name: data"));
        var third = loader.Load(tree);
        Assert.Equal(4, loader.FilesParsed);
        Assert.Equal("changed-backup", Assert.Single(third.Apps).BackupBucket);
    }

    [Fact]
    public void CachedResults_StillSeeCrossFileChanges()
    {
        var tree = SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody, ns: null))
            .Add("apps/app/kustomization.yaml", "namespace: one\nresources: [pvc.yaml]\n");
        var loader = new SpecLoader();
        Assert.Equal("one", Assert.Single(loader.Load(tree).Apps).Namespace);

        tree.Add("apps/app/kustomization.yaml", "namespace: two\nresources: [pvc.yaml]\n");
        Assert.Equal("two", Assert.Single(loader.Load(tree).Apps).Namespace);
    }

    [Fact]
    public void SourceIgnore_IsTheTreesJob_TheLoaderReadsEveryFileItIsHanded()
    {
        // The source's trees apply .sourceignore (Source.SourceTreeWalker); a second pass here would be a
        // second place for the rules. This tree applies none, so the draft reaches the loader.
        var tree = SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody))
            .Add(".sourceignore", "# drafts are not deployed\ndrafts/\n")
            .Add("drafts/app/backup.yaml", "apiVersion: backup.homelab.dev/v1alpha1\nkind: Broken\n");

        var set = Findings.Load(tree);

        Assert.True(set.HasErrors);
        Assert.Contains(set.Diagnostics, d => d.Location.File == "drafts/app/backup.yaml");
    }
}
