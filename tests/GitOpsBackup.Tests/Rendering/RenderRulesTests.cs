using GitOpsBackup.Rendering;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;
using k8s.Models;

namespace GitOpsBackup.Tests.Rendering;

public sealed class RenderRulesTests
{
    private static V1CronJob CronJob(HomelabBackup app) => (V1CronJob)TestSpecs.Render([app]).Objects.Single().Resource;

    [Fact]
    public void CronJob_LivesInTheAppsNamespace_WithOwnershipLabelsAndAnnotations()
    {
        var job = CronJob(TestSpecs.Nextcloud());

        Assert.Equal("nextcloud", job.Metadata.NamespaceProperty);
        Assert.Equal("backup-nextcloud", job.Metadata.Name);
        Assert.Equal(Ownership.ManagedByValue, job.Metadata.Labels[Ownership.ManagedByLabel]);
        Assert.Equal("nextcloud", job.Metadata.Labels[Ownership.AppLabel]);
        Assert.Equal("HomelabBackup/nextcloud/nextcloud", job.Metadata.Annotations[Ownership.OwnerAnnotation]);
        Assert.Equal("apps/nextcloud/backup.yaml", job.Metadata.Annotations[Ownership.SourcePathAnnotation]);
        Assert.Equal(TestSpecs.Revision, job.Metadata.Annotations[Ownership.RevisionAnnotation]);
    }

