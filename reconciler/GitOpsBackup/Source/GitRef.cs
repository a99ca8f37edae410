namespace GitOpsBackup.Source;

/// <summary>What to follow in the remote: a branch, a tag, the highest tag in a semver range, or one commit.</summary>
public sealed record GitRef(GitRefKind Kind, string Value)
{
    public static GitRef Branch(string name) => new(GitRefKind.Branch, name);

    public static GitRef Tag(string name) => new(GitRefKind.Tag, name);

    public static GitRef Semver(string range) => new(GitRefKind.Semver, range);

    public static GitRef Commit(string sha) => new(GitRefKind.Commit, sha);

    /// <summary>
    /// Parses the CLI form: <c>main</c> or <c>branch:main</c> or <c>refs/heads/main</c>;
    /// <c>tag:v1.2.0</c> or <c>refs/tags/v1.2.0</c>; <c>semver:&gt;=1.0.0 &lt;2.0.0</c>;
    /// <c>commit:SHA</c> or a bare 40-hex SHA. Null or empty means the branch <c>main</c>.
    /// </summary>
    public static GitRef Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Branch("main");
        }

        var t = text.Trim();
        if (t.StartsWith("branch:", StringComparison.Ordinal))
        {
            return Branch(t["branch:".Length..]);
        }

        if (t.StartsWith("refs/heads/", StringComparison.Ordinal))
        {
            return Branch(t["refs/heads/".Length..]);
        }

        if (t.StartsWith("tag:", StringComparison.Ordinal))
        {
            return Tag(t["tag:".Length..]);
        }

        if (t.StartsWith("refs/tags/", StringComparison.Ordinal))
        {
            return Tag(t["refs/tags/".Length..]);
        }

        if (t.StartsWith("semver:", StringComparison.Ordinal))
        {
            return Semver(t["semver:".Length..].Trim());
        }

        if (t.StartsWith("commit:", StringComparison.Ordinal))
        {
            return Commit(t["commit:".Length..].ToLowerInvariant());
        }

        return t.Length == 40 && t.All(Uri.IsHexDigit) ? Commit(t.ToLowerInvariant()) : Branch(t);
    }

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Value}";
}

/// <summary>The kinds of <see cref="GitRef"/>.</summary>
public enum GitRefKind
{
    Branch,
    Tag,
    Semver,
    Commit,
}
