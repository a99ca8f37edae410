using GitOpsBackup.Specs.Checks;
using GitOpsBackup.Specs.Loading;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Specs.Namespaces;
using GitOpsBackup.Specs.Schema;

namespace GitOpsBackup.Specs;

/// <summary>
/// Loads every backup spec of a repo tree: finds them by content, validates each (schema and
/// rules), resolves namespaces, then runs the cross-file checks. Collects every problem at once.
/// Each file's result is cached by (path, content id), so an unchanged file is never parsed again
/// on the same instance. Not thread-safe: one instance per reconcile loop.
/// </summary>
public sealed class SpecLoader(SpecLoaderOptions? options = null)
{
    private readonly SpecLoaderOptions _options = options ?? SpecLoaderOptions.Default;
    private Dictionary<string, (string ContentId, ParsedFile File)> _cache = new(StringComparer.Ordinal);

    /// <summary>How many files were actually parsed (cache misses) since this instance was made.</summary>
    public int FilesParsed { get; private set; }

    public SpecSet Load(IRepoTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);

        // 1. Read (or reuse) every candidate file. .sourceignore is the tree's job (Source.SourceTreeWalker), not done twice here.
        var parsed = new List<(string Path, ParsedFile File)>();
        var next = new Dictionary<string, (string, ParsedFile)>(StringComparer.Ordinal);
        foreach (var file in tree.EnumerateFiles().Where(f => FileParser.IsCandidate(f.Path)))
        {
            if (!_cache.TryGetValue(file.Path, out var hit) || hit.ContentId != file.ContentId)
            {
                hit = (file.ContentId, FileParser.Parse(file, _options));
                FilesParsed++;
            }

            next[file.Path] = hit;
            parsed.Add((file.Path, hit.File));
        }

        // Files no longer in the tree drop out of the cache.
        _cache = next;

