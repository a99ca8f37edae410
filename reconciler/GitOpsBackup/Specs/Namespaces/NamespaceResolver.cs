using GitOpsBackup.Specs.Loading;

namespace GitOpsBackup.Specs.Namespaces;

/// <summary>
/// Where an app folder's objects really land: the most specific Flux Kustomization whose spec.path
/// covers the folder forces its targetNamespace on every object; else the outermost kustomization.yaml
/// in the chain that builds the folder (its own, then the parents listing it under resources:) sets
/// namespace:. Null when neither says (the spec's metadata.namespace then decides).
/// </summary>
internal sealed class NamespaceResolver
{
    private readonly List<FluxKustomization> _flux;
    private readonly Dictionary<string, KustomizationFile> _byFolder = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KustomizationFile> _byResource = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NamespaceSource?> _cache = new(StringComparer.Ordinal);

    public NamespaceResolver(IEnumerable<FluxKustomization> flux, IEnumerable<KustomizationFile> kustomizations)
    {
        // Longest path first: the first covering one is the most specific; ties keep file order.
        _flux = [.. flux.OrderByDescending(f => f.Path.Length)];
        foreach (var k in kustomizations)
        {
            _byFolder.TryAdd(k.Folder, k);
            foreach (var resource in k.Resources)
            {
                _byResource.TryAdd(resource, k);
            }
        }
    }

    public NamespaceSource? Resolve(string folder)
    {
        if (_cache.TryGetValue(folder, out var cached))
        {
            return cached;
        }

        var result = FromFlux(folder) ?? FromKustomize(folder);
        _cache[folder] = result;
        return result;
    }

    private NamespaceSource? FromFlux(string folder)
    {
        var covering = _flux.FirstOrDefault(f => RepoPaths.Covers(f.Path, folder));
        return covering?.TargetNamespace is { } target
            ? new NamespaceSource(target, $"the Flux Kustomization '{covering.Name}' (targetNamespace)", covering.Location)
            : null;
    }

    private NamespaceSource? FromKustomize(string folder)
    {
        NamespaceSource? outermost = null;
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var current = folder;
        while (visited.Add(current))
        {
            if (_byFolder.TryGetValue(current, out var own) && own.Namespace is { } ns)
            {
                outermost = new NamespaceSource(ns, $"{own.Location.File} (namespace:)", own.Location);
            }

            // A parent including this folder; its namespace: overrides the inner one.
            if (!_byResource.TryGetValue(current, out var parent) || parent.Folder == current)
            {
                break;
            }

            current = parent.Folder;
        }

        return outermost;
    }
}
