using GitOpsBackup.Specs;

namespace GitOpsBackup.Source;

/// <summary>What a walk found under one folder: the files it hands out, and the entries it passed over (symlinks, submodules).</summary>
internal sealed record WalkedFolder(List<RepoFile> Files, List<SkippedEntry> Skipped);
