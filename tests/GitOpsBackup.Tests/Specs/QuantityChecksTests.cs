using GitOpsBackup.Specs;

namespace GitOpsBackup.Tests.Specs;

/// <summary>
/// Resource quantities are parsed and bounded by our own checks, with the value's place and a hint,
/// before anything renders them: nothing that passes can overflow, clamp, hang or garble in the renderer.
/// </summary>
public sealed class QuantityChecksTests
{
    private const string File = "apps/app/backup.yaml";

    // spec.resources starts on line 12; requests.memory's value is at 14:15, cpu's at 15:12 (quoted: same column).
    private static string WithResources(string memory, string cpu = "100m", string? limitsMemory = null) => SpecTexts.App(
        SpecTexts.MinimalBody + $"\n  resources:\n    requests:\n      memory: {memory}\n      cpu: {cpu}"
        + (limitsMemory is null ? "" : $"\n    limits:\n      memory: {limitsMemory}"));

    public static TheoryData<string, string> Refused => new()
    {
        // written as, message part
        { new string('9', 309), "is 309 characters long; a quantity has at most 40" },
        { "\"1e99999\"", "'1e99999' has the exponent +99999; at most ±30 is accepted" },
        { "1e999999999", "'1e999999999' has the exponent +999999999; at most ±30 is accepted" },
        { "\"0e99999\"", "has the exponent +99999" },
        { "\"1e-99999\"", "has the exponent -99999" },
        { "\"99999999999999999999999999999999Gi\"", "is too large: Kubernetes keeps quantities up to 2^63-1 (about 8Ei)" },
        { "\"8Ei\"", "'8Ei' is too large" },
        { "9223372036854775808", "'9223372036854775808' is too large" },
        { "9999999999999999999999999999", "'9999999999999999999999999999' is too large" },
        { "\"9223372036854775808\"", "'9223372036854775808' is too large" },
        { "\"-1Gi\"", "'-1Gi' is negative" },
        { "-1", "'-1' is negative" },
        { "\"1e-10\"", "'1e-10' is more precise than Kubernetes keeps (1n, a billionth)" },
        { "\"0.1n\"", "is more precise than Kubernetes keeps" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_QuantityOutOfBounds_AtItsPlace_WithAHint(string written, string message)
    {
        var set = Findings.Load(SpecTexts.Repo(WithResources(written)));

        var error = Findings.Single(set, "quantity", File, 14, 15, "spec.resources.requests.memory ");
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("Kubernetes quantity", error.Hint, StringComparison.Ordinal);
        Assert.Empty(set.Apps);
    }

    [Theory]
    [InlineData("\"1 GB\"")]
    [InlineData("\"12Gb\"")]
    public void Refuses_UnknownSuffix_Once(string written)
    {
        var set = Findings.Load(SpecTexts.Repo(WithResources(written)));

        // The schema's pattern says it; the quantity check does not repeat it.
        var only = Assert.Single(set.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(new SourceLocation(File, 14, 15), only.Location);
    }

    [Theory]
    [InlineData("512Mi", "512Mi")]
    [InlineData("1", "1")]
    [InlineData("\"1.5\"", "1.5")]
    [InlineData("1e3", "1000")]
    [InlineData("\"1e3\"", "1e3")]
    [InlineData("\"7Ei\"", "7Ei")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("\"0.5Ki\"", "0.5Ki")]
    [InlineData("\"+1G\"", "+1G")]
    [InlineData("\"1n\"", "1n")]
    [InlineData("0", "0")]
    public void Accepts_QuantityInBounds(string written, string kept)
    {
        var set = Findings.Load(SpecTexts.Repo(WithResources(written, cpu: "\"1n\"")));

        Findings.NoErrors(set);
        Assert.Equal(kept, Assert.Single(set.Apps).Resources!.RequestsMemory);
    }

    [Fact]
    public void Refuses_RequestAboveItsLimit()
    {
        var set = Findings.Load(SpecTexts.Repo(WithResources("2Gi", limitsMemory: "1Gi")));

        var error = Findings.Single(set, "quantity", File, 14, 15, "spec.resources.requests.memory '2Gi' is more than spec.resources.limits.memory '1Gi'");
        Assert.Contains("raise the limit", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Warns_MemoryInThousandthsOfABytes()
    {
        var set = Findings.Load(SpecTexts.Repo(WithResources("512m")));

        var warning = Findings.Single(set, "quantity", File, 14, 15, "spec.resources.requests.memory '512m' is not a whole number of bytes");
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Contains("512Mi", warning.Hint, StringComparison.Ordinal);
        Assert.Single(set.Apps);
    }

    [Fact]
    public void Refuses_BackupDefaultsQuantity_AtItsPlace()
    {
        var defaults = SpecTexts.Defaults + "  resources:\n    limits:\n      cpu: \"1e400\"\n";
        var set = Findings.Load(SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody)).Add("infrastructure/defaults.yaml", defaults));

        Findings.Single(set, "quantity", "infrastructure/defaults.yaml", 20, 12, "spec.resources.limits.cpu '1e400' has the exponent +400");
    }

    [Fact]
    public void BrokenQuantityInOneApp_LeavesTheOtherAppsLoaded()
    {
        var tree = SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody))
            .Add("apps/big/pvc.yaml", SpecTexts.Pvc)
            .Add("apps/big/backup.yaml", WithResources("\"1e99999\"").Replace("name: app", "name: big", StringComparison.Ordinal));

        var set = Findings.Load(tree);

        Findings.Single(set, "quantity", "apps/big/backup.yaml", 14, 15, "has the exponent");
        Assert.Equal("app", Assert.Single(set.Apps).Name);
    }
}
