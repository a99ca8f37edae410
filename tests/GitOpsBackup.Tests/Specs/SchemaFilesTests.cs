using System.Text.Json.Nodes;
using GitOpsBackup.Tests.Fixtures;

namespace GitOpsBackup.Tests.Specs;

/// <summary>The schemas are strict and documented: every object closed, every field described.</summary>
public sealed class SchemaFilesTests
{
    public static TheoryData<string> Files => new() { "homelabbackup.schema.json", "backupdefaults.schema.json", "externalclone.schema.json" };

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryObject_IsClosed_AndEveryField_HasADescription(string file)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(CheckoutPaths.SpecSchema, file)))!.AsObject();
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root["$schema"]!.GetValue<string>());
        var problems = new List<string>();
        Walk(root, "#", problems);
        Assert.Empty(problems);
    }

    private static void Walk(JsonObject schema, string path, List<string> problems)
    {
        if (schema["properties"] is JsonObject properties)
        {
            if (schema["additionalProperties"] is not JsonValue closed || closed.GetValue<bool>())
            {
                problems.Add($"{path}: additionalProperties is not false");
            }

            foreach (var (name, value) in properties)
            {
                if (value is JsonObject property)
                {
                    if (property["description"] is null)
                    {
                        problems.Add($"{path}/properties/{name}: no description");
                    }

                    Walk(property, $"{path}/properties/{name}", problems);
                }
            }
        }

        if (schema["items"] is JsonObject items)
        {
            Walk(items, path + "/items", problems);
        }

        if (schema["$defs"] is JsonObject defs)
        {
            foreach (var (name, value) in defs)
            {
                Walk(value!.AsObject(), $"{path}/$defs/{name}", problems);
            }
        }
    }
}
