using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitOpsBackup.EmbeddedCluster.Json;
using GitOpsBackup.EmbeddedCluster.Resources;
using NCrontab;

namespace GitOpsBackup.EmbeddedCluster.Semantics;

/// <summary>
/// The validation a real API server does on the fields we write, with its messages: names, labels,
/// CronJob schedules and time zones, restart policies, and the immutable parts of a Job.
/// </summary>
internal static partial class Validation
{
    public static List<(string Field, string Message)> Validate(ResourceType type, JsonObject obj)
    {
        var errors = new List<(string, string)>();
        var name = JsonTree.GetString(obj, "metadata", "name") ?? "";
        ValidateName(type, name, errors);
        ValidateLabels(obj["metadata"]?["labels"] as JsonObject, errors);

        if (type == ResourceCatalog.CronJobs)
        {
            var schedule = JsonTree.GetString(obj, "spec", "schedule");
            if (string.IsNullOrEmpty(schedule))
            {
                errors.Add(("spec.schedule", "Required value"));
            }
            else if (!IsValidSchedule(schedule))
            {
                errors.Add(("spec.schedule", $"Invalid value: \"{schedule}\": unparseable cron schedule"));
            }

            var zone = JsonTree.GetString(obj, "spec", "timeZone");
            if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            {
                errors.Add(("spec.timeZone", $"Invalid value: \"{zone}\": unknown time zone {zone}"));
            }

            ValidatePodTemplate(obj["spec"]?["jobTemplate"]?["spec"]?["template"] as JsonObject, "spec.jobTemplate.spec.template", errors);
        }
        else if (type == ResourceCatalog.Jobs)
        {
            ValidatePodTemplate(obj["spec"]?["template"] as JsonObject, "spec.template", errors);
        }
        else if (type == ResourceCatalog.Pods && obj["spec"]?["containers"] is not JsonArray { Count: > 0 })
        {
            errors.Add(("spec.containers", "Required value"));
        }

        return errors;
    }

    /// <summary>Fields a real server refuses to change once set; returns the errors of this update.</summary>
    public static List<(string Field, string Message)> ValidateUpdate(ResourceType type, JsonObject before, JsonObject after)
    {
        var errors = new List<(string, string)>();
        if (type != ResourceCatalog.Jobs)
        {
            return errors;
        }

        foreach (var field in new[] { "selector", "completionMode" })
        {
            if (!JsonEquality.Equal(before["spec"]?[field], after["spec"]?[field]))
            {
                errors.Add(($"spec.{field}", "field is immutable"));
            }
        }

        var oldTemplate = before["spec"]?["template"]?.DeepClone() as JsonObject ?? [];
        var newTemplate = after["spec"]?["template"]?.DeepClone() as JsonObject ?? [];
        // A suspended Job that never started may still be placed (Kubernetes 1.27+ mutable scheduling directives).
        var suspended = before["spec"]?["suspend"] is JsonValue s && s.GetValue<bool>();
        if (suspended && before["status"]?["startTime"] is null)
        {
            foreach (var template in new[] { oldTemplate, newTemplate })
            {
                template["metadata"]?.AsObject().Remove("labels");
                template["metadata"]?.AsObject().Remove("annotations");
                if (template["spec"] is JsonObject podSpec)
                {
                    foreach (var mutable in new[] { "nodeSelector", "affinity", "tolerations", "schedulingGates" })
                    {
                        podSpec.Remove(mutable);
                    }
                }
            }
        }

        if (!JsonEquality.Equal(oldTemplate, newTemplate))
        {
            errors.Add(("spec.template", "Invalid value: core.PodTemplateSpec{...}: field is immutable"));
        }

        return errors;
    }

    private static void ValidateName(ResourceType type, string name, List<(string, string)> errors)
    {
        if (name.Length == 0)
        {
            errors.Add(("metadata.name", "Required value: name or generateName is required"));
            return;
        }

        var label = type == ResourceCatalog.Namespaces;
        if (label ? !Dns1123Label().IsMatch(name) || name.Length > 63 : !Dns1123Subdomain().IsMatch(name) || name.Length > 253)
        {
            var what = label ? "RFC 1123 label" : "RFC 1123 subdomain";
            errors.Add(("metadata.name", $"Invalid value: \"{name}\": a lowercase {what} must consist of lower case alphanumeric characters, '-'{(label ? "" : " or '.'")}, and must start and end with an alphanumeric character"));
        }

        var limit = type == ResourceCatalog.CronJobs ? 52 : type == ResourceCatalog.Jobs ? 63 : int.MaxValue;
        if (name.Length > limit)
        {
            errors.Add(("metadata.name", $"Invalid value: \"{name}\": must be no more than {limit} characters"));
        }
    }

    private static void ValidateLabels(JsonObject? labels, List<(string, string)> errors)
    {
        foreach (var (key, value) in labels ?? [])
        {
            var slash = key.LastIndexOf('/');
            var prefix = slash >= 0 ? key[..slash] : null;
            var local = slash >= 0 ? key[(slash + 1)..] : key;
            if ((prefix is not null && (!Dns1123Subdomain().IsMatch(prefix) || prefix.Length > 253)) || local.Length > 63 || !LabelName().IsMatch(local))
            {
                errors.Add(("metadata.labels", $"Invalid value: \"{key}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"));
            }

            var text = value?.ToString() ?? "";
            if (text.Length > 63 || (text.Length > 0 && !LabelName().IsMatch(text)))
            {
                errors.Add(("metadata.labels", $"Invalid value: \"{text}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (at most 63 characters)"));
            }
        }
    }

    private static void ValidatePodTemplate(JsonObject? template, string field, List<(string, string)> errors)
    {
        var restart = JsonTree.GetString(template, "spec", "restartPolicy");
        if (restart is not ("OnFailure" or "Never"))
        {
            errors.Add(($"{field}.spec.restartPolicy", restart is null ? "Required value: valid values: \"OnFailure\", \"Never\"" : $"Unsupported value: \"{restart}\": supported values: \"OnFailure\", \"Never\""));
        }

        if (template?["spec"]?["containers"] is not JsonArray { Count: > 0 })
        {
            errors.Add(($"{field}.spec.containers", "Required value"));
        }
    }

    private static bool IsValidSchedule(string schedule)
    {
        if (schedule.StartsWith('@'))
        {
            return schedule is "@yearly" or "@annually" or "@monthly" or "@weekly" or "@daily" or "@midnight" or "@hourly";
        }

        if (schedule.Contains("TZ=", StringComparison.Ordinal))
        {
            return false; // real servers reject TZ in the schedule; spec.timeZone is the way
        }

        return CrontabSchedule.TryParse(schedule) is not null;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelName();
}
