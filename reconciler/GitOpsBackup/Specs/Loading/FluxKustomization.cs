namespace GitOpsBackup.Specs.Loading;

/// <summary>A Flux Kustomization (kustomize.toolkit.fluxcd.io) found in the repo: which folder it builds, which namespace it forces.</summary>
/// <param name="Path">spec.path, repo-relative without "./" or a trailing '/'; "" is the repo root.</param>
/// <param name="TargetNamespace">spec.targetNamespace, null when unset or a ${substitution} we cannot resolve.</param>
internal sealed record FluxKustomization(string Name, string Path, string? TargetNamespace, SourceLocation Location);
