namespace GitOpsBackup.Restoring;

/// <summary>One restic snapshot of an app's repository, as <c>restic snapshots --json</c> lists it, with its restore size when known.</summary>
internal sealed record ResticSnapshot(string Id, string ShortId, DateTimeOffset Time, string Host, IReadOnlyList<string> Tags, IReadOnlyList<string> Paths)
{
    /// <summary>Bytes a restore writes (restic stats, or the snapshot's summary from restic 0.17 on); null when not known.</summary>
    public long? Bytes { get; init; }

    public long? Files { get; init; }

    /// <summary>The volume tag the backup script sets (volume=&lt;claim&gt;).</summary>
    public string? Volume => Tag("volume");

    public string? App => Tag("app");

    /// <summary>The dump tag the backup script sets on a database dump (dump=&lt;name&gt;).</summary>
    public string? Dump => Tag("dump");

    private string? Tag(string name) =>
        Tags.FirstOrDefault(t => t.StartsWith(name + "=", StringComparison.Ordinal)) is { } tag ? tag[(name.Length + 1)..] : null;
}
