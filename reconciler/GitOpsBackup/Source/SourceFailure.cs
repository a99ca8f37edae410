namespace GitOpsBackup.Source;

/// <summary>Why a poll failed. Each keeps the last good revision; all but <see cref="Signature"/> are retried after a back-off.</summary>
public enum SourceFailure
{
    /// <summary>The remote could not be reached (refused, no route, DNS, closed mid-transfer).</summary>
    Unreachable,

    /// <summary>The remote refused the credentials, or none were given where they are needed.</summary>
    AuthenticationFailed,

    /// <summary>The SSH host key is unknown or does not match the known_hosts file.</summary>
    HostKeyRejected,

    /// <summary>The TLS certificate is not trusted by the system or the given CA bundle.</summary>
    CertificateRejected,

    /// <summary>The branch, tag, semver range or commit does not exist (or no longer exists) on the remote.</summary>
    RefNotFound,

    /// <summary>The sub-path to load specs from is not a folder in the fetched revision.</summary>
    PathNotFound,

    /// <summary>The cache or the received pack was corrupt and a fresh clone failed as well.</summary>
    Corrupt,

    /// <summary>The operation took longer than the configured timeout.</summary>
    Timeout,

    /// <summary>
    /// With signature verification on: the head commit is unsigned, signed in a format other than SSH, by a key not
    /// in allowed_signers, or its signature does not verify. No back-off: each poll asks whether the ref moved.
    /// </summary>
    Signature,

    /// <summary>Anything else libgit2 reported.</summary>
    Other,
}
