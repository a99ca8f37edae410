using System.Numerics;
using GitOpsBackup.Rendering;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;
using k8s.Models;

namespace GitOpsBackup.Tests.Rendering;

/// <summary>
/// The renderer meets only quantities our own parser accepts: those render to exactly their value; the
/// others (from a SpecSet built in code) fail their app with an error, never an exception or a hang.
/// </summary>
public sealed class QuantityRenderingTests
{
    [Theory]
    [InlineData("1e99999")]
    [InlineData("1e999999999")]
    [InlineData("99999999999999999999999999999999Gi")]
    [InlineData("8Ei")]
    [InlineData("-1")]
    [InlineData("1 GB")]
    [InlineData("1e-10")]
    public void QuantityOutOfBounds_FailsItsApp_TheOthersRender(string memory)
    {
        var bad = TestSpecs.TwoPvcs() with { Resources = new ComputeResources(null, memory, null, null) };

        var result = TestSpecs.Render([bad, TestSpecs.Nextcloud()]);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(bad.Location, error.Location);
        Assert.Contains($"resource quantity memory '{memory}'", error.Message, StringComparison.Ordinal);
        Assert.Equal([bad.Key], result.FailedApps);
        Assert.Equal("nextcloud", Assert.Single(result.Objects).App!.Name);
    }

    [Fact]
    public void DefaultsQuantityOutOfBounds_FailsTheCloneJob_WithAnError()
    {
        var defaults = TestSpecs.Defaults() with { Resources = new ComputeResources("1e400", null, null, null) };

        var result = TestSpecs.Render([], defaults, TestSpecs.Clone(CloneMode.Device));

        Assert.Null(result.CloneJob);
        Assert.Contains("ExternalClone: resource quantity cpu '1e400'", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1n")]
    [InlineData("250m")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("1E+18")]
    [InlineData("+.5E-3")]
    [InlineData("0.5Ki")]
    [InlineData("1.1Ki")]
    [InlineData("7Ei")]
    [InlineData("8191Pi")]
    [InlineData("9223372036854775807")]
    [InlineData("9.223372036854775807E+18")]
    [InlineData("1000000000000000000000n")]
    public void AcceptedQuantity_RendersExactlyItsValue(string text)
    {
        Assert.True(Quantities.TryParse(text, out var nanos, out var error), error);
        var app = TestSpecs.Nextcloud() with { Resources = new ComputeResources(text, text, null, null) };

        var job = (V1CronJob)TestSpecs.Render([app]).Objects.Single().Resource;
        var rendered = job.Spec.JobTemplate.Spec.Template.Spec.Containers[0].Resources.Requests["memory"];

        Assert.Equal(nanos, new BigInteger(rendered.ToDecimal() * 1_000_000_000m));
        Assert.Contains($"memory: {rendered}", RenderedYaml.SerializeAll(TestSpecs.Render([app]).Objects), StringComparison.Ordinal);
    }
}