    [Fact]
    public void RenderedObjects_NeverCarryFluxOrArgoTrackingMetadata()
    {
        var result = TestSpecs.Render([TestSpecs.Nextcloud(), TestSpecs.TwoPvcs()], clone: TestSpecs.Clone(CloneMode.Device));
        var yaml = RenderedYaml.SerializeAll([.. result.Objects, result.CloneJob!.ForCycle(new DateOnly(2026, 1, 1))]);

        Assert.DoesNotContain("app.kubernetes.io/instance", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("argocd.argoproj.io", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("toolkit.fluxcd.io", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void CronJob_HasTheSchedulingAndJobLimits()
    {
        var job = CronJob(TestSpecs.TwoPvcs() with { Suspend = true });
        var spec = job.Spec;

        Assert.Equal("Forbid", spec.ConcurrencyPolicy);
        Assert.Equal("Europe/Berlin", spec.TimeZone);
        Assert.True(spec.Suspend);
        Assert.Equal(3600, spec.StartingDeadlineSeconds);
        Assert.Equal(3, spec.SuccessfulJobsHistoryLimit);
        Assert.Equal(3, spec.FailedJobsHistoryLimit);
        Assert.True(spec.JobTemplate.Spec.Suspend);
        Assert.Equal(1, spec.JobTemplate.Spec.BackoffLimit);
        Assert.Equal(21600, spec.JobTemplate.Spec.ActiveDeadlineSeconds);
        Assert.Equal(259200, spec.JobTemplate.Spec.TtlSecondsAfterFinished);
        Assert.Equal("nextcloud", CronJob(TestSpecs.Nextcloud()).Spec.JobTemplate.Metadata.Labels[Ownership.AppLabel]);
    }

    [Fact]
    public void DefaultsFillWhatTheAppLeavesOut()
    {
        var job = CronJob(TestSpecs.ReadAllFiles());
        var env = job.Spec.JobTemplate.Spec.Template.Spec.Containers.Single().Env.Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value);

        Assert.Equal("UTC", job.Spec.TimeZone);
        Assert.Equal(("7", "6", "6", "1"), (env[BackupEnv.KeepDaily], env[BackupEnv.KeepWeekly], env[BackupEnv.KeepMonthly], env[BackupEnv.KeepYearly]));
        Assert.Matches(@"^\d{1,2} 2 \* \* \*$", job.Spec.Schedule);
    }

    [Fact]
    public void Pod_MountsEveryPvcReadOnly_AndListsThemAndTheBuckets()
    {
        var pod = CronJob(TestSpecs.TwoPvcs()).Spec.JobTemplate.Spec.Template.Spec;
        var container = pod.Containers.Single();
        var env = container.Env.Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value);

        var claims = pod.Volumes.Where(v => v.PersistentVolumeClaim is not null).ToList();
        Assert.Equal(["immich-library", "immich-postgres"], claims.Select(v => v.PersistentVolumeClaim.ClaimName));
        Assert.All(claims, v => Assert.True(v.PersistentVolumeClaim.ReadOnlyProperty));
        Assert.All(claims, v => Assert.True(container.VolumeMounts.Single(m => m.Name == v.Name).ReadOnlyProperty));
        Assert.Equal("immich-library=/data/immich-library immich-postgres=/data/immich-postgres", env[BackupEnv.Pvcs]);
        Assert.Equal("", env[BackupEnv.Buckets]);
        Assert.Equal("immich.media", env[BackupEnv.Host]);
        Assert.Equal("s3:https://rgw.homelab.lan:443/immich-backup/restic", env[BackupEnv.ResticRepository]);
        Assert.Equal(["/bin/sh", "-c"], container.Command.Take(2));
        Assert.Null(container.Args);
    }

    [Fact]
    public void Pod_HasScratchSpaceOnEmptyDirs_AndResources()
    {
        var pod = CronJob(TestSpecs.TwoPvcs()).Spec.JobTemplate.Spec.Template.Spec;
        var container = pod.Containers.Single();
        var env = container.Env.Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value);

        foreach (var variable in new[] { BackupEnv.ResticCacheDir, BackupEnv.Home, BackupEnv.TmpDir })
        {
            var mount = container.VolumeMounts.Single(m => env[variable] == m.MountPath || env[variable].StartsWith(m.MountPath + "/", StringComparison.Ordinal));
            Assert.NotNull(pod.Volumes.Single(v => v.Name == mount.Name).EmptyDir);
        }

        Assert.Equal("100m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("256Mi", container.Resources.Requests["memory"].ToString());
        Assert.Equal("1", container.Resources.Limits["cpu"].ToString());
        Assert.Equal("2Gi", container.Resources.Limits["memory"].ToString());
    }

    public static TheoryData<string, string> Names => new()
    {
        { "nextcloud", "backup-nextcloud" },
        { new string('a', 45), "backup-" + new string('a', 45) },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void ShortNames_AreKept(string app, string expected) =>
        Assert.Equal(expected, CronJob(TestSpecs.Nextcloud() with { Name = app }).Metadata.Name);

    [Fact]
    public void LongNames_AreShortenedWithAStableHash_AndStayDistinct()
    {
        var longA = new string('a', 50) + "-one";
        var longB = new string('a', 50) + "-two";

        var nameA = CronJob(TestSpecs.Nextcloud() with { Name = longA }).Metadata.Name;
        var nameB = CronJob(TestSpecs.Nextcloud() with { Name = longB }).Metadata.Name;

        Assert.Equal(52, nameA.Length);
        Assert.Matches("^backup-a+-[0-9a-f]{8}$", nameA);
        Assert.NotEqual(nameA, nameB);
        Assert.Equal(nameA, CronJob(TestSpecs.Nextcloud() with { Name = longA }).Metadata.Name);
    }

    [Fact]
    public void MissingDefaults_FailsEveryAppWithAnError()
    {
        var result = BackupRenderer.Render(new RenderInput(
            new SpecSet { Apps = [TestSpecs.Nextcloud()], Diagnostics = [] }, ClusterFacts.Unknown, "r"));

        Assert.Empty(result.Objects);
        Assert.Contains(new AppKey("nextcloud", "nextcloud"), result.FailedApps);
        Assert.Contains(result.Diagnostics, d => d.Severity == Severity.Error && d.Message.Contains("BackupDefaults", StringComparison.Ordinal));
    }

    [Fact]
    public void OneBrokenApp_FailsAlone_AndIsReported()
    {
        var broken = TestSpecs.TwoPvcs() with { Schedule = "H(40-10) 3 * * *" };

        var result = TestSpecs.Render([TestSpecs.Nextcloud(), broken]);

        Assert.Equal(["backup-nextcloud"], result.Objects.Select(o => o.Name));
        Assert.Equal([broken.Key], result.FailedApps);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("apps/immich/backup.yaml", error.Location.File);
        Assert.Contains("media/immich", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadResourceQuantity_FailsTheApp_NotTheRender()
    {
        var broken = TestSpecs.TwoPvcs() with { Resources = new ComputeResources("lots", null, null, null) };

        var result = TestSpecs.Render([broken, TestSpecs.Nextcloud()]);

        Assert.Equal(["backup-nextcloud"], result.Objects.Select(o => o.Name));
        Assert.Contains(broken.Key, result.FailedApps);
    }

    [Fact]
    public void OldCluster_WithoutTimeZoneSupport_RejectsNonUtcZones()
    {
        var input = new RenderInput(TestSpecs.Set([TestSpecs.Nextcloud(), TestSpecs.TwoPvcs()]), new ClusterFacts(26), "r");

        var result = BackupRenderer.Render(input);

        var rendered = Assert.Single(result.Objects);
        Assert.Null(((V1CronJob)rendered.Resource).Spec.TimeZone);
        Assert.Contains(TestSpecs.TwoPvcs().Key, result.FailedApps);
    }

    [Fact]
    public void EndpointWithCredentials_IsRefused()
    {
        var result = TestSpecs.Render([TestSpecs.Nextcloud()], defaults: TestSpecs.Defaults("https://AKIAXX:hunter2@rgw.lan"));

        Assert.Empty(result.Objects);
        Assert.True(result.HasErrors);
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void CloneJob_CopiesSelectedBuckets_SortedAndOnce()
    {
        var result = TestSpecs.Render([TestSpecs.Nextcloud(), TestSpecs.TwoPvcs(), TestSpecs.ReadAllFiles()], clone: TestSpecs.Clone(CloneMode.Device));
        var env = result.CloneJob!.Template.Spec.Template.Spec.Containers.Single().Env.Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value);

        // vaultwarden opted out; immich-backup is both an app bucket and an extra bucket.
        Assert.Equal("immich-backup my-nextcloud-backup-bucket workstation-home", env[BackupEnv.CloneBuckets]);
    }

    [Fact]
    public void CloneJob_DeviceMode_IsPrivilegedOnTheDisksNode_WithTheDeviceFromHostPath()
    {
        var pod = TestSpecs.Render([TestSpecs.Nextcloud()], clone: TestSpecs.Clone(CloneMode.Device)).CloneJob!.Template.Spec.Template.Spec;

        Assert.Equal("node-usb", pod.NodeSelector["kubernetes.io/hostname"]);
        Assert.True(pod.Containers.Single().SecurityContext.Privileged);
        var device = pod.Volumes.Single(v => v.HostPath is not null);
        Assert.Equal(("/dev/disk/by-uuid/5d1e-usb", "BlockDevice"), (device.HostPath.Path, device.HostPath.Type));
        Assert.NotNull(pod.Volumes.Single(v => v.Name == "disk").EmptyDir);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.Contains("trap", pod.Containers.Single().Command[2], StringComparison.Ordinal);
    }

    [Fact]
    public void CloneJob_VolumeMode_IsUnprivilegedAndRestricted()
    {
        var pod = TestSpecs.Render([TestSpecs.Nextcloud()], clone: TestSpecs.Clone(CloneMode.Volume)).CloneJob!.Template.Spec.Template.Spec;

        RestrictedProfile.AssertRestricted(pod);
        Assert.Equal("external-disk", pod.Volumes.Single(v => v.PersistentVolumeClaim is not null).PersistentVolumeClaim.ClaimName);
        Assert.DoesNotContain(pod.Volumes, v => v.HostPath is not null);
    }

    [Fact]
    public void CloneJob_InvalidMode_IsReported()
    {
        var clone = TestSpecs.Clone(CloneMode.Device) with { DevicePath = null };

        var result = TestSpecs.Render([TestSpecs.Nextcloud()], clone: clone);

        Assert.Null(result.CloneJob);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("devicePath", StringComparison.Ordinal));
    }
}
