using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;
using k8s;
using k8s.Models;

namespace GitOpsBackup.Tests.Rendering;

/// <summary>
/// The renderer serialises each object once and hashes that text less the revision and hash entries; these hold
/// it to the hash's definition (the YAML with only the owner and source-path annotations) and the kept text to a
/// fresh serialisation, whatever the revision looks like.
/// </summary>
public sealed class SpecHashTests
{
    [Theory]
    [InlineData("main@sha1:0123456789abcdef")]
    [InlineData("working-tree")]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("true")]
    [InlineData("a revision with spaces that runs well past the eighty columns the emitter folds long plain scalars at, twice over")]
    [InlineData("two\nlines")]
    [InlineData("trailing blank line\n\n")]
    [InlineData("  leading spaces: and # a comment sign")]
    public void TheSpecHash_IsTheHashOfTheYamlWithoutRevisionAndHash_AndTheKeptTextIsAFreshOne(string revision)
    {
        var result = TestSpecs.Render([TestSpecs.Nextcloud(), TestSpecs.Dumps()], clone: TestSpecs.Clone(CloneMode.Device), revision: revision);
        List<IKubernetesObject<V1ObjectMeta>> objects = [.. result.Objects.Select(o => o.Resource), result.CloneJob!.Template];

        Assert.True(objects.Count >= 3);
        foreach (var resource in objects)
        {
            var annotations = resource.Metadata.Annotations;
            Assert.Equal(revision, annotations[Ownership.RevisionAnnotation]);
            Assert.Equal(SpecHashAsDefined(resource), annotations[Ownership.SpecHashAnnotation]);
            var kept = RenderedYaml.Serialize(new DesiredObject(null, resource));
            var fresh = YamlWriter.Serialize(resource).ReplaceLineEndings("\n");
            Assert.Equal(fresh.EndsWith('\n') ? fresh : fresh + "\n", kept);
        }
    }

    [Fact]
    public void AnObjectChangedAfterRendering_IsWrittenAsItIsNow()
    {
        var desired = TestSpecs.Render([TestSpecs.Nextcloud()]).Objects[0];
        desired.Resource.Metadata.Annotations[Ownership.RevisionAnnotation] = "moved";

        Assert.Contains($"{Ownership.RevisionAnnotation}: moved\n", RenderedYaml.Serialize(desired), StringComparison.Ordinal);
    }

    // The hash as it is defined: the SHA-256 of the object's YAML with only the owner and source-path annotations.
    private static string SpecHashAsDefined(IKubernetesObject<V1ObjectMeta> resource)
    {
        var meta = resource.Metadata;
        var stamped = meta.Annotations;
        meta.Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Ownership.OwnerAnnotation] = stamped[Ownership.OwnerAnnotation],
            [Ownership.SourcePathAnnotation] = stamped[Ownership.SourcePathAnnotation],
        };
        var hash = "sha256:" + Hashing.Sha256Hex(KubernetesYaml.Serialize(resource));
        meta.Annotations = stamped;
        return hash;
    }
}
