using k8s.Models;

namespace GitOpsBackup.Tests.Deploy;

/// <summary>The kustomize base in reconciler/deploy builds with kubectl and deploys what the issue asks for.</summary>
public sealed class DeployManifestTests
{
    [Fact]
    public async Task KustomizeBuild_GivesTheNamespacedObjects_AndARestrictedTwoReplicaLeaderElectedDeployment()
    {
        var manifests = await DeployManifests.BuildAsync();

        foreach (var kind in new[] { "Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Deployment", "Service" })
        {
            Assert.Contains(kind, manifests.Kinds);
        }

        var deployment = manifests.Single<V1Deployment>("Deployment");
        var pod = deployment.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        Assert.Equal("gitops-backup", deployment.Metadata.NamespaceProperty);
        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Equal("gitops-backup", pod.ServiceAccountName);
        Assert.StartsWith("ghcr.io/homelab/gitops-backup:", container.Image, StringComparison.Ordinal);
        Assert.Equal("run", container.Args[0]);
        Assert.Contains("--leader-elect", container.Args);
        Assert.Contains("--lease-namespace=$(POD_NAMESPACE)", container.Args);
        Assert.Contains("--listen=:8080", container.Args);

        // Restricted: non-root 65532, read-only root, nothing added, no escalation, the runtime's seccomp profile.
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal(65532, pod.SecurityContext.RunAsUser);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.Null(container.SecurityContext.Capabilities.Add);

        // Writable only where it must be: the git cache and /tmp, both emptyDirs; secrets mounted read-only.
        var writable = container.VolumeMounts.Where(m => m.ReadOnlyProperty != true).Select(m => m.MountPath).Order().ToList();
        Assert.Equal(["/tmp", "/var/cache/gitops-backup"], writable);
        Assert.All(pod.Volumes.Where(v => writable.Contains(container.VolumeMounts.Single(m => m.Name == v.Name).MountPath)), v => Assert.NotNull(v.EmptyDir));
        Assert.Contains("--cache-dir=/var/cache/gitops-backup", container.Args);
        Assert.Equal(["gitops-backup-git", "gitops-backup-webhook"], pod.Volumes.Where(v => v.Secret is not null).Select(v => v.Secret.SecretName).Order());

        // Probes and the Service on the named port 8080.
        Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal(8080, Assert.Single(container.Ports).ContainerPort);
        Assert.NotNull(container.Resources.Requests);
        var service = manifests.Single<V1Service>("Service");
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal(("http", 8080, "http"), (port.Name, port.Port, port.TargetPort.Value));
        Assert.Equal(deployment.Spec.Template.Metadata.Labels["app.kubernetes.io/name"], service.Spec.Selector["app.kubernetes.io/name"]);

        // The bindings give the Deployment's service account the roles, the Role in the Deployment's namespace.
        var role = manifests.Single<V1Role>("Role");
        var roleBinding = manifests.Single<V1RoleBinding>("RoleBinding");
        var clusterBinding = manifests.Single<V1ClusterRoleBinding>("ClusterRoleBinding");
        Assert.Equal("gitops-backup", role.Metadata.NamespaceProperty);
        Assert.Equal((role.Metadata.Name, "gitops-backup", "gitops-backup"), (roleBinding.RoleRef.Name, Assert.Single(roleBinding.Subjects).Name, roleBinding.Subjects[0].NamespaceProperty));
        Assert.Equal((manifests.Single<V1ClusterRole>("ClusterRole").Metadata.Name, "gitops-backup", "gitops-backup"), (clusterBinding.RoleRef.Name, Assert.Single(clusterBinding.Subjects).Name, clusterBinding.Subjects[0].NamespaceProperty));
    }
}
