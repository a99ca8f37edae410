using GitOpsBackup.Rendering;
using GitOpsBackup.Specs;
using GitOpsBackup.Tests.Specs;

namespace GitOpsBackup.Tests.Security;

/// <summary>
/// BackupDefaults <c>spec.allowedNamespaces</c>: an app that lands (after Flux and kustomize placement) in a
/// namespace not on the list is an error with its place and a fix, and nothing is rendered for it; apps on
/// the list are untouched. Without the field every namespace is allowed.
/// </summary>
public sealed class AllowedNamespacesTests
{
    private static string Defaults(string list) => SpecTexts.Defaults + $"  allowedNamespaces: {list}\n";

    private static InMemoryRepoTree Repo(string list) => new InMemoryRepoTree()
        .Add("infrastructure/defaults.yaml", Defaults(list))
        .Add("apps/app/pvc.yaml", SpecTexts.Pvc)
        .Add("apps/app/backup.yaml", SpecTexts.App(SpecTexts.MinimalBody, ns: "apps"))
        .Add("apps/sneaky/pvc.yaml", SpecTexts.Pvc)
        .Add("apps/sneaky/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: kube-system\nresources: [backup.yaml, pvc.yaml]\n")
        .Add("apps/sneaky/backup.yaml", SpecTexts.App(SpecTexts.MinimalBody, name: "sneaky", ns: null));

    [Fact]
    public void AnAppPlacedOutsideTheList_IsAnError_AndRendersNothing()
    {
        var set = Findings.Load(Repo("[apps, media]"));

        var error = Findings.Single(set, "namespace-not-allowed", "apps/sneaky/backup.yaml", 1, 1, "app 'sneaky' lands in namespace 'kube-system', which BackupDefaults does not allow");
        Assert.Contains("infrastructure/defaults.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains("add 'kube-system' to spec.allowedNamespaces", error.Hint, StringComparison.Ordinal);
        var rendered = BackupRenderer.Render(new RenderInput(set, ClusterFacts.Unknown, "rev"));
        Assert.DoesNotContain(rendered.Objects, o => o.Namespace == "kube-system");
        Assert.Contains(rendered.Objects, o => o.Namespace == "apps");
        Assert.Contains(new GitOpsBackup.Specs.Model.AppKey("kube-system", "sneaky"), set.BrokenApps);
    }

    [Fact]
    public void AnExplicitNamespaceOutsideTheList_IsReportedAtIt()
    {
        var tree = Repo("[media]").Remove("apps/sneaky/backup.yaml");

        var set = Findings.Load(tree);

        Findings.Single(set, "namespace-not-allowed", "apps/app/backup.yaml", 5, 14, "app 'app' lands in namespace 'apps'");
        Assert.Empty(set.Apps);
    }

    [Fact]
    public void WithoutTheField_EveryNamespaceIsAllowed()
    {
        var set = Findings.Load(Repo("[apps, media]").Add("infrastructure/defaults.yaml", SpecTexts.Defaults));

        Assert.DoesNotContain(set.Diagnostics, d => d.Code == "namespace-not-allowed");
        Assert.Equal(["apps", "kube-system"], set.Apps.Select(a => a.Namespace).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[Kube_System]")]
    [InlineData("apps")]
    public void AMalformedList_IsASchemaError(string list)
    {
        var set = Findings.Load(Repo(list));

        Assert.Contains(set.Diagnostics, d => d.Severity == Severity.Error && d.Location.File == "infrastructure/defaults.yaml");
    }
}
