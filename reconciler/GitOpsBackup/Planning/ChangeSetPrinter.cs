using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace GitOpsBackup.Planning;

/// <summary>Prints a plan as a table (people), JSON or YAML (machines). Output is stable: same plan, same bytes.</summary>
internal static class ChangeSetPrinter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Table(ChangeSet plan)
    {
        var rows = plan.Changes.Select(c => new[] { Verb(c.Action), c.Target.Kind, $"{c.Target.Namespace}/{c.Target.Name}", c.Reason }).ToList();
        var header = new[] { "ACTION", "KIND", "NAMESPACE/NAME", "REASON" };
        var widths = Enumerable.Range(0, 3).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        var text = new StringBuilder();
        void Row(string[] cells) =>
            text.Append(cells[0].PadRight(widths[0])).Append("  ").Append(cells[1].PadRight(widths[1])).Append("  ")
                .Append(cells[2].PadRight(widths[2])).Append("  ").Append(cells[3]).Append('\n');

        if (rows.Count > 0)
        {
            Row(header);
            rows.ForEach(Row);
        }

        foreach (var change in plan.Changes.Where(c => c.Diff.Count > 0))
        {
            text.Append('\n').Append("~ ").Append(change.Target.ToString()).Append('\n');
            foreach (var field in change.Diff)
            {
                text.Append("    ").Append(field.ToString()).Append('\n');
            }
        }

        foreach (var error in plan.Errors)
        {
            text.Append('\n').Append("error: ").Append(error).Append('\n');
        }

        text.Append('\n').Append(plan.HasChanges ? "Plan: " : "No changes: ").Append(plan.Summary).Append(".\n");
        return text.ToString();
    }

    public static string Json(ChangeSet plan) => ToNode(plan).ToJsonString(Indented) + "\n";

    public static string Yaml(ChangeSet plan)
    {
        // Through plain dictionaries and lists, so YAML and JSON hold the same fields.
        var plain = ToPlain(ToNode(plan));
        return new SerializerBuilder().Build().Serialize(plain);
    }

    private static JsonObject ToNode(ChangeSet plan) => new()
    {
        ["changes"] = new JsonArray(plan.Changes.Select(c => (JsonNode)new JsonObject
        {
            ["action"] = Verb(c.Action),
            ["apiVersion"] = c.Target.ApiVersion,
            ["kind"] = c.Target.Kind,
            ["namespace"] = c.Target.Namespace,
            ["name"] = c.Target.Name,
            ["app"] = c.App?.ToString(),
            ["reason"] = c.Reason,
            ["diff"] = new JsonArray(c.Diff.Select(d => (JsonNode)new JsonObject { ["path"] = d.Path, ["old"] = d.Old, ["new"] = d.New }).ToArray()),
        }).ToArray()),
        ["errors"] = new JsonArray(plan.Errors.Select(e => (JsonNode)JsonValue.Create(e)).ToArray()),
        ["summary"] = new JsonObject
        {
            ["create"] = plan.Count(ChangeAction.Create),
            ["update"] = plan.Count(ChangeAction.Update),
            ["delete"] = plan.Count(ChangeAction.Delete),
            ["unchanged"] = plan.Count(ChangeAction.Unchanged),
            ["skip"] = plan.Count(ChangeAction.Skip),
        },
    };

    private static object? ToPlain(JsonNode? node) => node switch
    {
        JsonObject o => o.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray a => a.Select(ToPlain).ToList(),
        JsonValue v when v.TryGetValue(out int i) => i,
        JsonValue v => v.GetValue<string>(),
        _ => null,
    };

    public static string Verb(ChangeAction action) => action.ToString().ToLowerInvariant();
}
