using GitOpsBackup.Specs.Checks;
using GitOpsBackup.Specs.Schema;
using GitOpsBackup.Specs.Yaml;

namespace GitOpsBackup.Specs.Loading;

/// <summary>
/// Reads one file into a <see cref="ParsedFile"/>. Specs are found by content (apiVersion + kind),
/// never by file name. Problems in a file that holds no backup.homelab.dev text are not ours to
/// report (other manifests, Helm values…), so such a file that fails to read is simply skipped.
/// </summary>
internal static class FileParser
{
    private const string Marker = SpecSchemas.Group;
    private const string FluxGroup = "kustomize.toolkit.fluxcd.io/";
    private const string PvcKind = "PersistentVolumeClaim";

    private static readonly string[] KustomizationNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    public static bool IsCandidate(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || RepoPaths.FileName(path) == "Kustomization";

    public static ParsedFile Parse(RepoFile file, SpecLoaderOptions options)
    {
        if (file.Length > options.MaxFileBytes)
        {
            return TooLarge(file.Path, file.Length, options);
        }

        byte[] bytes;
        try
        {
            bytes = file.ReadAllBytes();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ParsedFile
            {
                Diagnostics = [Diagnostic.Error(SourceLocation.OfFile(file.Path), "file-read", $"cannot read the file: {ex.Message}", "check its permissions")],
            };
        }

        if (bytes.Length > options.MaxFileBytes)
        {
            return TooLarge(file.Path, bytes.Length, options);
        }

        var mentionsSpecs = YamlText.Contains(bytes, Marker);
        var isKustomizationFile = KustomizationNames.Contains(RepoPaths.FileName(file.Path));
        if (!mentionsSpecs && !isKustomizationFile && !YamlText.Contains(bytes, FluxGroup) && !YamlText.Contains(bytes, PvcKind))
        {
            // Nothing here we read (Deployments, HelmReleases, values…): skip the parse.
            return ParsedFile.Empty;
        }

        if (!YamlText.TryDecode(bytes, out var text, out var encodingError))
        {
            return mentionsSpecs ? Failed(file.Path, encodingError!) : ParsedFile.Empty;
        }

        var read = YamlReader.Read(text, options.Yaml);
        if (read.Error is not null)
        {
            return mentionsSpecs ? Failed(file.Path, read.Error) : ParsedFile.Empty;
        }

        var diagnostics = new List<Diagnostic>();
        var specs = new List<SpecDocument>();
        var flux = new List<FluxKustomization>();
        var pvcs = new List<string>();
        KustomizationFile? kustomization = null;

        foreach (var document in read.Documents)
        {
            if (document.Root is null)
            {
                continue;
            }

            if (document.Root is not YamlMapping root)
            {
                if (mentionsSpecs)
                {
                    var what = document.Root is YamlSequence ? "a list" : "a single value";
                    diagnostics.Add(Diagnostic.Error(new SourceLocation(file.Path, document.Root.Line, document.Root.Column), "document",
                        $"a YAML document here is {what}, not a Kubernetes-style object",
                        "a backup spec is a mapping with apiVersion, kind, metadata and spec; split several specs with ---"));
                }

                continue;
            }

            var apiVersion = root.GetString("apiVersion");
            var kind = root.GetString("kind");
            if (apiVersion is not null && apiVersion.StartsWith(Marker + "/", StringComparison.Ordinal))
            {
                specs.Add(SpecReader.Read(file.Path, root, apiVersion, kind));
            }
            else if (apiVersion is not null && apiVersion.StartsWith(FluxGroup, StringComparison.Ordinal) && kind == "Kustomization")
            {
                if (Flux(file.Path, root, diagnostics) is { } fluxKustomization)
                {
                    flux.Add(fluxKustomization);
                }
            }
            else if (apiVersion == "v1" && kind == "PersistentVolumeClaim" && (root.Get("metadata") as YamlMapping)?.GetString("name") is { } pvc)
            {
                pvcs.Add(pvc);
            }
            else if (isKustomizationFile && kustomization is null && (kind is null or "Kustomization"))
            {
                kustomization = Kustomize(file.Path, root);
            }
        }

        return new ParsedFile { Diagnostics = diagnostics, Specs = specs, FluxKustomizations = flux, Kustomization = kustomization, PvcNames = pvcs };
    }

    /// <summary>
    /// The Flux Kustomization's folder and forced namespace. A spec.path that climbs out of the repository
    /// covers nothing here: it is refused with an error (read as the root, it would pull every app into its
    /// targetNamespace), and the apps below fall back to their other namespace sources.
    /// </summary>
    private static FluxKustomization? Flux(string path, YamlMapping root, List<Diagnostic> diagnostics)
    {
        var spec = root.Get("spec") as YamlMapping;
        var name = (root.Get("metadata") as YamlMapping)?.GetString("name") ?? "";
        var written = spec?.Get("path") as YamlScalar;
        var fluxPath = RepoPaths.Combine("", written?.Value ?? "");
        if (fluxPath is null)
        {
            diagnostics.Add(Diagnostic.Error(new SourceLocation(path, written!.Line, written.Column), "flux-path",
                $"the Flux Kustomization '{name}' has spec.path '{written.Value}', which leaves the repository; it places no app here",
                "spec.path is relative to the repository root, e.g. ./apps/nextcloud; until it is fixed, the apps it was meant to place need another namespace source"));
            return null;
        }

        var target = spec?.GetString("targetNamespace");
        if (target is not null && (target.Contains("${", StringComparison.Ordinal) || target.Length == 0))
        {
            // A postBuild substitution we cannot evaluate offline: fall back to the other sources.
            target = null;
        }

        return new FluxKustomization(name, fluxPath, target, new SourceLocation(path, root.Line, root.Column));
    }

    private static KustomizationFile Kustomize(string path, YamlMapping root)
    {
        var folder = RepoPaths.Folder(path);
        var resources = new List<string>();
        if (root.Get("resources") is YamlSequence list)
        {
            foreach (var item in list.Items)
            {
                if (item is YamlScalar { Value: var entry } && !entry.Contains("://", StringComparison.Ordinal) && RepoPaths.Combine(folder, entry) is { } resolved)
                {
                    resources.Add(resolved);
                }
            }
        }

        var ns = root.GetString("namespace");
        return new KustomizationFile(folder, string.IsNullOrEmpty(ns) ? null : ns, resources, new SourceLocation(path, root.Line, root.Column));
    }

    private static ParsedFile TooLarge(string path, long length, SpecLoaderOptions options) => new()
    {
        Diagnostics =
        [
            Diagnostic.Error(SourceLocation.OfFile(path), "file-size",
                $"file is {length} bytes, over the {options.MaxFileBytes}-byte limit; it was not read",
                "split it, or list it in .sourceignore if it holds no backup spec"),
        ],
    };

    private static ParsedFile Failed(string path, YamlReadError error) => new()
    {
        Diagnostics = [Diagnostic.Error(new SourceLocation(path, error.Line, error.Column), error.Code, error.Message, error.Hint)],
    };
}
