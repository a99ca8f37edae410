using GitOpsBackup.Specs.Schema;
using GitOpsBackup.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace GitOpsBackup.Tests.Specs;

/// <summary>
/// The committed CRDs are exactly what the generator makes from the JSON Schemas now. After a schema
/// change, regenerate with `make schema` (UPDATE_SCHEMA=1, or UPDATE_CRDS=1) and commit both.
/// </summary>
public sealed class CrdDriftTests
{
    public static TheoryData<string> Kinds => new() { "HomelabBackup", "BackupDefaults", "ExternalClone" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void CommittedCrd_MatchesTheSchema(string kindName)
    {
        var kind = Enum.Parse<SpecKind>(kindName);
        var path = Path.Combine(CheckoutPaths.SpecSchema, "crds", CrdGenerator.FileName(kind));
        var generated = CrdGenerator.Generate(kind);
        if (Environment.GetEnvironmentVariable("UPDATE_CRDS") == "1" || Environment.GetEnvironmentVariable("UPDATE_SCHEMA") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run `make schema`");
        Assert.True(File.ReadAllText(path) == generated, $"{path} differs from the schema; run `make schema` and commit the result");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Crd_IsStructural_NoJsonSchemaOnlyKeywords(string kindName)
    {
        var kind = Enum.Parse<SpecKind>(kindName);
        var text = CrdGenerator.Generate(kind);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;

        Assert.Equal("CustomResourceDefinition", root["kind"].ToString());
        foreach (var forbidden in new[] { "$ref", "$defs", "$schema", "$id", "const:", "additionalProperties: false" })
        {
            Assert.DoesNotContain(forbidden, text, StringComparison.Ordinal);
        }

        var spec = (YamlMappingNode)root["spec"];
        var version = (YamlMappingNode)((YamlSequenceNode)spec["versions"]).Children[0];
        var schema = (YamlMappingNode)((YamlMappingNode)version["schema"])["openAPIV3Schema"];
        var specProperties = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)schema["properties"])["spec"])["properties"];
        Assert.True(specProperties.Children.Count >= 4);
    }
}
