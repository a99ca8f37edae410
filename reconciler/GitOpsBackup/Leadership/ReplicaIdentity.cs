using System.Security.Cryptography;

namespace GitOpsBackup.Leadership;

/// <summary>Who this replica is, in the Lease and in every request's User-Agent.</summary>
internal static class ReplicaIdentity
{
    /// <summary>The pod name (HOSTNAME) and a random suffix, as client-go does: a restarted pod is a new candidate.</summary>
    public static string Default(string? hostname) =>
        $"{(string.IsNullOrWhiteSpace(hostname) ? Environment.MachineName : hostname.Trim())}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>
    /// <c>gitops-backup/VERSION (IDENTITY)</c>: the audit log (and the embedded cluster's request log)
    /// tell the replicas apart by it. The identity is a pod name, not a secret.
    /// </summary>
    public static string UserAgent(string identity, string version) =>
        $"gitops-backup/{Token(version)} ({Token(identity)})";

    // Only characters every HTTP parser takes in a User-Agent product or comment.
    private static string Token(string text) =>
        string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+' ? c : '-'));
}