        // 2. Cross-file steps: namespaces, duplicates, missing PVCs, one-per-repo kinds; and what the tree passed over.
        return Assemble(parsed, tree.EnumerateSkipped());
    }

    private static SpecSet Assemble(List<(string Path, ParsedFile File)> parsed, IEnumerable<SkippedEntry> skipped)
    {
        var diagnostics = new List<Diagnostic>();
        foreach (var entry in skipped)
        {
            // Never followed, never read: a spec behind it would be missing without a word.
            diagnostics.Add(Diagnostic.Warning(SourceLocation.OfFile(entry.Path), "not-read",
                $"'{entry.Path}' is {entry.What}; it is not followed, so nothing behind it is read",
                "commit the files themselves (a link may point out of the repository); list it in .sourceignore to silence this"));
        }

        var resolver = new NamespaceResolver(
            parsed.SelectMany(p => p.File.FluxKustomizations),
            parsed.Select(p => p.File.Kustomization).OfType<KustomizationFile>());
        var pvcs = PvcIndex(parsed);
        var broken = new HashSet<AppKey>();
        var candidates = new List<(HomelabBackup App, SpecDocument Doc)>();
        var defaults = new List<SpecDocument>();
        var clones = new List<SpecDocument>();

        foreach (var (path, file) in parsed)
        {
            diagnostics.AddRange(file.Diagnostics);
            foreach (var doc in file.Specs)
            {
                diagnostics.AddRange(doc.Diagnostics);
                switch (doc.Kind)
                {
                    case SpecKind.HomelabBackup:
                        var errorsBefore = diagnostics.Count;
                        var ns = ResolveNamespace(doc, resolver, diagnostics, "the app", "metadata.namespace in this file");
                        var contradicted = diagnostics.Count > errorsBefore;
                        if (doc.App is not null && ns is not null && !contradicted)
                        {
                            candidates.Add((doc.App with { Namespace = ns }, doc));
                        }
                        else if (doc.Name is not null && ns is not null && Names.LabelError(doc.Name) is null && Names.LabelError(ns) is null)
                        {
                            // Only a key that can name live objects protects them; any other is no app's (and not printed raw).
                            broken.Add(new AppKey(ns, doc.Name));
                        }

                        break;
                    case SpecKind.BackupDefaults:
                        defaults.Add(doc);
                        break;
                    case SpecKind.ExternalClone:
                        clones.Add(doc);
                        break;
                }
            }
        }

        var theDefaults = OnePerRepo(defaults, "BackupDefaults", diagnostics)?.Defaults;
        var apps = CheckApps(AllowedOnly(candidates, theDefaults, broken, diagnostics), pvcs, broken, diagnostics);
        var cloneDoc = OnePerRepo(clones, "ExternalClone", diagnostics);
        var clone = cloneDoc is { ExternalClone: not null } ? WithNamespace(cloneDoc, resolver, diagnostics) : null;

        if (defaults.Count == 0 && (candidates.Count > 0 || broken.Count > 0 || parsed.Any(p => p.File.Specs.Any(s => s.Kind == SpecKind.HomelabBackup))))
        {
            diagnostics.Add(Diagnostic.Error(SourceLocation.OfFile("."), "defaults-missing",
                "the repository has backup specs but no BackupDefaults (S3 endpoint, Secrets, images)",
                "add one file, e.g. infrastructure/backup/defaults.yaml: {apiVersion: backup.homelab.dev/v1alpha1, kind: BackupDefaults, "
                + "metadata: {name: defaults}, spec: {s3: {endpoint: \"https://s3.lan\", credentialsSecret: {name: s3-credentials}}, "
                + "resticPasswordSecret: {name: restic, key: password}, images: {backup: \"<image>@sha256:<digest>\", clone: \"<image>@sha256:<digest>\"}}}"));
        }

        diagnostics.Sort(Diagnostic.Order);
        var filesWithErrors = new HashSet<string>(
            diagnostics.Where(d => d.Severity == Severity.Error && d.Location.File != ".").Select(d => d.Location.File), StringComparer.Ordinal);

        return new SpecSet
        {
            Apps = apps,
            Defaults = theDefaults,
            ExternalClone = clone,
            Diagnostics = diagnostics,
            BrokenApps = broken,
            FilesWithErrors = filesWithErrors,
            ClaimsByFolder = pvcs.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value, StringComparer.Ordinal),
        };
    }

    private static string? ResolveNamespace(SpecDocument doc, NamespaceResolver resolver, List<Diagnostic> diagnostics, string what, string explicitWay)
    {
        var source = resolver.Resolve(RepoPaths.Folder(doc.Location.File));
        if (source is not null && Names.LabelError(source.Namespace) is { } invalid)
        {
            diagnostics.Add(Diagnostic.Error(doc.Location, "namespace",
                $"{source.Description} puts {what} in a namespace that is not valid: {invalid}",
                $"fix the namespace at {source.Location}"));
            return null;
        }

        if (source is not null)
        {
            if (doc.MetadataNamespace is { } explicitNs && explicitNs != source.Namespace)
            {
                diagnostics.Add(Diagnostic.Error(doc.MetadataNamespaceLocation ?? doc.Location, "namespace",
                    $"metadata.namespace '{explicitNs}' contradicts {source.Description}, which puts {what} in '{source.Namespace}' ({source.Location})",
                    $"remove metadata.namespace, or set it to '{source.Namespace}'"));
            }

            return source.Namespace;
        }

        if (doc.MetadataNamespace is { } ns)
        {
            return ns;
        }

        diagnostics.Add(Diagnostic.Error(doc.Location, "namespace",
            $"no namespace for {what}{(doc.Name is null ? "" : $" '{doc.Name}'")}",
            "give one of: a Flux Kustomization whose spec.path covers this folder, with targetNamespace; "
            + $"a kustomization.yaml that builds this folder, with namespace:; or {explicitWay}"));
        return null;
    }

    private static List<HomelabBackup> CheckApps(List<(HomelabBackup App, SpecDocument Doc)> candidates, Dictionary<string, HashSet<string>> pvcs,
        HashSet<AppKey> broken, List<Diagnostic> diagnostics)
    {
        var first = new Dictionary<AppKey, HomelabBackup>();
        foreach (var (app, _) in candidates)
        {
            if (broken.Contains(app.Key) || !first.TryAdd(app.Key, app))
            {
                var earlier = first.TryGetValue(app.Key, out var e) ? e.Location.ToString() : "a spec with errors";
                diagnostics.Add(Diagnostic.Error(app.Location, "duplicate-app",
                    $"app '{app.Name}' is defined twice in namespace '{app.Namespace}' (also at {earlier})",
                    "each app needs its own metadata.name within a namespace; neither copy is applied until this is fixed"));
                broken.Add(app.Key);
            }
        }

        var apps = new List<HomelabBackup>();
        foreach (var (app, doc) in candidates)
        {
            if (broken.Contains(app.Key))
            {
                continue;
            }

            var folder = RepoPaths.Folder(doc.Location.File);
            foreach (var volume in app.Volumes.Where(v => !v.External))
            {
                if (!pvcs.TryGetValue(folder, out var names) || !names.Contains(volume.Name))
                {
                    diagnostics.Add(Diagnostic.Warning(volume.Location ?? app.Location, "pvc-not-found",
                        $"no PersistentVolumeClaim '{volume.Name}' is defined in {(folder.Length == 0 ? "the repository" : folder + "/")}",
                        "fine if a Helm chart or operator creates it; otherwise check the name"));
                }
            }

            apps.Add(app);
        }

        return apps;
    }

    /// <summary>
    /// The apps placed in a namespace BackupDefaults allows (all when it names none). Another one is an error and
    /// counts as broken: nothing is rendered for it, and what it had in the cluster stays as it is.
    /// </summary>
    private static List<(HomelabBackup App, SpecDocument Doc)> AllowedOnly(List<(HomelabBackup App, SpecDocument Doc)> candidates, BackupDefaults? defaults,
        HashSet<AppKey> broken, List<Diagnostic> diagnostics)
    {
        if (defaults?.AllowedNamespaces is not { } allowed)
        {
            return candidates;
        }

        var kept = new List<(HomelabBackup App, SpecDocument Doc)>();
        foreach (var (app, doc) in candidates)
        {
            if (allowed.Contains(app.Namespace, StringComparer.Ordinal))
            {
                kept.Add((app, doc));
                continue;
            }

            diagnostics.Add(Diagnostic.Error(doc.MetadataNamespaceLocation ?? app.Location, "namespace-not-allowed",
                $"app '{app.Name}' lands in namespace '{app.Namespace}', which BackupDefaults does not allow ({defaults.AllowedNamespacesLocation ?? defaults.Location} lists {string.Join(", ", allowed)})",
                $"place the app in one of the allowed namespaces, or have the platform owners add '{app.Namespace}' to spec.allowedNamespaces at {defaults.AllowedNamespacesLocation ?? defaults.Location}"));
            broken.Add(app.Key);
        }

        return kept;
    }

    private static SpecDocument? OnePerRepo(List<SpecDocument> docs, string kind, List<Diagnostic> diagnostics)
    {
        if (docs.Count <= 1)
        {
            return docs.Count == 1 ? docs[0] : null;
        }

        foreach (var extra in docs.Skip(1))
        {
            diagnostics.Add(Diagnostic.Error(extra.Location, "one-per-repo",
                $"a second {kind} (the first is at {docs[0].Location}); a repository has at most one",
                $"merge them into one {kind}; until then none is used"));
        }

        return null;
    }

    private static ExternalClone? WithNamespace(SpecDocument doc, NamespaceResolver resolver, List<Diagnostic> diagnostics)
    {
        if (doc.SpecNamespace is not null)
        {
            return doc.ExternalClone;
        }

        var before = diagnostics.Count;
        var ns = ResolveNamespace(doc, resolver, diagnostics, "the clone Job", "spec.namespace or metadata.namespace in this file");
        return ns is null || diagnostics.Count > before ? null : doc.ExternalClone! with { Namespace = ns };
    }

    /// <summary>PVC names by folder, each name also under every folder above it (an app folder covers its subfolders).</summary>
    private static Dictionary<string, HashSet<string>> PvcIndex(List<(string Path, ParsedFile File)> parsed)
    {
        var index = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (path, file) in parsed)
        {
            if (file.PvcNames.Count == 0)
            {
                continue;
            }

            for (var folder = RepoPaths.Folder(path); ; folder = RepoPaths.Folder(folder))
            {
                if (!index.TryGetValue(folder, out var names))
                {
                    index[folder] = names = new HashSet<string>(StringComparer.Ordinal);
                }

                names.UnionWith(file.PvcNames);
                if (folder.Length == 0)
                {
                    break;
                }
            }
        }

        return index;
    }
}
