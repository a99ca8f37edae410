using GitOpsBackup.Rendering;
using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Rendering;
using k8s.Models;

namespace GitOpsBackup.Tests.Security;

/// <summary>
/// Over everything sample-repo renders (every app, its verify CronJob, the clone Job of both modes): each
/// backup pod meets the restricted profile (the documented readAllFiles exception aside, see
/// <see cref="PodSecurityTests"/>), lives in its app's namespace, mounts only its own app's PVCs read-only and
/// runs only the defaults' images; the clone Job is the only privileged object, and only in device mode.
/// </summary>
public sealed class PrivilegeTests
{
    private static (SpecSet Specs, RenderResult Rendered) Sample(CloneMode? mode = null)
    {
        var specs = new SpecLoader().Load(new DirectoryRepoTree(CheckoutPaths.SampleRepo));
        Assert.False(specs.HasErrors, string.Join("\n", specs.Diagnostics));
        if (mode is { } m)
        {
            specs = specs with { ExternalClone = TestSpecs.Clone(m) };
        }

        return (specs, BackupRenderer.Render(new RenderInput(specs, ClusterFacts.Unknown, "rev")));
    }

    private static IEnumerable<(DesiredObject Object, V1PodSpec Pod)> Pods(RenderResult rendered) =>
        rendered.Objects.Select(o => (o, o.Resource switch
        {
            V1CronJob c => c.Spec.JobTemplate.Spec.Template.Spec,
            V1Job j => j.Spec.Template.Spec,
            _ => null,
        })).Where(p => p.Item2 is not null).Select(p => (p.o, p.Item2!));

    private static bool Privileged(V1PodSpec pod) =>
        pod.Containers.Concat(pod.InitContainers ?? []).Any(c => c.SecurityContext?.Privileged == true || c.SecurityContext?.Capabilities?.Add?.Count > 0)
        || pod.HostPID == true || pod.HostNetwork == true || pod.Volumes?.Any(v => v.HostPath is not null) == true;

    [Fact]
    public void EveryBackupPod_IsRestricted_InItsAppsNamespace_WithOnlyItsOwnVolumes_AndTheDefaultsImages()
    {
        var (specs, rendered) = Sample();
        var pods = Pods(rendered).ToList();
        Assert.True(pods.Count >= specs.Apps.Count, "every app renders a backup pod");

        foreach (var (obj, pod) in pods)
        {
            var app = specs.Apps.Single(a => a.Key == obj.App);
            Assert.Equal(app.Namespace, obj.Namespace);
            if (app.PodSecurity?.ReadAllFiles != true)
            {
                RestrictedProfile.AssertRestricted(pod);
            }

            var own = app.Volumes.Where(v => !v.External).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var volume in pod.Volumes.Where(v => v.PersistentVolumeClaim is not null))
            {
                Assert.True(own.Contains(volume.PersistentVolumeClaim.ClaimName), $"{obj.Kind} {obj.Namespace}/{obj.Name} mounts '{volume.PersistentVolumeClaim.ClaimName}'");
                Assert.All(pod.Containers.SelectMany(c => c.VolumeMounts ?? []).Where(m => m.Name == volume.Name), m => Assert.True(m.ReadOnlyProperty, $"{obj.Name}: {m.MountPath} is writable"));
            }

            Assert.All(pod.Containers.Concat(pod.InitContainers ?? []), c => Assert.Equal(specs.Defaults!.BackupImage, c.Image));
            Assert.All(pod.Volumes.Where(v => v.Secret is not null), v => Assert.Contains(v.Secret.SecretName, new[] { specs.Defaults!.ResticPassword.SecretName, specs.Defaults.S3Credentials.SecretName, specs.Defaults.S3CaBundle?.SecretName }));
            Assert.False(Privileged(pod), $"{obj.Kind} {obj.Namespace}/{obj.Name} is privileged");
        }
    }

    [Fact]
    public void TheCloneJob_IsTheOnlyPrivilegedObject_AndOnlyInDeviceMode()
    {
        var (_, device) = Sample(CloneMode.Device);
        var (_, volume) = Sample(CloneMode.Volume);

        Assert.DoesNotContain(Pods(device).Concat(Pods(volume)), p => Privileged(p.Pod));
        Assert.True(Privileged(device.CloneJob!.Template.Spec.Template.Spec), "device mode mounts the disk: privileged");
        Assert.False(Privileged(volume.CloneJob!.Template.Spec.Template.Spec), "volume mode stays unprivileged");
        Assert.Equal("backup-system", device.CloneJob.Template.Metadata.NamespaceProperty);
    }

    [Fact]
    public void ASpecNamingAnotherAppsClaim_StillMountsOnlyClaimsOfItsOwnNamespace()
    {
        // The volume name is only ever a claim in the app's own namespace: "nextcloud-data" named from the
        // immich app is immich's claim of that name (or none), never nextcloud's volume.
        var (specs, _) = Sample();
        var immich = specs.Apps.First(a => a.Name != "nextcloud");
        var nextcloud = specs.Apps.First(a => a.Name == "nextcloud");
        var thief = immich with { Volumes = [.. nextcloud.Volumes.Where(v => !v.External)] };

        var rendered = BackupRenderer.Render(new RenderInput(specs with { Apps = [thief] }, ClusterFacts.Unknown, "rev"));

        Assert.NotEqual(nextcloud.Namespace, thief.Namespace);
        Assert.All(rendered.Objects.Where(o => o.App == thief.Key), o => Assert.Equal(thief.Namespace, o.Namespace));
    }
}
