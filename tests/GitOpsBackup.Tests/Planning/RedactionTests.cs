using System.Text.Json.Nodes;
using GitOpsBackup.Planning;
using static GitOpsBackup.Tests.Planning.TestObjects;

namespace GitOpsBackup.Tests.Planning;

public sealed class RedactionTests
{
    [Theory]
    [InlineData("data", true)]
    [InlineData("stringData.password", true)]
    [InlineData("spec.template.data[0]", true)]
    [InlineData("spec.jobTemplate.spec.template.spec.containers[backup].env[RESTIC_PASSWORD].value", true)]
    [InlineData("spec.jobTemplate.spec.template.spec.containers[backup].env[AWS_SECRET_ACCESS_KEY].value", true)]
    [InlineData("spec.jobTemplate.spec.template.spec.containers[backup].env[RESTIC_REPOSITORY].value", false)]
    [InlineData("spec.schedule", false)]
    [InlineData("metadata.annotations['backup.homelab.dev/database']", false)]
    public void IsSensitive(string path, bool sensitive) => Assert.Equal(sensitive, Redaction.IsSensitive(path));

    [Fact]
    public void Diff_NeverPrintsAPlainCredentialValue_ButKeepsSecretReferences()
    {
        var desired = CronJob("a", "a");
        var live = Live(desired, j =>
        {
            var env = (JsonArray)j["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!;
            env[1] = new JsonObject { ["name"] = "RESTIC_PASSWORD", ["value"] = "hunter2-in-clear" };
            env.Add(new JsonObject { ["name"] = "S3_TOKEN", ["value"] = "tok-in-clear" });
        });

        var change = Assert.Single(Planner.Plan(State(desired), [live]).Changes);

        var printed = string.Join("\n", change.Diff.Select(d => d.ToString()));
        Assert.DoesNotContain("hunter2-in-clear", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-in-clear", printed, StringComparison.Ordinal);
        Assert.Contains("secretKeyRef", printed, StringComparison.Ordinal);
        Assert.Contains("(redacted)", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrub_ReplacesDataAndStringDataMaps()
    {
        var node = JsonNode.Parse("""{"kind":"Secret","data":{"k":"c2VjcmV0"},"stringData":{"p":"secret"},"spec":{"x":1}}""")!;

        var text = Redaction.Scrub(node).ToJsonString();

        Assert.Equal("""{"kind":"Secret","data":"(redacted)","stringData":"(redacted)","spec":{"x":1}}""", text);
    }
}
