namespace GitOpsBackup.Cluster;

/// <summary>How apply runs.</summary>
internal sealed record ApplyOptions
{
    public static ApplyOptions Default { get; } = new();

    /// <summary>Apps applied at once. Each app is dry-run then applied in order; apps are independent.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>How long a delete-and-recreate waits for the old object to be gone.</summary>
    public TimeSpan RecreateTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan RecreatePollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
