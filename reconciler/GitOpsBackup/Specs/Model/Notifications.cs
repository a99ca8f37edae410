namespace GitOpsBackup.Specs.Model;

/// <summary>
/// Who hears about backups (spec.notifications). Every URL and token is a Secret reference: the
/// values are read by the pod (healthchecks) or by the reconciler (night, ntfy, webhook), never
/// rendered. An app's block replaces BackupDefaults' block of the same name as a whole.
/// </summary>
public sealed record Notifications
{
    /// <summary>Dead-man pings sent by each backup pod (Secret in the app's namespace).</summary>
    public HealthchecksPing? Healthchecks { get; init; }

    /// <summary>The night's dead-man ping, sent by the reconciler after the clone (Secret in its namespace); repo-wide only.</summary>
    public SecretKeyRef? NightUrl { get; init; }

    /// <summary>An ntfy topic, told on a change of state only.</summary>
    public NtfyTopic? Ntfy { get; init; }

    /// <summary>The Secret key holding a generic JSON webhook's URL, called on a change of state only.</summary>
    public SecretKeyRef? WebhookUrl { get; init; }

    /// <summary>This app's blocks where set, else <paramref name="fallback"/>'s.</summary>
    public Notifications Over(Notifications fallback) => new()
    {
        Healthchecks = Healthchecks ?? fallback.Healthchecks,
        NightUrl = fallback.NightUrl,
        Ntfy = Ntfy ?? fallback.Ntfy,
        WebhookUrl = WebhookUrl ?? fallback.WebhookUrl,
    };
}

/// <summary>
/// healthchecks.io pings. <paramref name="Slugs"/>: the Secret holds the project's ping-key URL and
/// each app pings &lt;url&gt;/&lt;namespace&gt;-&lt;app&gt;?create=1; otherwise it is one check's URL, pinged as is.
/// </summary>
public sealed record HealthchecksPing(SecretKeyRef Url, bool Slugs);

/// <summary>An ntfy topic URL (server and topic) and an optional access token, both from Secrets.</summary>
public sealed record NtfyTopic(SecretKeyRef Url, SecretKeyRef? Token);
