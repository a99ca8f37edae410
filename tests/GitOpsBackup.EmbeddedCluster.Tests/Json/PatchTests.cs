using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;

namespace GitOpsBackup.EmbeddedCluster.Tests.Json;

public sealed class PatchTests
{
    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonEquality.Equal(Parse(expected), actual), $"expected {expected}\nactual   {actual?.ToJsonString()}");

    [Theory]
    [InlineData("""{"a":1,"b":{"c":2}}""", """{"b":{"c":3}}""", """{"a":1,"b":{"c":3}}""")]
    [InlineData("""{"a":1,"b":2}""", """{"b":null}""", """{"a":1}""")]
    [InlineData("""{"l":[1,2]}""", """{"l":[3]}""", """{"l":[3]}""")]
    [InlineData("""{"a":{"x":1}}""", """{"a":"s"}""", """{"a":"s"}""")]
    public void MergePatch_FollowsRfc7386(string target, string patch, string expected) =>
        AssertJson(expected, MergePatch.Apply(Parse(target), Parse(patch)));

    [Theory]
    [InlineData(
        """{"c":[{"name":"a","image":"1"},{"name":"b","image":"1"}]}""",
        """{"c":[{"name":"b","image":"2"}]}""",
        """{"c":[{"name":"a","image":"1"},{"name":"b","image":"2"}]}""")]
    [InlineData(
        """{"c":[{"name":"a","image":"1"},{"name":"b","image":"1"}]}""",
        """{"$setElementOrder/c":[{"name":"b"},{"name":"a"}],"c":[{"name":"a","image":"2"}]}""",
        """{"c":[{"name":"b","image":"1"},{"name":"a","image":"2"}]}""")]
    [InlineData(
        """{"c":[{"name":"a"},{"name":"b"}]}""",
        """{"c":[{"name":"a","$patch":"delete"}]}""",
        """{"c":[{"name":"b"}]}""")]
    [InlineData(
        """{"c":[{"name":"a"}]}""",
        """{"c":[{"name":"z"}]}""",
        """{"c":[{"name":"a"},{"name":"z"}]}""")]
    [InlineData("""{"args":["x","y"]}""", """{"args":["z"]}""", """{"args":["z"]}""")]
    [InlineData("""{"m":{"k":"v"}}""", """{"m":{"k":null}}""", """{"m":{}}""")]
    public void StrategicMergePatch_MergesNamedListsByName(string target, string patch, string expected) =>
        AssertJson(expected, StrategicMergePatch.Apply(Parse(target), Parse(patch)));

    [Theory]
    [InlineData("""{"a":1}""", """[{"op":"add","path":"/b","value":2}]""", """{"a":1,"b":2}""")]
    [InlineData("""{"a":1}""", """[{"op":"replace","path":"/a","value":3}]""", """{"a":3}""")]
    [InlineData("""{"a":[1,2]}""", """[{"op":"remove","path":"/a/0"}]""", """{"a":[2]}""")]
    [InlineData("""{"a":[1]}""", """[{"op":"add","path":"/a/-","value":5}]""", """{"a":[1,5]}""")]
    [InlineData("""{"m":{"x/y":1}}""", """[{"op":"move","from":"/m/x~1y","path":"/n"}]""", """{"m":{},"n":1}""")]
    [InlineData("""{"a":1}""", """[{"op":"copy","from":"/a","path":"/b"}]""", """{"a":1,"b":1}""")]
    public void JsonPatch_FollowsRfc6902(string target, string ops, string expected) =>
        AssertJson(expected, JsonPatch.Apply(Parse(target), Parse(ops).AsArray()));

    [Fact]
    public void JsonPatch_FailedTest_Throws() =>
        Assert.Throws<FormatException>(() => JsonPatch.Apply(Parse("""{"a":1}"""), Parse("""[{"op":"test","path":"/a","value":2}]""").AsArray()));

    [Fact]
    public void Yaml_FollowsTheCoreSchema_AndQuotedScalarsStayStrings()
    {
        var node = YamlJson.Parse("""
            s: "30 2 * * *"
            n: 3
            f: 1.5
            b: true
            z: null
            q: "true"
            plain: yes
            list: [a, 1]
            """);

        AssertJson("""{"s":"30 2 * * *","n":3,"f":1.5,"b":true,"z":null,"q":"true","plain":"yes","list":["a",1]}""", node);
    }

    [Fact]
    public void Equality_IgnoresKeyOrderAndNumberForm() =>
        Assert.True(JsonEquality.Equal(Parse("""{"a":1,"b":[1.0,"x"]}"""), Parse("""{"b":[1,"x"],"a":1.00}""")));
}
