namespace GitOpsBackup.Service;

/// <summary>Who sends a webhook: each signs its deliveries its own way.</summary>
internal enum Forge
{
    /// <summary><c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>, event in <c>X-GitHub-Event</c>.</summary>
    GitHub,

    /// <summary>Gitea and Forgejo: <c>X-Gitea-Signature</c> / <c>X-Forgejo-Signature</c> hex HMAC-SHA256, event in <c>X-Gitea-Event</c> / <c>X-Forgejo-Event</c>.</summary>
    Gitea,

    /// <summary><c>X-Gitlab-Token</c> equal to the secret (GitLab does not sign the body), event in <c>X-Gitlab-Event</c>.</summary>
    GitLab,
}
