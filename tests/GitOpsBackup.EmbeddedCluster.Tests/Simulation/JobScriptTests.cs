using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Simulation;

namespace GitOpsBackup.EmbeddedCluster.Tests.Simulation;

public sealed class JobScriptTests
{
    private static JsonObject Job(string name, string? annotations = null, string? labels = null) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = "apps",
            ["annotations"] = JsonNode.Parse(annotations ?? "{}"),
            ["labels"] = JsonNode.Parse(labels ?? "{}"),
        },
        ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject(), ["spec"] = new JsonObject() } },
    };

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("2h", 7200)]
    [InlineData("00:01:30", 90)]
    [InlineData("soon", 5)] // unreadable: the option's duration
    public void DurationHint_IsRead(string hint, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), JobScript.Duration(Job("j", new JsonObject { [SimulationHints.DurationAnnotation] = hint }.ToJsonString()), new EmbeddedClusterOptions()));

    [Fact]
    public void SeededDuration_DependsOnSeedAndJob_Only()
    {
        var options = new EmbeddedClusterOptions { SimulatedJobDuration = TimeSpan.FromMinutes(1), SimulatedJobDurationMax = TimeSpan.FromHours(1), Seed = 42 };

        var durations = Enumerable.Range(0, 50).Select(i => JobScript.Duration(Job($"j-{i}"), options)).ToList();

        Assert.Equal(durations, Enumerable.Range(0, 50).Select(i => JobScript.Duration(Job($"j-{i}"), options)));
        Assert.All(durations, d => Assert.InRange(d, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)));
        Assert.True(durations.Distinct().Count() > 40);
        Assert.NotEqual(durations, Enumerable.Range(0, 50).Select(i => JobScript.Duration(Job($"j-{i}"), options with { Seed = 43 })));
    }

    [Theory]
    [InlineData(null, null, 0)]
    [InlineData("""{"simulation.gitops-backup.dev/exit-code":"3"}""", null, 3)]
    [InlineData("""{"simulation.gitops-backup.dev/outcome":"Failed"}""", null, 1)]
    [InlineData(null, """{"backup.homelab.dev/app":"immich"}""", 1)]
    [InlineData("""{"simulation.gitops-backup.dev/exit-code":"0"}""", """{"backup.homelab.dev/app":"immich"}""", 0)]
    [InlineData(null, """{"backup.homelab.dev/app":"nextcloud"}""", 0)]
    public void ExitCode_FromHintsThenFailApps(string? annotations, string? labels, int expected) =>
        Assert.Equal(expected, JobScript.ExitCode(Job("j", annotations, labels), new EmbeddedClusterOptions { FailApps = new HashSet<string> { "immich" } }));

    [Fact]
    public void NameSuffix_IsTheSameInEveryProcess()
    {
        // A fixed value: string.GetHashCode would differ per process and Random.Shared per run; this must not.
        Assert.Equal("gpd52", StableHash.NameSuffix("apps", "backup", "0"));
        Assert.NotEqual(StableHash.NameSuffix("apps", "backup", "0"), StableHash.NameSuffix("apps", "backup", "1"));
    }
}
