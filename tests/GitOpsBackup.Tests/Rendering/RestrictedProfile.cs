using k8s.Models;

namespace GitOpsBackup.Tests.Rendering;

/// <summary>The Pod Security "restricted" rules that apply to our pods, checked on a pod spec.</summary>
internal static class RestrictedProfile
{
    public static void AssertRestricted(V1PodSpec pod)
    {
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.NotEqual(0, pod.SecurityContext.RunAsUser ?? 1);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.Null(pod.HostNetwork);
        Assert.Null(pod.HostPID);
        Assert.Null(pod.HostIPC);
        Assert.DoesNotContain(pod.Volumes, v => v.HostPath is not null);
        foreach (var container in pod.Containers)
        {
            var context = container.SecurityContext;
            Assert.False(context.AllowPrivilegeEscalation);
            Assert.Null(context.Privileged);
            Assert.Equal(["ALL"], context.Capabilities.Drop);
            Assert.Null(context.Capabilities.Add);
            Assert.True(context.ReadOnlyRootFilesystem);
            Assert.NotEqual(false, context.RunAsNonRoot);
            Assert.Null(context.RunAsUser);
            Assert.NotNull(container.Resources.Requests);
            Assert.NotNull(container.Resources.Limits);
        }
    }
}
