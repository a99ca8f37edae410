using GitOpsBackup.Specs.Model;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>The security contexts of backup and clone pods.</summary>
internal static class PodSecurityRenderer
{
    /// <summary>The uid/gid backup pods run as unless the spec names one (the "nobody" user).</summary>
    public const long DefaultUser = 65534;

    /// <summary>
    /// Pod Security "restricted" by default: non-root, seccomp RuntimeDefault. With
    /// <see cref="PodSecurity.ReadAllFiles"/> the pod runs as uid 0 so that CAP_DAC_READ_SEARCH
    /// lets it read files owned by any user; this LEAVES the restricted profile (runAsNonRoot false,
    /// one added capability) and is the documented per-app opt-in, never a default.
    /// </summary>
    public static V1PodSecurityContext Pod(PodSecurity? security)
    {
        if (security is { ReadAllFiles: true })
        {
            return new V1PodSecurityContext
            {
                RunAsNonRoot = false,
                RunAsUser = 0,
                RunAsGroup = 0,
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
            };
        }

        return new V1PodSecurityContext
        {
            RunAsNonRoot = true,
            RunAsUser = security?.RunAsUser ?? DefaultUser,
            RunAsGroup = security?.RunAsGroup ?? security?.RunAsUser ?? DefaultUser,
            FsGroup = security?.FsGroup,
            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
        };
    }

    /// <summary>No escalation, all capabilities dropped (DAC_READ_SEARCH added back only for ReadAllFiles), read-only root.</summary>
    public static V1SecurityContext Container(PodSecurity? security) => new()
    {
        AllowPrivilegeEscalation = false,
        Capabilities = new V1Capabilities
        {
            Drop = ["ALL"],
            Add = security is { ReadAllFiles: true } ? ["DAC_READ_SEARCH"] : null,
        },
        ReadOnlyRootFilesystem = true,
        RunAsNonRoot = security is { ReadAllFiles: true } ? false : true,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };
}
