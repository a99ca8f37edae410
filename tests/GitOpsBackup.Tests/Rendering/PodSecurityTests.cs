using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;
using k8s.Models;

namespace GitOpsBackup.Tests.Rendering;

public sealed class PodSecurityTests
{
    public static TheoryData<string> RestrictedApps => ["nextcloud", "immich", "custom-user"];

    private static HomelabBackup App(string name) => name switch
    {
        "nextcloud" => TestSpecs.Nextcloud(),
        "immich" => TestSpecs.TwoPvcs(),
        "custom-user" => TestSpecs.Nextcloud() with { Name = "custom-user", PodSecurity = new PodSecurity(33, 33, 33, false) },
        "vaultwarden" => TestSpecs.ReadAllFiles(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static V1PodSpec Pod(HomelabBackup app) =>
        ((V1CronJob)TestSpecs.Render([app]).Objects.Single().Resource).Spec.JobTemplate.Spec.Template.Spec;

    [Theory]
    [MemberData(nameof(RestrictedApps))]
    public void BackupPod_MeetsTheRestrictedProfile(string app) => RestrictedProfile.AssertRestricted(Pod(App(app)));

    [Fact]
    public void CustomUser_IsUsed()
    {
        var pod = Pod(App("custom-user"));

        Assert.Equal((33L, 33L, 33L), (pod.SecurityContext.RunAsUser, pod.SecurityContext.RunAsGroup, pod.SecurityContext.FsGroup));
    }

    [Fact]
    public void ReadAllFiles_IsTheOnlyException_WithExactlyTheDocumentedDifferences()
    {
        var pod = Pod(App("vaultwarden"));
        var restricted = Pod(App("nextcloud"));

        Assert.ThrowsAny<Exception>(() => RestrictedProfile.AssertRestricted(pod));

        // The differences: root (uid/gid 0, runAsNonRoot false) and DAC_READ_SEARCH. Nothing else.
        Assert.Equal((false, 0L, 0L), (pod.SecurityContext.RunAsNonRoot, pod.SecurityContext.RunAsUser, pod.SecurityContext.RunAsGroup));
        var context = pod.Containers.Single().SecurityContext;
        Assert.Equal(["DAC_READ_SEARCH"], context.Capabilities.Add);
        Assert.False(context.RunAsNonRoot);

        pod.SecurityContext = restricted.SecurityContext;
        context.Capabilities.Add = null;
        context.RunAsNonRoot = true;
        RestrictedProfile.AssertRestricted(pod);
        Assert.False(context.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], context.Capabilities.Drop);
    }
}
