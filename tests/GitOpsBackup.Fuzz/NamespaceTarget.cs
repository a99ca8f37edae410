using CsCheck;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Loading;
using GitOpsBackup.Specs.Namespaces;

namespace GitOpsBackup.Fuzz;

/// <summary>
/// The namespace resolver over trees of kustomization.yaml files and Flux Kustomizations (cycles, self
/// references, <c>../../</c> out of the repo, absolute paths, substitutions, bad names): every resolve ends,
/// never leaves the repo, and only ever answers a namespace one of the files declares; the whole load keeps
/// the spec target's promises.
/// </summary>
internal sealed class NamespaceTarget : FuzzTarget
{
    private readonly SpecLoader _loader = new();

    public override string Name => "namespace";

    public override Gen<byte[]> Inputs => NastyYaml.NamespaceTree;

    /// <summary>Each file is parsed twice here (for the resolver checked alone, then by the loader): twice one parse's budget.</summary>
    public override long MaxAllocatedBytes(int inputLength) => 2 * base.MaxAllocatedBytes(inputLength);

    protected override void Check(ReadOnlySpan<byte> input)
    {
        var files = RepoArchive.Unpack(input);
        files.TryAdd(Seeds.DefaultsPath, Seeds.Defaults);
        var tree = RepoArchive.Tree(files);

        var parsed = tree.EnumerateFiles().Where(f => FileParser.IsCandidate(f.Path)).Select(f => FileParser.Parse(f, SpecLoaderOptions.Default)).ToList();
        var flux = parsed.SelectMany(p => p.FluxKustomizations).ToList();
        var kustomizations = parsed.Select(p => p.Kustomization).OfType<KustomizationFile>().ToList();
        foreach (var path in flux.Select(f => f.Path).Concat(kustomizations.SelectMany(k => k.Resources.Append(k.Folder))))
        {
            Require(!path.StartsWith('/') && !path.Split('/').Any(s => s is ".." or "."), $"a path that leaves the repo or is not normalised: '{path}'");
        }

        var declared = flux.Select(f => f.TargetNamespace).Concat(kustomizations.Select(k => k.Namespace)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var resolver = new NamespaceResolver(flux, kustomizations);
        foreach (var folder in files.Keys.SelectMany(Ancestors).Distinct(StringComparer.Ordinal))
        {
            var source = resolver.Resolve(folder);
            Require(source is null || declared.Contains(source.Namespace), $"'{folder}' resolved to '{source?.Namespace}', which no file declares");
        }

        SpecLoaderTarget.CheckFindings(_loader.Load(tree), files);
    }

    private static IEnumerable<string> Ancestors(string file)
    {
        for (var folder = RepoPaths.Folder(file); ; folder = RepoPaths.Folder(folder))
        {
            yield return folder;
            if (folder.Length == 0)
            {
                yield break;
            }
        }
    }
}
