using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;
using GitOpsBackup.EmbeddedCluster.Resources;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>The Job controller and kubelet: starts a Pod on the Job's node, then succeeds or fails it.</summary>
internal sealed class JobController(ControllerKit kit)
{
    private const string NameChars = "bcdfghjklmnpqrstvwxz2456789";

    public void Run(DateTimeOffset now)
    {
        foreach (var job in kit.State.List("batch/v1", "Job"))
        {
            if (ControllerKit.Finished(job) || job["spec"]?["suspend"]?.ToJsonString() == "true")
            {
                continue;
            }

            var ns = ControllerKit.Meta(job, "namespace");
            var name = ControllerKit.Meta(job, "name");
            var started = ControllerKit.Time(JsonTree.GetString(job, "status", "startTime"));
            if (started is null)
            {
                var node = NodeFor(job);
                var pod = StartPod(job, node, now);
                kit.SetStatus(ResourceCatalog.Jobs, ns, name, "job-controller", s =>
                {
                    s["startTime"] = ControllerKit.Stamp(now);
                    s["active"] = 1;
                    s["ready"] = 0;
                });
                kit.Event(job, "Normal", "SuccessfulCreate", $"Created pod: {pod}");
            }
            else if (now - started >= Duration(job))
            {
                var failed = Hint(job, SimulationHints.OutcomeAnnotation) == "Failed";
                foreach (var pod in kit.Owned(ResourceCatalog.Pods, job))
                {
                    kit.SetStatus(ResourceCatalog.Pods, ns, ControllerKit.Meta(pod, "name"), "kubelet", s => s["phase"] = failed ? "Failed" : "Succeeded");
                }

                kit.SetStatus(ResourceCatalog.Jobs, ns, name, "job-controller", s =>
                {
                    s.Remove("active");
                    s["ready"] = 0;
                    s[failed ? "failed" : "succeeded"] = 1;
                    if (failed)
                    {
                        s["conditions"] = new JsonArray(
                            ControllerKit.Condition("FailureTarget", "BackoffLimitExceeded", now),
                            ControllerKit.Condition("Failed", "BackoffLimitExceeded", now));
                    }
                    else
                    {
                        s["completionTime"] = ControllerKit.Stamp(now);
                        s["conditions"] = new JsonArray(
                            ControllerKit.Condition("SuccessCriteriaMet", "CompletionsReached", now),
                            ControllerKit.Condition("Complete", "CompletionsReached", now));
                    }
                });
                kit.Event(job, failed ? "Warning" : "Normal", failed ? "BackoffLimitExceeded" : "Completed", failed ? "Job has reached the specified backoff limit" : "Job completed");
            }
        }
    }

    /// <summary>How long this Job runs: its duration annotation (e.g. "90s", "00:01:30"), else the option.</summary>
    private TimeSpan Duration(JsonObject job)
    {
        var text = Hint(job, SimulationHints.DurationAnnotation);
        if (text is null)
        {
            return kit.Options.SimulatedJobDuration;
        }

        if (text.EndsWith('s') && int.TryParse(text[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : kit.Options.SimulatedJobDuration;
    }

    /// <summary>A simulation hint from the Job's or its pod template's annotations.</summary>
    private static string? Hint(JsonObject job, string annotation) =>
        JsonTree.GetString(job, "metadata", "annotations", annotation)
        ?? JsonTree.GetString(job, "spec", "template", "metadata", "annotations", annotation);

    private string StartPod(JsonObject job, string? node, DateTimeOffset now)
    {
        var ns = ControllerKit.Meta(job, "namespace");
        var template = job["spec"]?["template"]?.AsObject() ?? [];
        var name = $"{ControllerKit.Meta(job, "name")}-{string.Concat(Enumerable.Range(0, 5).Select(_ => NameChars[Random.Shared.Next(NameChars.Length)]))}";
        var metadata = template["metadata"]?.DeepClone().AsObject() ?? [];
        metadata["name"] = name;
        metadata["namespace"] = ns;
        metadata["ownerReferences"] = new JsonArray(ControllerKit.OwnerReference(job));
        var spec = template["spec"]?.DeepClone().AsObject() ?? [];
        if (node is not null)
        {
            spec["nodeName"] = node;
        }

        kit.Registry.Create(ResourceCatalog.Pods, ns, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = spec }, "job-controller", dryRun: false);
        kit.SetStatus(ResourceCatalog.Pods, ns, name, "kubelet", s =>
        {
            s["phase"] = node is null ? "Pending" : "Running";
            s["startTime"] = ControllerKit.Stamp(now);
        });
        return name;
    }

    private string? NodeFor(JsonObject job) =>
        JsonTree.GetString(job, "spec", "template", "spec", "nodeSelector", "kubernetes.io/hostname")
        ?? JsonTree.GetString(job, "spec", "template", "spec", "nodeName")
        ?? kit.State.List("v1", "Node").Select(n => ControllerKit.Meta(n, "name")).FirstOrDefault();
}
