namespace GitOpsBackup.Specs;

/// <summary>A place in the config repo: a repo-relative file path and a 1-based line and column.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <summary>A location for a whole file, when no line applies (unreadable, too large).</summary>
    public static SourceLocation OfFile(string file) => new(file, 1, 1);

    public override string ToString() => $"{File}:{Line}:{Column}";
}
