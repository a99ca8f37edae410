using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>
/// What a simulated Job's one container does: how long it runs and how it exits, decided from the
/// Job alone (hints, labels) and the options, so that the same seed plays the same night.
/// </summary>
internal static class JobScript
{
    /// <summary>How long the container runs: the duration hint, else a seeded draw between the options' bounds, else the fixed duration.</summary>
    public static TimeSpan Duration(JsonObject job, EmbeddedClusterOptions options)
    {
        if (Hint(job, SimulationHints.DurationAnnotation) is { } text && Parse(text) is { } hinted)
        {
            return hinted;
        }

        var min = options.SimulatedJobDuration;
        if (options.SimulatedJobDurationMax is not { } max || max <= min)
        {
            return min;
        }

        var fraction = StableHash.Fraction(options.Seed.ToString(CultureInfo.InvariantCulture), Meta(job, "namespace"), Meta(job, "name"));
        return min + TimeSpan.FromSeconds(Math.Floor((max - min).TotalSeconds * fraction));
    }

    /// <summary>The exit code: the exit-code hint, else 1 for the Failed outcome hint or a failing app, else 0.</summary>
    public static int ExitCode(JsonObject job, EmbeddedClusterOptions options)
    {
        if (Hint(job, SimulationHints.ExitCodeAnnotation) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
        {
            return code;
        }

        if (Hint(job, SimulationHints.OutcomeAnnotation) == "Failed")
        {
            return 1;
        }

        var app = JsonTree.GetString(job, "metadata", "labels", SimulationHints.AppLabel)
            ?? JsonTree.GetString(job, "spec", "template", "metadata", "labels", SimulationHints.AppLabel);
        return app is not null && options.FailApps.Contains(app) ? 1 : 0;
    }

    /// <summary>The container's termination message from the hint, or null.</summary>
    public static string? TerminationMessage(JsonObject job) => Hint(job, SimulationHints.TerminationMessageAnnotation);

    /// <summary>The container's terminated reason, as the kubelet writes it.</summary>
    public static string Reason(int exitCode) => exitCode == 0 ? "Completed" : "Error";

    /// <summary>A simulation hint from the Job's or its pod template's annotations.</summary>
    private static string? Hint(JsonObject job, string annotation) =>
        JsonTree.GetString(job, "metadata", "annotations", annotation)
        ?? JsonTree.GetString(job, "spec", "template", "metadata", "annotations", annotation);

    /// <summary>"90s", "15m", "2h" or "00:01:30".</summary>
    private static TimeSpan? Parse(string text)
    {
        if (text.Length > 1 && long.TryParse(text[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            switch (text[^1])
            {
                case 's':
                    return TimeSpan.FromSeconds(n);
                case 'm':
                    return TimeSpan.FromMinutes(n);
                case 'h':
                    return TimeSpan.FromHours(n);
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
    }

    private static string Meta(JsonObject obj, string field) => obj["metadata"]?[field]?.ToString() ?? "";
}
