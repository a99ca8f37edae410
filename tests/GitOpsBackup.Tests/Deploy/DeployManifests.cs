using GitOpsBackup.Tests.Fixtures;
using k8s;

namespace GitOpsBackup.Tests.Deploy;

/// <summary><c>kubectl kustomize reconciler/deploy</c>, split into its objects (by kind and name).</summary>
internal sealed class DeployManifests
{
    private readonly List<(string Kind, string Name, string Yaml)> _objects;

    private DeployManifests(List<(string Kind, string Name, string Yaml)> objects) => _objects = objects;

    public static string Folder => Path.Combine(CheckoutPaths.Root, "reconciler", "deploy");

    public IReadOnlyList<string> Kinds => [.. _objects.Select(o => o.Kind)];

    public static async Task<DeployManifests> BuildAsync()
    {
        var home = Directory.CreateTempSubdirectory("gob-kustomize-").FullName;
        try
        {
            var result = await ProcessRunner.RunAsync("kubectl", ["kustomize", Folder], new Dictionary<string, string> { ["HOME"] = home }, TimeSpan.FromSeconds(60));
            Assert.True(result.ExitCode == 0, $"kubectl kustomize {Folder} failed:\n{result}");
            var objects = result.Stdout.Split("\n---\n").Where(d => d.Trim().Length > 0)
                .Select(d => (Kind: Field(d, "kind"), Name: Field(d, "  name"), Yaml: d))
                .ToList();
            return new DeployManifests(objects);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>The one object of this kind, as the client's model (kinds the client does not know, like a PrometheusRule, are never parsed).</summary>
    public T Single<T>(string kind) => KubernetesYaml.Deserialize<T>(Assert.Single(_objects, o => o.Kind == kind).Yaml);

    // Top-level "kind:" and metadata's "  name:" are plain scalars in kustomize's output.
    private static string Field(string yaml, string key) =>
        yaml.Split('\n').Select(l => l.TrimEnd()).FirstOrDefault(l => l.StartsWith(key + ": ", StringComparison.Ordinal))?[(key.Length + 2)..] ?? "";
}
