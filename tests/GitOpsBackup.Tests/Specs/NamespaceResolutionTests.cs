namespace GitOpsBackup.Tests.Specs;

/// <summary>Where an app's PVCs really land: Flux targetNamespace, then kustomize namespace:, then metadata.namespace.</summary>
public sealed class NamespaceResolutionTests
{
    private const string App = "apps/app/backup.yaml";

    private static string Flux(string name, string path, string? targetNamespace) => $"""
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: {name}
          namespace: flux-system
        spec:
          path: {path}
        {(targetNamespace is null ? "  prune: true" : "  targetNamespace: " + targetNamespace)}

        """;

    private static string Kustomization(string? ns, params string[] resources) =>
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n" + (ns is null ? "" : $"namespace: {ns}\n")
        + "resources:\n" + string.Concat(resources.Select(r => $"  - {r}\n"));

    private static InMemoryRepoTree Repo(string? metadataNamespace) =>
        SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody, ns: metadataNamespace));

    public static TheoryData<string, Func<GitOpsBackup.Specs.IRepoTree>> Resolved => new()
    {
        { "apps", () => Repo("apps") },
        { "media", () => Repo(null).Add("clusters/home/app.yaml", Flux("app", "./apps/app", "media")) },
        { "media", () => Repo(null).Add("clusters/home/app.yaml", Flux("app", "apps/app/", "media")) },
        { "media", () => Repo("media").Add("clusters/home/app.yaml", Flux("app", "./apps/app", "media")) },
        { "media", () => Repo(null).Add("clusters/home/apps.yaml", Flux("apps", "./apps", "media")) },
        { "media", () => Repo(null).Add("clusters/home/root.yaml", Flux("root", "./", "media")) },
        // the most specific Flux Kustomization decides
        { "inner", () => Repo(null).Add("clusters/home/apps.yaml", Flux("apps", "./apps", "outer")).Add("apps/app/ks.yaml", Flux("app", "./apps/app", "inner")) },
        // kustomize: the folder's own kustomization.yaml
        { "kust", () => Repo(null).Add("apps/app/kustomization.yaml", Kustomization("kust", "pvc.yaml")) },
        // kustomize: a parent that lists the folder under resources (its namespace: overrides the inner one)
        { "parent", () => Repo(null).Add("apps/app/kustomization.yaml", Kustomization(null, "pvc.yaml")).Add("apps/kustomization.yaml", Kustomization("parent", "app", "./other/")) },
        { "parent", () => Repo(null).Add("apps/app/kustomization.yaml", Kustomization("inner", "pvc.yaml")).Add("apps/kustomization.yaml", Kustomization("parent", "./app/")) },
        // a Flux Kustomization without targetNamespace falls through to kustomize
        { "kust", () => Repo(null).Add("clusters/home/app.yaml", Flux("app", "./apps/app", null)).Add("apps/app/kustomization.yaml", Kustomization("kust", "pvc.yaml")) },
        // Flux beats kustomize (targetNamespace overrides every object's namespace)
        { "flux", () => Repo(null).Add("clusters/home/app.yaml", Flux("app", "./apps/app", "flux")).Add("apps/app/kustomization.yaml", Kustomization("kust", "pvc.yaml")) },
        // a ${substitution} cannot be evaluated offline: the next source decides
        { "apps", () => Repo("apps").Add("clusters/home/app.yaml", Flux("app", "./apps/app", "${NS}")) },
        // a Flux Kustomization for another folder does not apply
        { "apps", () => Repo("apps").Add("clusters/home/other.yaml", Flux("other", "./apps/application", "nope")) },
    };

    [Theory]
    [MemberData(nameof(Resolved))]
    public void Resolves_Namespace(string expected, Func<GitOpsBackup.Specs.IRepoTree> repo)
    {
        var set = Findings.Load(repo());
        Findings.NoErrors(set);
        Assert.Equal(expected, Assert.Single(set.Apps).Namespace);
    }

    [Fact]
    public void Rejects_MetadataNamespace_ThatContradictsFlux()
    {
        var set = Findings.Load(Repo("apps").Add("clusters/home/app.yaml", Flux("app", "./apps/app", "media")));

        var error = Findings.Single(set, "namespace", App, 5, 14,
            "metadata.namespace 'apps' contradicts the Flux Kustomization 'app' (targetNamespace), which puts the app in 'media' (clusters/home/app.yaml:1:1)");
        Assert.Contains("set it to 'media'", error.Hint, StringComparison.Ordinal);
        Assert.Empty(set.Apps);
        Assert.Contains(new GitOpsBackup.Specs.Model.AppKey("media", "app"), set.BrokenApps);
    }

    [Fact]
    public void Rejects_MetadataNamespace_ThatContradictsKustomize()
    {
        var set = Findings.Load(Repo("apps").Add("apps/app/kustomization.yaml", Kustomization("kust", "pvc.yaml")));
        Findings.Single(set, "namespace", App, 5, 14, "metadata.namespace 'apps' contradicts apps/app/kustomization.yaml (namespace:)");
    }

    [Fact]
    public void Rejects_NoNamespace_NamingTheThreeWays()
    {
        var set = Findings.Load(Repo(null));

        var error = Findings.Single(set, "namespace", App, 1, 1, "no namespace for the app 'app'");
        Assert.Contains("Flux Kustomization", error.Hint, StringComparison.Ordinal);
        Assert.Contains("targetNamespace", error.Hint, StringComparison.Ordinal);
        Assert.Contains("kustomization.yaml", error.Hint, StringComparison.Ordinal);
        Assert.Contains("metadata.namespace", error.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../../../outside")]
    [InlineData("..")]
    [InlineData("./apps/../../outside")]
    [InlineData("/../etc")]
    public void Refuses_FluxPath_ThatLeavesTheRepo_AndPlacesNoApp(string path)
    {
        var set = Findings.Load(Repo("apps").Add("clusters/home/evil.yaml", Flux("evil", path, "kube-system")));

        // spec.path is on line 7, its value at column 9.
        var error = Findings.Single(set, "flux-path", "clusters/home/evil.yaml", 7, 9,
            $"the Flux Kustomization 'evil' has spec.path '{path}', which leaves the repository; it places no app here");
        Assert.Contains("relative to the repository root", error.Hint, StringComparison.Ordinal);
        // Read as the root it would have put the app in kube-system; refused, metadata.namespace decides.
        Assert.Equal("apps", Assert.Single(set.Apps).Namespace);
    }

    [Fact]
    public void FluxPath_ThatLeavesTheRepo_FailsOnlyTheAppsWithNoOtherNamespace()
    {
        var tree = Repo(null)
            .Add("clusters/home/evil.yaml", Flux("evil", "../../../../outside", "kube-system"))
            .Add("apps/other/pvc.yaml", SpecTexts.Pvc)
            .Add("apps/other/backup.yaml", SpecTexts.App(SpecTexts.MinimalBody, name: "other", ns: "other"));

        var set = Findings.Load(tree);

        Findings.Single(set, "namespace", App, 1, 1, "no namespace for the app 'app'");
        Assert.Equal(new GitOpsBackup.Specs.Model.AppKey("other", "other"), Assert.Single(set.Apps).Key);
        Assert.DoesNotContain(set.Apps, a => a.Namespace == "kube-system");
    }

    [Fact]
    public void Accepts_FluxPath_WithDotDot_ThatStaysInTheRepo()
    {
        var set = Findings.Load(Repo(null).Add("clusters/home/app.yaml", Flux("app", "./clusters/../apps/app", "media")));

        Findings.NoErrors(set);
        Assert.Equal("media", Assert.Single(set.Apps).Namespace);
    }

    [Theory]
    [InlineData("flux", "\"Kube_System\"")]
    [InlineData("flux", "\"a\\nb\"")]
    [InlineData("kustomize", "\"has space\"")]
    public void Refuses_ResolvedNamespace_ThatIsNoValidName(string from, string ns)
    {
        var tree = from == "flux"
            ? Repo(null).Add("clusters/home/app.yaml", Flux("app", "./apps/app", ns))
            : Repo(null).Add("apps/app/kustomization.yaml", Kustomization(ns, "pvc.yaml"));

        var set = Findings.Load(tree);

        var error = Findings.Single(set, "namespace", App, 1, 1, "puts the app in a namespace that is not valid");
        Assert.Contains(from == "flux" ? "clusters/home/app.yaml:1:1" : "apps/app/kustomization.yaml:1:1", error.Hint, StringComparison.Ordinal);
        Assert.Empty(set.Apps);
        Assert.Empty(set.BrokenApps);
    }

    [Fact]
    public void HomeOpsLayout_WithAnchorsInKsYaml_JustWorks()
    {
        // onedr0p/home-ops style: ks.yaml beside the app, anchors for name and namespace.
        const string ks = """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: &app atuin
              namespace: &namespace default
            spec:
              targetNamespace: *namespace
              commonMetadata:
                labels:
                  app.kubernetes.io/name: *app
              path: ./kubernetes/apps/default/atuin/app
              sourceRef:
                kind: GitRepository
                name: flux-system
            """;
        var tree = new InMemoryRepoTree()
            .Add("kubernetes/flux/defaults.yaml", SpecTexts.Defaults)
            .Add("kubernetes/apps/default/atuin/ks.yaml", ks)
            .Add("kubernetes/apps/default/atuin/app/pvc.yaml", SpecTexts.Pvc)
            .Add("kubernetes/apps/default/atuin/app/backup.yaml", SpecTexts.App(SpecTexts.MinimalBody, name: "atuin", ns: null));

        var set = Findings.Load(tree);

        Findings.NoErrors(set);
        Assert.Equal(new GitOpsBackup.Specs.Model.AppKey("default", "atuin"), Assert.Single(set.Apps).Key);
    }
}
