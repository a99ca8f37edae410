using System.Text.Json.Nodes;
using GitOpsBackup.Planning;
using static GitOpsBackup.Tests.Planning.TestObjects;

namespace GitOpsBackup.Tests.Planning;

public sealed class ChangeSetPrinterTests
{
    private static ChangeSet Sample()
    {
        var edited = CronJob("photos", "photos");
        return Planner.Plan(
            State(CronJob("nextcloud", "nextcloud"), edited, CronJob("wiki", "wiki")),
            [Live(edited, j => j["spec"]!["schedule"] = "0 5 * * *"), Live(CronJob("wiki", "wiki")), Live(CronJob("old", "old"))]);
    }

    [Fact]
    public void Table_HasOneRowPerObject_DiffsBelow_AndASummary()
    {
        var expected = """
            ACTION     KIND     NAMESPACE/NAME              REASON
            create     CronJob  nextcloud/backup-nextcloud  not in the cluster
            delete     CronJob  old/backup-old              no longer in the repo
            update     CronJob  photos/backup-photos        drift: spec.schedule differs
            unchanged  CronJob  wiki/backup-wiki            in sync

            ~ CronJob photos/backup-photos
                spec.schedule: "0 5 * * *" → "30 2 * * *"

            Plan: 1 to create, 1 to update, 1 to delete, 1 unchanged, 0 skipped.

            """;

        Assert.Equal(expected, ChangeSetPrinter.Table(Sample()));
    }

    [Fact]
    public void Table_SaysNoChanges_WhenInSync()
    {
        var text = ChangeSetPrinter.Table(Planner.Plan(State(CronJob("a", "a")), [Live(CronJob("a", "a"))]));

        Assert.EndsWith("No changes: 0 to create, 0 to update, 0 to delete, 1 unchanged, 0 skipped.\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_HoldsEveryChangeWithItsDiff()
    {
        var json = JsonNode.Parse(ChangeSetPrinter.Json(Sample()))!;

        Assert.Equal(4, json["changes"]!.AsArray().Count);
        var update = json["changes"]!.AsArray().Single(c => (string?)c!["action"] == "update")!;
        Assert.Equal("photos/photos", (string?)update["app"]);
        Assert.Equal("spec.schedule", (string?)update["diff"]![0]!["path"]);
        Assert.Equal("\"30 2 * * *\"", (string?)update["diff"]![0]!["new"]);
        Assert.Equal(1, (int)json["summary"]!["delete"]!);
    }

    [Fact]
    public void Yaml_HoldsTheSameFields()
    {
        var yaml = ChangeSetPrinter.Yaml(Sample());

        Assert.Contains("- action: update", yaml, StringComparison.Ordinal);
        Assert.Contains("path: spec.schedule", yaml, StringComparison.Ordinal);
        Assert.Contains("delete: 1", yaml, StringComparison.Ordinal);
    }
}
