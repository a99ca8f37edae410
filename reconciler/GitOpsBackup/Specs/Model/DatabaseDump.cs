namespace GitOpsBackup.Specs.Model;

/// <summary>One database dump of an app (spec.dumps[]), streamed into restic as one file tagged dump=&lt;name&gt;.</summary>
public sealed record DatabaseDump
{
    /// <summary>DNS-1123 label, unique in the spec: the tag dump=&lt;name&gt; and the file name in the snapshot.</summary>
    public required string Name { get; init; }

    public required DumpEngine Engine { get; init; }

    /// <summary>postgres, mariadb: the server's host name.</summary>
    public string? Host { get; init; }

    /// <summary>postgres, mariadb: the server's port; null = the engine's usual port.</summary>
    public int? Port { get; init; }

    /// <summary>postgres, mariadb: the database to dump.</summary>
    public string? Database { get; init; }

    /// <summary>postgres, mariadb: the user to connect as.</summary>
    public string? User { get; init; }

    /// <summary>The password's Secret key in the app's namespace (env only, never argv).</summary>
    public SecretKeyRef? Password { get; init; }

    /// <summary>sqlite: the PVC holding the database file.</summary>
    public string? Volume { get; init; }

    /// <summary>sqlite: the database file relative to the volume's root.</summary>
    public string? Path { get; init; }

    /// <summary>command: the shell command whose stdout is the dump.</summary>
    public string? Command { get; init; }

    /// <summary>The longest the dump may take, as the timeout command reads it (90s, 30m, 2h).</summary>
    public required string Timeout { get; init; }

    public SourceLocation? Location { get; init; }

    /// <summary>The file name inside the dump's snapshot: what <c>restic dump</c> reads back.</summary>
    public string FileName => Name + Engine switch
    {
        DumpEngine.Postgres or DumpEngine.Mariadb => ".sql",
        DumpEngine.Sqlite => ".sqlite3",
        _ => ".dump",
    };
}

/// <summary>How a dump is taken.</summary>
public enum DumpEngine
{
    /// <summary>pg_dump, plain SQL.</summary>
    Postgres,

    /// <summary>mariadb-dump --single-transaction.</summary>
    Mariadb,

    /// <summary>sqlite3 .backup (the online backup API) of a file on a PVC.</summary>
    Sqlite,

    /// <summary>sh -c &lt;command&gt; in the backup-tools image; stdout is the dump.</summary>
    Command,
}
