namespace GitOpsBackup.Specs;

/// <summary>
/// An entry a tree lists but never reads, repo-relative, and what it is ("a symlink to '../x'", "a git
/// submodule"), so the loader can name it in a warning instead of skipping it without a word.
/// </summary>
public sealed record SkippedEntry(string Path, string What);
