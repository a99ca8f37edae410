using System.Globalization;
using k8s;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>
/// The external-clone Job as rendered from the ExternalClone spec, before it has a cycle. The
/// reconciler creates it once per night's cycle with <see cref="ForCycle"/>, whose deterministic
/// name makes a second create (after a restart) a harmless AlreadyExists.
/// </summary>
public sealed class CloneJobTemplate(V1Job template)
{
    /// <summary>The rendered Job; its name is a placeholder until <see cref="ForCycle"/>.</summary>
    public V1Job Template { get; } = template;

    public DesiredObject ForCycle(DateOnly cycle)
    {
        // A deep copy through YAML: the template stays untouched and the copy shares nothing with it.
        var job = KubernetesYaml.Deserialize<V1Job>(KubernetesYaml.Serialize(Template));
        job.Metadata.Name = ObjectNames.CloneJob(cycle);
        job.Metadata.Labels[RenderedLabels.Cycle] = cycle.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new DesiredObject(null, job);
    }
}
