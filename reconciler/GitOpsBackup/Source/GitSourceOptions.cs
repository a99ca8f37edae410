namespace GitOpsBackup.Source;

/// <summary>What to follow and how. The URL must not carry credentials: they come from <see cref="Auth"/>.</summary>
public sealed record GitSourceOptions
{
    /// <summary>git://, http(s)://, ssh:// (or scp-like user@host:path), file:// or a local path.</summary>
    public required string Url { get; init; }

    public GitRef Ref { get; init; } = GitRef.Branch("main");

    /// <summary>Repo-relative folder to load specs from; null or empty = the whole repo.</summary>
    public string? SubPath { get; init; }

    /// <summary>Folder holding one cached clone per URL; reused across restarts.</summary>
    public required string CacheRoot { get; init; }

    public GitAuth Auth { get; init; } = GitAuth.None;

    /// <summary>
    /// When set, a head commit is handed out only with a good SSH signature by a key in this file (git's
    /// allowed_signers format, checked with ssh-keygen -Y verify); null = signatures are not checked.
    /// </summary>
    public string? AllowedSignersFile { get; init; }

    /// <summary>Budget for one network operation (ls-remote, fetch).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Fetch only the tip (depth 1) for branch and tag refs.</summary>
    public bool Shallow { get; init; } = true;

    /// <summary>First back-off after a failure; doubles per consecutive failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);
}
